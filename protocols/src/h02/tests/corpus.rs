//! Replays the device corpus's H02 samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec, as one connection would deliver them; each is handed over as
//! if the connection then closed (`decode_eof`). Text samples are fed as
//! their exact bytes: all end with `#` (one adds CR LF, which the framer
//! skips), so nothing is appended.
//!
//! The eight `V4` command confirmations (#63–#70) are command answers
//! here, not the positions the corpus expects: their answer is what the
//! gateway waits for, and a frame gives one message. They are checked
//! as answers naming the command sent at 13:03:05.
//!
//! H02 carries no checksum and no corpus sample fails an integrity check.
//! Three binary samples (42, 46 and 48 bytes: vendor variants of the `$`
//! form) cannot be cut from a stream, which has no length field; they are
//! refused over TCP on purpose and decoded over UDP instead.
//!
//! Of the 89 decoder samples, 86 are accepted and checked and those 3
//! refused; none is skipped. The 10 frame samples are all cut as expected.

use std::collections::BTreeMap;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::DeviceCodec;
use crate::codec::{DatagramCodec, DecodeError};
use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

use super::super::H02Datagram;
use super::super::framing::{Frame, Framer};
use super::{assert_plausible, codec, fixed_clock, only_record, unhex};

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("h02")
}

/// The exact bytes of a sample.
pub(super) fn payload(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    match sample["kind"].as_str() {
        Some("binary") => unhex(text),
        // ISO-8859-1: one byte per character.
        _ => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect(),
    }
}

fn is_frame_sample(sample: &Json) -> bool {
    sample["assert"] == "frame"
}

/// Binary samples whose length is neither 32 nor 45 bytes.
fn odd_length(sample: &Json) -> bool {
    sample["kind"] == "binary" && !matches!(payload(sample).len(), 32 | 45)
}

#[derive(Debug, Default)]
struct Tally {
    accepted: usize,
    rejected: usize,
    skipped: usize,
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in samples().into_iter().filter(|s| !is_frame_sample(s)) {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let mut tally = Tally::default();
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut decoder = codec();
        for sample in &list {
            let name = format!("{method}#{}", sample["seq"]["index"]);
            let mut buf = BytesMut::from(&payload(sample)[..]);
            let result = decoder.decode_eof(&mut buf);
            if odd_length(sample) {
                match result {
                    Err(DecodeError::Malformed(_) | DecodeError::Truncated(_)) => {
                        tally.rejected += 1
                    }
                    other => panic!("{name}: expected a refusal, got {other:?}"),
                }
                continue;
            }
            let message = result
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .unwrap_or_else(|| panic!("{name}: no message"));
            assert!(
                matches!(decoder.decode_eof(&mut buf), Ok(None)) && buf.is_empty(),
                "{name}: bytes left"
            );
            if is_confirmation(sample) {
                check_confirmation(&name, sample, &message);
            } else {
                check(&name, sample, &message);
            }
            tally.accepted += 1;
        }
    }
    // 89 decoder samples: 86 accepted, 3 odd-length binary ones refused.
    assert_eq!(
        (tally.accepted, tally.rejected, tally.skipped),
        (86, 3, 0),
        "{tally:?}"
    );
}

/// The odd-length binary samples decode when the datagram is the frame.
#[test]
fn odd_length_samples_decode_over_udp() {
    let udp = H02Datagram::with_clock(fixed_clock);
    let odd: Vec<Json> = samples()
        .into_iter()
        .filter(|s| !is_frame_sample(s) && odd_length(s))
        .collect();
    assert_eq!(odd.len(), 3);
    for sample in &odd {
        let messages = udp.decode_datagram(&payload(sample)).expect("decodes");
        let [message] = &messages[..] else {
            panic!("one message per datagram: {messages:?}");
        };
        assert_plausible(only_record(message));
    }
}

fn is_confirmation(sample: &Json) -> bool {
    sample["payload"]
        .as_str()
        .is_some_and(|p| p.contains(",V4,"))
}

/// A `V4` sample: an answer naming its command (`V4,<CMD>,…`) and the
/// serial its time field 130305 stands for (13 h 3 min 5 s).
fn check_confirmation(name: &str, sample: &Json, message: &Message) {
    let payload = sample["payload"].as_str().expect("payload");
    let command = payload.split(',').nth(3).expect("command field");
    match message {
        Message::CommandResponse {
            text,
            answers: Some(46_985),
            ..
        } if text.split(',').next() == Some(command) => {}
        other => panic!("{name}: expected the answer to {command}, got {other:?}"),
    }
}

fn check(name: &str, sample: &Json, message: &Message) {
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(
            matches!(message, Message::Heartbeat { .. }),
            "{name}: expected no records, got {message:?}"
        ),
        "not_null" => {}
        "position" => {
            let record = only_record(message);
            assert_eq!(record.source, FixSource::Gnss, "{name}");
            assert_plausible(record);
            if let Some(time) = expected["time"].as_str() {
                assert_eq!(
                    record.fix_time_ms,
                    crate::test_support::corpus_time(time),
                    "{name}: time"
                );
                assert_eq!(Some(record.valid), expected["valid"].as_bool(), "{name}");
                let (lat, lon) = (expected["lat"].as_f64(), expected["lon"].as_f64());
                assert!(
                    (record.latitude - lat.expect("lat")).abs() < 1e-5,
                    "{name}: {record:?}"
                );
                assert!(
                    (record.longitude - lon.expect("lon")).abs() < 1e-5,
                    "{name}: {record:?}"
                );
            }
        }
        "attributes" => {
            let record = only_record(message);
            assert!(!record.io.is_empty(), "{name}: no attributes");
        }
        "attribute" => check_attribute(name, &expected["attribute"], message),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn check_attribute(name: &str, attribute: &Json, message: &Message) {
    match attribute["key"].as_str().expect("key") {
        "batteryLevel" => {
            let record = only_record(message);
            let level = record
                .values
                .iter()
                .find(|v| v.sensor == Sensor::BatteryLevel);
            let want = attribute["value"].as_f64().expect("number");
            assert_eq!(
                level.map(|v| &v.value),
                Some(&Value::Number(want)),
                "{name}"
            );
        }
        "status" => {
            let record = only_record(message);
            assert_eq!(status(record), attribute["value"].as_u64(), "{name}");
        }
        "result" => match message {
            Message::CommandResponse { text, .. } => {
                assert_eq!(Some(text.as_str()), attribute["value"].as_str(), "{name}")
            }
            other => panic!("{name}: expected a command response, got {other:?}"),
        },
        other => panic!("{name}: no check written for attribute {other}"),
    }
}

fn status(record: &Record) -> Option<u64> {
    record
        .io
        .iter()
        .find(|e| e.key == IoKey::Name("status".into()))
        .and_then(|e| match e.value {
            IoValue::Uint { value, width: 4 } => Some(value),
            _ => None,
        })
}

#[test]
fn frame_samples_cut_the_expected_frame() {
    let mut seen = 0;
    for sample in samples().into_iter().filter(is_frame_sample) {
        let expected = unhex(sample["expected"]["frame"].as_str().expect("frame"));
        let mut buf = BytesMut::from(&payload(&sample)[..]);
        let frame = Framer::default().cut(&mut buf, 4096).expect("valid stream");
        let bytes = match frame.expect("a whole frame") {
            Frame::Text(b) | Frame::Binary(b) => b,
        };
        assert_eq!(bytes.to_vec(), expected, "{}", sample["seq"]);
        seen += 1;
    }
    assert_eq!(seen, 10);
}
