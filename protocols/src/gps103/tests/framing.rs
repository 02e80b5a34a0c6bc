//! Framer edge cases: every end byte, partial messages, oversize messages,
//! malformed messages, a stream ending mid-message.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::Gps103Codec;
use super::super::framing::cut;
use super::{codec, decode_one, fixed_clock};

const REPORT: &[u8] =
    b"imei:359710045559474,tracker,151030080103,,F,000101.000,A,5443.3834,N,02512.9071,E,0.00,0;";

#[test]
fn every_end_byte_cuts_the_same() {
    let mut buf =
        BytesMut::from(&b"##,imei:1,A;\r\n123;imei:1,L,*imei:2,L,\r\nimei:3,L,\nrest"[..]);
    let mut frames = Vec::new();
    while let Some(frame) = cut(&mut buf, 4096).expect("valid") {
        frames.push(String::from_utf8(frame.to_vec()).expect("text"));
    }
    assert_eq!(
        frames,
        ["##,imei:1,A", "123", "imei:1,L,", "imei:2,L,", "imei:3,L,"]
    );
    assert_eq!(&buf[..], b"rest");
}

#[test]
fn every_split_point_waits_then_decodes() {
    for split in 1..REPORT.len() {
        let mut codec = codec();
        let mut buf = BytesMut::from(&REPORT[..split]);
        assert!(
            codec.decode(&mut buf).expect("partial").is_none(),
            "{split}"
        );
        buf.extend_from_slice(&REPORT[split..]);
        assert!(
            matches!(codec.decode(&mut buf), Ok(Some(Message::Records { .. }))),
            "{split}"
        );
        assert!(buf.is_empty());
    }
}

#[test]
fn an_endless_message_is_oversize() {
    let mut codec = Gps103Codec::with_clock(Limits { max_frame_len: 64 }, fixed_clock);
    let mut buf = BytesMut::from(&[b'1'; 80][..]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn bad_messages_are_malformed() {
    for bad in [
        &b"hello;"[..],
        b"##,A;",
        b"x12imei:1,tracker,151030080103,,F,000101.000,A,5443.3834,N,02512.9071,E,0.00,0;",
        b"imei:1 2,tracker,151030080103,,F,000101.000,A,5443.3834,N,02512.9071,E,0.00,0;",
        b"imei:1,tracker,151030080103,,F,000101.000,A,5443.38x4,N,02512.9071,E,0.00,0;",
        b"imei:1,tracker,151030080103,,F,000101.000,A,9143.3834,N,02512.9071,E,0.00,0;",
        b"imei:1,tracker,151030080103,,F,000101.000,A,5443.3834,N,02512.9071,E,-1,0;",
        b"imei:1,tracker,151030080103,,F,000101.000,A,5443.3834,N,02512.9071,E,0.00,361;",
        b"imei:1,tracker,151030080103,,F,000101.000,A,,N,02512.9071,E,0.00,0;",
    ] {
        match decode_one(bad).map_err(crate::test_support::skipped_cause) {
            Err(DecodeError::Malformed(_)) => {}
            other => panic!("{}: {other:?}", String::from_utf8_lossy(bad)),
        }
    }
}

#[test]
fn eof_mid_message_is_truncated() {
    let mut decoder = codec();
    let mut buf = BytesMut::from(&REPORT[..20]);
    assert!(matches!(
        decoder.decode_eof(&mut buf),
        Err(DecodeError::Truncated(20))
    ));
}
