//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::GoSafeCodec;
use super::{NOW_MS, codec, message};

#[test]
fn messages_byte_by_byte_or_run_together_are_cut_exactly() {
    let stream = [message(8), b"\r\n".to_vec(), message(22), message(2)].concat();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty());
    assert_eq!(drained.messages.len(), 3);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 3);
    assert!(buf.is_empty());
}

#[test]
fn bad_messages_are_skipped_and_the_stream_goes_on() {
    let mut bad_crc = message(0);
    let at = bad_crc.len() - 2;
    bad_crc[at] ^= 0x01;
    let stream = [
        b"*GX06,1#".to_vec(),
        b"*GS06,35A,RST#".to_vec(),
        b"*GS06,357330050846344,181255300523,,GPS:A;5;X31.5;E74.3#".to_vec(),
        b"*GS06,357330050846344,999999999999,,GPS:A;5;N31.5;E74.3#".to_vec(),
        bad_crc,
        vec![0xF8, 0x01, 0x1B, 0x07, 0xF8],
        message(8),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "checksum",
            "malformed"
        ]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn garbage_closes_the_stream() {
    let drained = drain(&mut codec(), b"GET / HTTP/1.1\r\n");
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn an_oversize_message_closes_the_stream() {
    let mut c = GoSafeCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&message(8)[..40]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
    let mut buf = BytesMut::from(&message(0)[..40]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    for index in [8, 0] {
        let bytes = message(index);
        let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
        let mut c = codec();
        assert!(matches!(c.decode(&mut buf), Ok(None)));
        assert!(matches!(
            c.decode_eof(&mut buf),
            Err(DecodeError::Truncated(_))
        ));
    }
}
