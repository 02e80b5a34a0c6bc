//! Packet edge cases, and which errors skip a packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::GatorCodec;
use super::super::framing;
use super::{NOW_MS, codec, packet};

#[test]
fn a_packet_arriving_byte_by_byte_is_cut_at_its_end() {
    let bytes = packet(7);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &bytes {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 1);
    assert!(buf.is_empty());
}

#[test]
fn packets_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        .into_iter()
        .flat_map(packet)
        .collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 10);
}

#[test]
fn bounded_packets_that_do_not_read_are_skipped_and_the_stream_goes_on() {
    let mut bad_checksum = packet(7);
    let at = bad_checksum.len() - 2;
    bad_checksum[at] ^= 0xFF;
    let id = [0x00, 0x09, 0x63, 0x2D];
    // A valid fix (flags 80) without a date.
    let mut no_date = [0xFF; 22];
    no_date[18] = 0x80;
    let stream = [
        b"garbage".to_vec(),
        bad_checksum,
        framing::packet(0x54, id, &[1, 2, 3]).to_vec(),
        framing::packet(0x80, id, &[0x14, 0x11, 0x21]).to_vec(),
        framing::packet(0x80, id, &no_date).to_vec(),
        packet(7),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "checksum",
            "unsupported",
            "malformed",
            "malformed"
        ]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn a_packet_without_its_end_where_the_length_says_closes_the_stream() {
    let mut bytes = packet(7);
    let last = bytes.len() - 1;
    bytes[last] = 0x0A;
    let drained = drain(&mut codec(), &[bytes, packet(7)].concat());
    assert_eq!(drained.closed.map(|e| e.kind()), Some("malformed"));
    assert!(drained.messages.is_empty());
    let short = drain(&mut codec(), &[0x24, 0x24, 0x80, 0x00, 0x03, 0, 0, 0]);
    assert_eq!(short.closed.map(|e| e.kind()), Some("malformed"));
}

#[test]
fn an_oversize_length_closes_the_stream_from_the_header() {
    let mut c = GatorCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&[0x24, 0x24, 0x80, 0x00, 0x26][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 43, max: 32 })
    ));
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let bytes = packet(7);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
