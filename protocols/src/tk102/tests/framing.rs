//! Frame edge cases, and which errors skip a frame or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::{Tk102Codec, framing};
use super::{codec, frame};

#[test]
fn frames_byte_by_byte_or_run_together_are_cut_exactly() {
    let stream: Vec<u8> = [0, 1, 2, 3, 8].into_iter().flat_map(frame).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 5);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 5);
    assert!(buf.is_empty());
}

#[test]
fn frames_before_the_login_and_unreadable_data_are_skipped() {
    let bad_report = framing::frame(
        0x90,
        b"0000000001",
        b"(ONE025857X2232.0729N11356.0030E000.021091101)",
    )
    .expect("short");
    let bad_sequence = [&b"[\x900000a00001"[..], &frame(2)[12..]].concat();
    let stream = [
        frame(2),
        frame(0),
        bad_report.to_vec(),
        bad_sequence,
        frame(5),
        frame(3),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["before_login", "malformed", "malformed", "unsupported"]
    );
    assert_eq!(drained.messages.len(), 2, "the login and #3");
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn garbage_or_a_misplaced_end_closes_the_stream() {
    let drained = drain(&mut codec(), b"GET / HTTP/1.1\r\n");
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
    // A length one short puts the end inside the data.
    let mut short = frame(0);
    short[12] -= 1;
    let drained = drain(&mut codec(), &short);
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn an_oversize_frame_is_refused_from_its_header() {
    let mut c = Tk102Codec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&frame(2)[..13]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 68, max: 32 })
    ));
}

#[test]
fn a_stream_ending_mid_frame_is_truncated() {
    let bytes = frame(0);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
