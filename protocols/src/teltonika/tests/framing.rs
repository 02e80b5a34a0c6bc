//! Framer edge cases: partial frames, several frames per read, oversize
//! and impossible headers, and a stream ending mid-frame.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::{TeltonikaCodec, framing};
use super::{LOGIN, decode_one, logged_in, unhex};

/// A Codec 8 packet with one record, from the corpus (CRC correct).
const AVL: &str = "000000000000003508010000014f8e016420002141bbaf0f4e96a7fffa0000120000000602010047030242669c92000002c7000000009100000000000100002df3";

fn avl() -> Vec<u8> {
    // Decoded once here so every test below starts from a packet known to
    // be valid.
    let bytes = unhex(AVL);
    let mut codec = logged_in();
    match decode_one(&mut codec, &bytes) {
        Ok(Message::Records { .. }) => bytes,
        other => panic!("test packet does not decode: {other:?}"),
    }
}

#[test]
fn every_split_point_waits_then_decodes() {
    for whole in [unhex(LOGIN), avl()] {
        for split in 1..whole.len() {
            let mut codec = logged_in();
            let mut buf = BytesMut::from(&whole[..split]);
            assert!(codec.decode(&mut buf).expect("partial is fine").is_none());
            assert_eq!(buf.len(), split, "nothing consumed from a partial frame");
            buf.extend_from_slice(&whole[split..]);
            assert!(codec.decode(&mut buf).expect("whole frame").is_some());
            assert!(buf.is_empty());
        }
    }
}

#[test]
fn two_frames_in_one_read() {
    let mut codec = TeltonikaCodec::new(Limits::default());
    let mut buf = BytesMut::from(&unhex(LOGIN)[..]);
    buf.extend_from_slice(&avl());
    buf.extend_from_slice(&[0xFF]);
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Login { .. }))
    ));
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Records { .. }))
    ));
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Heartbeat { .. }))
    ));
    assert!(buf.is_empty());
    assert!(matches!(codec.decode(&mut buf), Ok(None)));
}

#[test]
fn oversize_length_is_refused_from_the_header() {
    let limits = Limits {
        max_frame_len: 1024,
    };
    // Header only: data length 1013 makes a 1025-byte frame.
    let header = [0, 0, 0, 0, 0, 0, 0x03, 0xF5];
    match framing::check(&header, &limits) {
        Err(DecodeError::Oversize { len, max }) => assert_eq!((len, max), (1025, 1024)),
        other => panic!("expected oversize, got {other:?}"),
    }
    // One byte less fits, and simply waits for its payload.
    let header = [0, 0, 0, 0, 0, 0, 0x03, 0xF4];
    assert!(matches!(framing::check(&header, &limits), Ok(None)));
    // The largest declared length cannot overflow the arithmetic.
    let header = [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];
    let mut codec = TeltonikaCodec::new(limits);
    let mut buf = BytesMut::from(&header[..]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn garbage_headers_are_malformed() {
    for bad in [
        "00000100",                           // non-zero preamble
        "0001",                               // IMEI length 1
        "4142434445",                         // ASCII text: length 0x4142
        "000f31323334353637383930313233343a", // IMEI with a non-digit
        "000000000000000108000000",           // AVL data too short to hold counts
    ] {
        let mut codec = TeltonikaCodec::new(Limits::default());
        let mut buf = BytesMut::from(&unhex(bad)[..]);
        match codec.decode(&mut buf) {
            Err(DecodeError::Malformed(_)) => {}
            other => panic!("{bad}: expected malformed, got {other:?}"),
        }
    }
}

#[test]
fn records_before_login_are_refused() {
    let mut codec = TeltonikaCodec::new(Limits::default());
    match decode_one(&mut codec, &avl()) {
        Err(DecodeError::Malformed(why)) => assert_eq!(why, "AVL data before identification"),
        other => panic!("expected malformed, got {other:?}"),
    }
}

#[test]
fn bad_crc_is_a_checksum_error() {
    let mut bytes = avl();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    match decode_one(&mut logged_in(), &bytes) {
        Err(DecodeError::Checksum { carried, computed }) => {
            assert_eq!((carried, computed), (0x2df2, 0x2df3));
        }
        other => panic!("expected checksum error, got {other:?}"),
    }
}

#[test]
fn eof_mid_frame_is_truncated() {
    let whole = avl();
    let mut decoder = logged_in();
    let mut buf = BytesMut::from(&whole[..20]);
    match decoder.decode_eof(&mut buf) {
        Err(DecodeError::Truncated(n)) => assert_eq!(n, 20),
        other => panic!("expected truncated, got {other:?}"),
    }
    // A clean end between frames is not an error.
    let mut empty = BytesMut::new();
    assert!(matches!(decoder.decode_eof(&mut empty), Ok(None)));
}
