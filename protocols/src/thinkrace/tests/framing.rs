//! Packet edge cases, and which errors skip a packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::ThinkraceCodec;
use super::super::framing;
use super::{ID, codec, packet};

#[test]
fn a_packet_arriving_byte_by_byte_is_cut_at_its_end() {
    let bytes = [packet(0), packet(1)].concat();
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &bytes {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 2);
    assert!(buf.is_empty());
}

#[test]
fn packets_run_together_in_one_read_are_cut_exactly() {
    let stream = [packet(0), packet(1), packet(1)].concat();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 3);
}

#[test]
fn checked_packets_that_do_not_read_are_skipped_and_the_stream_goes_on() {
    let stream = [
        packet(1),
        packet(0),
        framing::packet(ID, 0x91, &[1, 2, 3]).to_vec(),
        framing::packet(ID, 0x80, &[0x02]).to_vec(),
        framing::packet(ID, 0x90, &[0x55, 0x70]).to_vec(),
        packet(1),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["before_login", "unsupported", "unsupported", "malformed"]
    );
    assert_eq!(drained.messages.len(), 2);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn a_bad_checksum_or_a_missing_comma_closes_the_stream() {
    let mut bad = packet(1);
    bad[20] ^= 0x01;
    let drained = drain(&mut codec(), &[packet(0), bad, packet(1)].concat());
    assert_eq!(drained.closed.map(|e| e.kind()), Some("checksum"));
    assert_eq!(drained.messages.len(), 1);
    let garbage = drain(&mut codec(), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(garbage.closed.map(|e| e.kind()), Some("malformed"));
}

#[test]
fn an_oversize_length_closes_the_stream_from_the_header() {
    let mut c = ThinkraceCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&packet(1)[..18]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 43, max: 32 })
    ));
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let bytes = packet(0);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
