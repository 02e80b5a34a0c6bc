//! Framer edge cases, and the corpus's frame-splitting samples.

use crate::test_support::drain;
use bytes::BytesMut;
use serde_json::Value as Json;

use crate::message::Message;

use super::super::framing::cut;
use super::{decode_all, logged_in, unhex};

const MAX: usize = 64 * 1024;

#[test]
fn frame_samples_cut_the_expected_frame() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gt06.jsonl");
    let text = std::fs::read_to_string(path).expect("corpus copy present");
    let mut seen = 0;
    for line in text.lines() {
        let sample: Json = serde_json::from_str(line).expect("json");
        if !super::corpus::is_frame_sample(&sample) {
            continue;
        }
        let mut buf = BytesMut::from(&unhex(sample["payload"].as_str().expect("payload"))[..]);
        let mut frame = cut(&mut buf, MAX);
        if sample["seq"]["index"] == 1 {
            // A login 3 bytes shorter than its length byte says. Traccar
            // cuts it at its end marker at once; we wait until the bytes
            // the length promises are there (here: the next packet), so a
            // whole packet is never cut at an end marker inside its data.
            assert_eq!(frame, None);
            buf.extend_from_slice(&unhex(STATUS));
            frame = cut(&mut buf, MAX);
        }
        match sample["assert"].as_str() {
            Some("frame") => {
                let expected = unhex(sample["expected"]["frame"].as_str().expect("frame"));
                assert_eq!(frame.as_deref(), Some(&expected[..]), "{}", sample["seq"]);
            }
            _ => assert_eq!(frame, None),
        }
        seen += 1;
    }
    assert_eq!(seen, 9);
}

/// A status packet (0x13) of the corpus.
const STATUS: &str = "78780a13c40604000201298f5b0d0a";

#[test]
fn partial_frames_wait_and_two_frames_in_one_read_both_come_out() {
    let status = unhex(STATUS);
    let mut codec = logged_in();
    let (messages, rest) = decode_all(&mut codec, &status[..7]);
    assert!(messages.is_empty());
    assert_eq!(rest.len(), 7, "a partial packet stays buffered");
    let mut two = status.clone();
    two.extend_from_slice(&status);
    let (messages, rest) = decode_all(&mut codec, &two);
    assert_eq!(messages.len(), 2);
    assert!(rest.is_empty());
}

#[test]
fn garbage_is_skipped_and_damage_is_dropped_without_losing_the_stream() {
    let mut codec = logged_in();
    let mut stream = b"\x00\x01garbage\x0d\x0a".to_vec();
    stream.extend_from_slice(&unhex(STATUS));
    let mut damaged = unhex(STATUS);
    damaged[5] ^= 0xFF;
    stream.extend_from_slice(&damaged);
    stream.extend_from_slice(&unhex(STATUS));
    let drained = drain(&mut codec, &stream);
    assert_eq!(drained.messages.len(), 2, "{drained:?}");
    assert!(
        drained
            .messages
            .iter()
            .all(|m| matches!(m, Message::Records { .. }))
    );
    assert_eq!(drained.skipped_kinds(), ["checksum"]);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn packets_before_the_login_are_skipped() {
    let drained = drain(&mut super::codec(), &unhex(STATUS));
    assert!(drained.messages.is_empty());
    assert_eq!(drained.skipped_kinds(), ["before_login"]);
    assert!(drained.closed.is_none());
}

#[test]
fn a_marker_without_an_end_is_bounded_by_the_limit() {
    let mut buf = BytesMut::from(&[0x79, 0x79, 0xFF, 0xFF][..]);
    buf.extend_from_slice(&[0x11; 100]);
    assert_eq!(cut(&mut buf, 64), None);
    assert!(
        buf.len() < 64,
        "the marker was dropped: {} bytes left",
        buf.len()
    );
    let mut buf = BytesMut::from(&b"no marker here"[..]);
    assert_eq!(cut(&mut buf, 64), None);
    assert!(buf.is_empty());
}
