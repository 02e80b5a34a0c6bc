//! Packet edge cases, and which errors skip a packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::TopinCodec;
use super::super::framing;
use super::{NOW_MS, codec, login, packet};

#[test]
fn packets_arriving_byte_by_byte_are_cut_at_their_end() {
    // #6 and #10: lengths that describe them.
    let bytes = [login(), packet(6), packet(10)].concat();
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &bytes {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 3);
    assert!(buf.is_empty());
}

#[test]
fn packets_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = (1..16).flat_map(packet).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 15);
}

#[test]
fn a_wrong_length_waits_for_the_end_of_the_read() {
    // The login's length (0D) points past its end: it is cut at its 0D 0A
    // once the read ends there, not before.
    let bytes = login();
    let mut c = codec();
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    assert!(c.decode(&mut buf).expect("ok").is_none());
    buf.extend_from_slice(&bytes[bytes.len() - 1..]);
    assert!(c.decode(&mut buf).expect("ok").is_some());
    assert!(buf.is_empty());
}

#[test]
fn packets_that_do_not_read_are_skipped_and_the_stream_goes_on() {
    let stream = [
        b"garbage".to_vec(),
        login(),
        framing::packet(0x55, &[1, 2]).to_vec(),
        framing::packet(0x10, &[0x0a, 0x0d, 0x17, 0x0f, 0x32, 0x17]).to_vec(),
        framing::packet(0x18, &[0xff; 6]).to_vec(),
        framing::packet(0x01, &[0xab; 8]).to_vec(),
        vec![0x78, 0x78, 0x00, 0x0d, 0x0a],
        packet(10),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "unsupported",
            "malformed",
            "malformed",
            "malformed",
            "malformed"
        ]
    );
    assert_eq!(drained.messages.len(), 2);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn a_packet_without_an_end_within_the_limit_closes_the_stream() {
    let mut c = TopinCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&[0x78, 0x78, 0x10, 0x10][..]);
    buf.extend_from_slice(&[0x11; 40]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let bytes = packet(10);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
