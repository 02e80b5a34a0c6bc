//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::checksum::sum8;
use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::{drain, skipped_cause};

use super::super::CellocatorCodec;
use super::{codec, message};

/// `message` with its byte sum made good again.
fn resealed(mut message: Vec<u8>) -> Vec<u8> {
    let end = message.len() - 1;
    message[end] = sum8(&message[4..end]);
    message
}

#[test]
fn messages_byte_by_byte_or_run_together_are_cut_exactly() {
    let stream = [message(0), message(3), message(1)].concat();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
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
fn garbage_closes_the_stream() {
    let drained = drain(&mut codec(), b"GET / HTTP/1.1\r\n");
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
    // An unknown type: its size cannot be told.
    let mut unknown = message(0);
    unknown[4] = 5;
    let drained = drain(&mut codec(), &unknown);
    assert!(matches!(drained.closed, Some(DecodeError::Unsupported(_))));
}

#[test]
fn a_failed_byte_sum_closes_the_stream() {
    let mut bad = message(0);
    bad[50] ^= 1;
    let drained = drain(&mut codec(), &[bad, message(1)].concat());
    assert!(matches!(drained.closed, Some(DecodeError::Checksum { .. })));
    assert!(drained.messages.is_empty());
}

#[test]
fn a_checked_message_that_does_not_read_is_skipped() {
    // Month 13.
    let mut undated = message(0);
    undated[66] = 13;
    let stream = [resealed(undated), message(1)].concat();
    let mut c = codec();
    let mut buf = BytesMut::from(&stream[..]);
    let error = c.decode(&mut buf).expect_err("skipped");
    assert!(matches!(skipped_cause(error), DecodeError::Malformed(_)));
    assert!(c.decode(&mut buf).expect("ok").is_some());
    assert!(buf.is_empty());
}

#[test]
fn an_oversize_message_closes_the_stream() {
    let mut c = CellocatorCodec::new(Limits { max_frame_len: 64 });
    let mut buf = BytesMut::from(&message(0)[..20]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 70, .. })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = message(3);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
