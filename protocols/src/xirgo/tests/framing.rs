//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::XirgoCodec;
use super::{NOW_MS, codec, message};

#[test]
fn messages_byte_by_byte_or_run_together_are_cut_exactly() {
    let stream = [
        message("testDecodeOld", 0),
        b"\r\n".to_vec(),
        message("testDecodeNew", 1),
        message("testDecodeCustom", 2),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty(),
        "{drained:?}"
    );
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
    let stream = [
        b"GET / HTTP/1.1##".to_vec(),
        b"$$354660046140722,6001,2013/01/22,15:36:18,north,-80.32531,7.1,19##".to_vec(),
        b"$$354660046140722,60x1##".to_vec(),
        b"$$35466004614072A,6001##".to_vec(),
        message("testDecodeOld", 0),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["malformed", "malformed", "malformed", "malformed"]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_message_closes_the_stream() {
    let mut c = XirgoCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&message("testDecodeOld", 0)[..40]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = message("testDecodeOld", 0);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
