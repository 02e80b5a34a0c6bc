//! Replays the device corpus's Meitrack samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec, each handed over as if the connection then closed
//! (`decode_eof`). Most text samples were recorded without their closing
//! CR LF; over TCP they are fed with it, as a device sends them (the length
//! field counts it). Over UDP every sample is fed exactly as recorded.
//!
//! Refused on purpose:
//!
//! - Seven samples fail their own checksum ([`BAD_CHECKSUM`]): `CCE`
//!   samples 3 and 4, `AAA` samples 13, 24, 31 and 37, the `AFF` sample 47.
//!   They look hand-edited: 24 and 37 differ from a valid twin (25, 36)
//!   only in the edited field, 31 and 47 carry edited IMEIs (14 digits;
//!   `123123123123123`). With the checksum corrected, the seven decode and
//!   pass every check.
//! - Four declare a length they do not have, one to four bytes more or
//!   fewer than they hold: 9 and 34, and the already refused 31 and 37.
//!   They are refused over TCP (`Truncated` / `Malformed`); over UDP the
//!   length field is not compared, and 9 and 34 decode.
//! - 19 is a `D00` picture packet cut short in the corpus (1,017 of 1,086
//!   declared bytes, no checksum): a stream waits for the rest, a datagram
//!   is `Malformed`.
//!
//! Sample 0, a `CCE` batch, carries four bytes in each packet beyond its
//! counted parameters; they are kept raw as `trailing`.
//!
//! Over TCP 41 decoder samples are accepted and 10 refused; as datagrams
//! 43 are accepted and 8 refused.

use std::collections::BTreeMap;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::DatagramCodec;
use crate::codec::DeviceCodec;
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

use super::super::MeitrackDatagram;
use super::super::framing;
use super::{codec, fix_checksum, records};

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("meitrack")
}

/// The exact bytes of a sample.
pub(super) fn payload(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    match sample["kind"].as_str() {
        Some("binary") => crate::test_support::unhex(text),
        _ => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect(),
    }
}

/// A sample as a device puts it on a TCP stream: with its CR LF.
fn wire(sample: &Json) -> Vec<u8> {
    let mut bytes = payload(sample);
    if sample["kind"] == "text" && !bytes.ends_with(b"\r\n") {
        bytes.extend_from_slice(b"\r\n");
    }
    bytes
}

fn index(sample: &Json) -> u64 {
    sample["seq"]["index"].as_u64().expect("index")
}

fn decoder_samples() -> Vec<Json> {
    let mut list: Vec<Json> = samples()
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(index);
    list
}

/// Samples whose own checksum is wrong, all apparently hand-edited: `CCE`
/// 3 and 4; `AAA` 13, 24 and 37 (24 and 37 differ from their valid twins
/// 25 and 36 only in the edited field) and 31 (an edited IMEI); `AFF` 47
/// (an edited IMEI).
const BAD_CHECKSUM: [u64; 7] = [3, 4, 13, 24, 31, 37, 47];

/// What TCP does with the samples it refuses.
fn tcp_refusal(index: u64) -> Option<&'static str> {
    match index {
        3 | 4 | 13 | 24 | 47 => Some("checksum"),
        // Declared longer than sent: the framer waits for bytes that never come.
        9 | 19 | 31 | 34 => Some("truncated"),
        // Declared one byte shorter: the cut frame does not end with CR LF.
        37 => Some("malformed"),
        _ => None,
    }
}

/// What UDP does with the samples it refuses.
fn udp_refusal(index: u64) -> Option<&'static str> {
    match index {
        i if BAD_CHECKSUM.contains(&i) => Some("checksum"),
        19 => Some("malformed"),
        _ => None,
    }
}

#[test]
fn decoder_samples_replay_in_order_over_tcp() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in decoder_samples() {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let (mut accepted, mut refused) = (0, 0);
    for (method, list) in methods {
        let mut decoder = codec();
        for sample in &list {
            let name = format!("{method}#{}", index(sample));
            let mut buf = BytesMut::from(&wire(sample)[..]);
            let result = decoder.decode_eof(&mut buf);
            if let Some(kind) = tcp_refusal(index(sample)) {
                match result {
                    Err(error) => assert_eq!(error.kind(), kind, "{name}: {error}"),
                    Ok(other) => panic!("{name}: expected a refusal, got {other:?}"),
                }
                refused += 1;
                continue;
            }
            let message = result
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .unwrap_or_else(|| panic!("{name}: no message"));
            assert!(buf.is_empty(), "{name}: bytes left");
            check(&name, sample, &message);
            accepted += 1;
        }
    }
    assert_eq!((accepted, refused), (41, 10));
}

#[test]
fn decoder_samples_as_datagrams() {
    let (mut accepted, mut refused) = (0, 0);
    for sample in &decoder_samples() {
        let name = format!("udp#{}", index(sample));
        let result = MeitrackDatagram.decode_datagram(&payload(sample));
        if let Some(kind) = udp_refusal(index(sample)) {
            match result {
                Err(error) => assert_eq!(error.kind(), kind, "{name}: {error}"),
                Ok(other) => panic!("{name}: expected a refusal, got {other:?}"),
            }
            refused += 1;
            continue;
        }
        let messages = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let [message] = &messages[..] else {
            panic!("{name}: one message per datagram: {messages:?}");
        };
        check(&name, sample, message);
        accepted += 1;
    }
    // 9 and 34, refused over TCP for their length field, decode here.
    assert_eq!((accepted, refused), (43, 8));
}

