//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::{StartekCodec, framing};
use super::{NOW_MS, codec, message};

#[test]
fn messages_byte_by_byte_or_run_together_are_cut_exactly() {
    let stream: Vec<u8> = [0, 1, 2, 8].into_iter().flat_map(message).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 4);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 4);
    assert!(buf.is_empty());
}

#[test]
fn bad_checksums_and_unreadable_fields_are_skipped() {
    let mut bad_checksum = message(2);
    let at = bad_checksum.len() - 4;
    bad_checksum[at] = b'0';
    let bad_fields = framing::message('a', "860262050015424,000,0,,230918072531,A,north");
    let no_imei = framing::message('b', "86026205001542x,129,OK");
    let stream = [
        bad_checksum,
        bad_fields.to_vec(),
        no_imei.to_vec(),
        message(8),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["checksum", "malformed", "malformed"]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn garbage_or_a_wrong_length_closes_the_stream() {
    for garbage in [&b"GET / HTTP/1.1\r\n"[..], b"&&x12a,", b"&&x1234567,"] {
        let drained = drain(&mut codec(), garbage);
        assert!(
            matches!(drained.closed, Some(DecodeError::Malformed(_))),
            "{garbage:?}: {drained:?}"
        );
    }
    // One byte more in the length puts its end past the CR LF.
    let mut long = message(8);
    long[4] = b'4';
    let drained = drain(&mut codec(), &[long, message(8)].concat());
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn an_oversize_message_is_refused_from_its_header() {
    let mut c = StartekCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&message(2)[..7]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 151, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = message(8);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
