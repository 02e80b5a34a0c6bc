//! Framer edge cases: escaping, partial frames, several frames per read,
//! damaged frames dropped without losing the stream, limits, EOF.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::{Jt808Codec, encode_message};
use super::{codec, decode_one, unhex, wire};

/// Corpus #57: a location whose content holds a raw `7E` (item 0x87).
const WITH_FLAG_INSIDE: &str = "7e0200008e01917159043700b300000000800000030158990606ca0fd7000400000000211129111705010400000000cc14383938363037423831303230393031363239363830010d8001aa81021388820200858301148401aa8502189b8601338702007e880133890114";

fn location() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/jt808.jsonl");
    let text = std::fs::read_to_string(path).expect("corpus copy present");
    let line = text
        .lines()
        .find(|l| l.contains(WITH_FLAG_INSIDE))
        .expect("sample 57");
    let sample: serde_json::Value = serde_json::from_str(line).expect("json");
    wire(&unhex(sample["payload"].as_str().expect("payload")))
}

fn heartbeat() -> Vec<u8> {
    encode_message("012345678901", None, 0x0002, 9, &[]).to_vec()
}

#[test]
fn escaped_flag_inside_a_frame_decodes() {
    let bytes = location();
    assert!(
        bytes.windows(2).any(|w| w == [0x7D, 0x02]),
        "the test frame carries an escape"
    );
    assert!(matches!(
        decode_one(&mut codec(), &bytes),
        Some(Message::Records { .. })
    ));
}

#[test]
fn every_split_point_waits_then_decodes() {
    for whole in [heartbeat(), location()] {
        for split in 1..whole.len() {
            let mut c = codec();
            let mut buf = BytesMut::from(&whole[..split]);
            assert!(c.decode(&mut buf).expect("partial is fine").is_none());
            buf.extend_from_slice(&whole[split..]);
            assert!(
                c.decode(&mut buf).expect("whole frame").is_some(),
                "split {split}"
            );
            assert!(buf.is_empty());
        }
    }
}

#[test]
fn two_frames_and_garbage_in_one_read() {
    let mut c = codec();
    let mut buf = BytesMut::from(&b"$$junk"[..]);
    buf.extend_from_slice(&heartbeat());
    buf.extend_from_slice(b"noise");
    buf.extend_from_slice(&location());
    assert!(matches!(
        c.decode(&mut buf),
        Ok(Some(Message::Heartbeat { .. }))
    ));
    assert!(matches!(
        c.decode(&mut buf),
        Ok(Some(Message::Records { .. }))
    ));
    assert!(buf.is_empty());
}

#[test]
fn damaged_frames_are_skipped_and_the_stream_goes_on() {
    let mut bad_check = heartbeat();
    let at = bad_check.len() - 2;
    bad_check[at] ^= 0x01;
    // `7D 03` is no escape; a frame too short for a header; a body length
    // field of 1 with no body.
    let bad_escape = unhex("7e00027d03007e");
    let short = unhex("7e0102037e");
    let mut bad_len = unhex("000200010123456789010009");
    bad_len.push(bad_len.iter().fold(0, |a, b| a ^ b));
    let bad_len = super::super::framing::escaping(usize::MAX)
        .escape(&bad_len)
        .to_vec();

    let stream = [&bad_check[..], &bad_escape, &short, &bad_len, &heartbeat()].concat();
    let drained = crate::test_support::drain(&mut codec(), &stream);
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Heartbeat { .. }]
    ));
    assert!(drained.rest.is_empty() && drained.closed.is_none());
    assert_eq!(
        drained.skipped_kinds(),
        ["checksum", "malformed", "malformed", "malformed"]
    );
    match &drained.skipped[0] {
        DecodeError::Skipped(skipped) => match skipped.cause {
            DecodeError::Checksum { carried, computed } => assert_eq!(carried ^ computed, 1),
            ref other => panic!("expected a checksum error, got {other:?}"),
        },
        other => panic!("expected a skipped frame, got {other:?}"),
    }
}

#[test]
fn a_frame_over_the_limit_ends_the_stream() {
    let mut c = Jt808Codec::new(Limits { max_frame_len: 64 });
    let mut buf = BytesMut::from(&[0x7E][..]);
    buf.extend_from_slice(&[0x11; 80]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn eof_mid_frame_is_truncated() {
    let whole = location();
    let mut decoder = codec();
    let mut buf = BytesMut::from(&whole[..20]);
    assert!(matches!(
        decoder.decode_eof(&mut buf),
        Err(DecodeError::Truncated(20))
    ));
    let mut empty = BytesMut::new();
    assert!(matches!(decoder.decode_eof(&mut empty), Ok(None)));
}
