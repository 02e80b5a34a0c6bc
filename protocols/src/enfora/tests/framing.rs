//! TCP length edge cases, and which errors skip a message or close the
//! stream.

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::skypatrol::framing::with_length;
use crate::test_support::drain;

use super::super::{EnforaCodec, EnforaDatagram};
use super::{codec, sample};

#[test]
fn messages_run_together_or_byte_by_byte_are_cut_exactly() {
    let stream: Vec<u8> = (1..5).flat_map(sample).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert_eq!((drained.messages.len(), drained.skipped.len()), (3, 1));
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        loop {
            match c.decode(&mut buf) {
                Ok(Some(_)) => got += 1,
                Ok(None) => break,
                Err(e) => assert!(e.can_resume(), "{e:?}"),
            }
        }
    }
    assert_eq!((got, buf.len()), (3, 0));
}

#[test]
fn bounded_messages_that_do_not_read_are_skipped() {
    let mut bad_sum = sample(2);
    bad_sum[110] = b'0'; // the sentence's checksum
    let stream = [
        with_length(b"\x00\x0a\x08\x00 no id").to_vec(),
        bad_sum,
        sample(2),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.skipped_kinds(), ["unsupported", "checksum"]);
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert!(EnforaDatagram.decode_datagram(b"\x00").is_err());
}

#[test]
fn a_length_that_cannot_be_right_closes_the_stream() {
    // #0 sent over TCP: its API number read as a length of 10 cuts the
    // keep-alive apart, and what follows (`11…`) claims 12 593 bytes.
    let drained = drain(&mut codec(), &[sample(0), vec![0; 4]].concat());
    assert_eq!(drained.skipped_kinds(), ["unsupported"]);
    assert!(drained.closed.is_none());
    assert_eq!(drained.rest.len(), 18, "waiting for the rest it claims");
    let closed = drain(&mut codec(), b"\x00\x05\x00\x04\x02\x00");
    assert!(matches!(closed.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn an_oversize_length_closes_the_stream_before_buffering() {
    let mut c = EnforaCodec::new(Limits { max_frame_len: 64 });
    let mut buf = BytesMut::from(&sample(2)[..4]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 113, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = sample(3);
    let mut buf = BytesMut::from(&bytes[..50]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(50))
    ));
}