#[test]
fn checksum_failures_decode_once_corrected() {
    for sample in decoder_samples() {
        if !BAD_CHECKSUM.contains(&index(&sample)) {
            continue;
        }
        let name = format!("corrected#{}", index(&sample));
        let frame = fix_checksum(&payload(&sample));
        let messages = MeitrackDatagram
            .decode_datagram(&frame)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        check(&name, &sample, &messages[0]);
    }
}

fn check(name: &str, sample: &Json, message: &Message) {
    assert!(
        matches!(
            message,
            Message::Records {
                device: Some(_),
                ..
            } | Message::Heartbeat {
                device: Some(_),
                ..
            } | Message::CommandResponse {
                device: Some(_),
                ..
            }
        ),
        "{name}: every frame names its device: {message:?}"
    );
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(
            !matches!(message, Message::Records { .. }),
            "{name}: expected no records, got {message:?}"
        ),
        "not_null" => {}
        "position" | "positions" => {
            let records = records(message);
            assert!(!records.is_empty(), "{name}: no records");
            if sample["assert"] == "position" {
                assert_eq!(records.len(), 1, "{name}");
            }
            for record in records {
                crate::test_support::assert_plausible(record);
            }
            crate::test_support::assert_expected_fix(name, expected, &records[0]);
        }
        "attribute" => check_attribute(name, &expected["attribute"], message),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn check_attribute(name: &str, attribute: &Json, message: &Message) {
    let key = attribute["key"].as_str().expect("key");
    if key == "result" {
        match message {
            Message::CommandResponse { text, .. } => {
                assert_eq!(Some(text.as_str()), attribute["value"].as_str(), "{name}")
            }
            other => panic!("{name}: expected a command response, got {other:?}"),
        }
        return;
    }
    let record = &records(message)[0];
    let number = attribute["value"].as_f64();
    match key {
        "image" => {
            let picture = text_io(record, "picture").expect("picture name");
            let want = attribute["value"].as_str().expect("path");
            assert!(want.ends_with(&format!("/{picture}")), "{name}: {picture}");
        }
        "tagTemp" => assert_eq!(named(record, "ext_temp_sensor_1"), number, "{name}"),
        "tagName" => assert_eq!(
            text_io(record, "ble_tag_1").as_deref(),
            attribute["value"].as_str(),
            "{name}"
        ),
        // Engine hours: parameter 0xFEF4 in minutes; the corpus gives milliseconds.
        "hours" => assert_eq!(
            record
                .io(0xFEF4)
                .and_then(IoValue::as_u64)
                .map(|m| m * 60_000),
            attribute["value"].as_u64(),
            "{name}"
        ),
        "battery2Level" => assert_eq!(
            uint_io(record, "battery2_level"),
            attribute["value"].as_u64(),
            "{name}"
        ),
        "batteryLevel" => assert_eq!(
            value(record, &Sensor::BatteryLevel),
            number.map(Value::Number),
            "{name}"
        ),
        // Parameter 0x47: 2 = locked.
        "lock" => {
            let locked = record.io(0x47).and_then(IoValue::as_u64) == Some(2);
            assert_eq!(Some(locked), attribute["value"].as_bool(), "{name}");
        }
        "power" => assert_eq!(named(record, "board_voltage"), number, "{name}"),
        // The input byte is the I/O word's high byte.
        "input" => {
            let inputs = uint_io(record, "io").map(|io| io >> 8);
            assert_eq!(inputs, attribute["value"].as_u64(), "{name}");
            let want = inputs.expect("inputs");
            for n in 1..=8u8 {
                let on = want & (1 << (n - 1)) != 0;
                assert_eq!(
                    value(record, &Sensor::DigitalInput(n)),
                    Some(Value::Bool(on)),
                    "{name}: input {n}"
                );
            }
        }
        other => panic!("{name}: no check written for attribute {other}"),
    }
}

fn value(record: &Record, sensor: &Sensor) -> Option<Value> {
    record
        .values
        .iter()
        .find(|v| &v.sensor == sensor)
        .map(|v| v.value.clone())
}

fn named(record: &Record, name: &str) -> Option<f64> {
    record
        .values
        .iter()
        .find(|v| v.sensor.name() == name)
        .and_then(|v| match v.value {
            Value::Number(n) => Some(n),
            _ => None,
        })
}

fn text_io(record: &Record, name: &str) -> Option<String> {
    record.io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Name(n), IoValue::Text(t)) if n == name => Some(t.clone()),
        _ => None,
    })
}

fn uint_io(record: &Record, name: &str) -> Option<u64> {
    record
        .io
        .iter()
        .find(|e| e.key == IoKey::Name(name.into()))
        .and_then(|e| e.value.as_u64())
}

#[test]
fn frame_sample_cuts_the_expected_frame() {
    let frames: Vec<Json> = samples()
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    assert_eq!(frames.len(), 1);
    for sample in frames {
        let expected =
            crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("frame"));
        let mut buf = BytesMut::from(&payload(&sample)[..]);
        let frame = framing::cut(&mut buf, 4096)
            .expect("valid")
            .expect("a frame");
        assert_eq!(frame.to_vec(), expected);
        assert!(matches!(
            super::super::decode_frame(&frame),
            Ok(Message::Records { .. })
        ));
    }
}
