//! Replays the device corpus's GPS103 samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec, each handed over as if the connection then closed
//! (`decode_eof`), and each also as one datagram. The samples were recorded
//! with their end byte stripped (a few keep a trailing `;` or `*`); over
//! TCP the others are fed with CR LF, as a device ends them. GPS103 has no
//! checksum.
//!
//! Every corpus sample is accepted: all 81 decoder samples. One deviates
//! from the corpus's expectation on purpose: `OBD` sample 35
//! ([`DEVIATION`]: every reading empty or zero, battery field empty)
//! becomes a location-less record where the corpus expects nothing; its
//! source drops it only because its pattern requires a battery voltage,
//! while sample 18, equally empty but with `0.00`, is kept there too. Two
//! samples (55, 67) omit the longitude's hemisphere: they are kept unsigned
//! and invalid. Two (76, 77) carry no UTC time: they are timed by the local
//! time and marked invalid.

use std::collections::BTreeMap;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::DatagramCodec;
use crate::codec::DeviceCodec;
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

use super::super::Gps103Datagram;
use super::super::framing::ENDS;
use super::{codec, fixed_clock, only_record};

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("gps103")
}

/// The exact bytes of a sample.
pub(super) fn payload(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect()
}

/// A sample as a device puts it on a TCP stream: ended.
fn wire(sample: &Json) -> Vec<u8> {
    let mut bytes = payload(sample);
    if !bytes.last().is_some_and(|b| ENDS.contains(b)) {
        bytes.extend_from_slice(b"\r\n");
    }
    bytes
}

/// The sample whose corpus expectation (no record) is not followed, on
/// purpose: an `OBD` report with every reading empty or zero, kept as a
/// location-less record (see this file's module doc).
const DEVIATION: u64 = 35;

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in samples() {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let udp = Gps103Datagram::with_clock(fixed_clock);
    let mut accepted = 0;
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut decoder = codec();
        for sample in &list {
            let index = sample["seq"]["index"].as_u64().expect("index");
            let name = format!("{method}#{index}");
            let mut buf = BytesMut::from(&wire(sample)[..]);
            let message = decoder
                .decode_eof(&mut buf)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .unwrap_or_else(|| panic!("{name}: no message"));
            assert!(
                matches!(decoder.decode_eof(&mut buf), Ok(None)) && buf.is_empty(),
                "{name}: bytes left"
            );
            if index == DEVIATION {
                assert!(
                    matches!(&message, Message::Records { records, .. } if !records[0].io.is_empty()),
                    "{name}: {message:?}"
                );
            } else {
                check(&name, sample, &message);
            }
            let datagram = udp
                .decode_datagram(&payload(sample))
                .unwrap_or_else(|e| panic!("{name} over UDP: {e}"));
            assert_eq!(datagram, vec![message], "{name}: UDP decodes the same");
            accepted += 1;
        }
    }
    assert_eq!(accepted, 81, "every decoder sample is accepted");
}

fn check(name: &str, sample: &Json, message: &Message) {
    let named = match message {
        Message::Login { .. } => true,
        Message::Records { device, .. }
        | Message::Heartbeat { device, .. }
        | Message::CommandResponse { device, .. } => device.is_some(),
    };
    assert!(named, "{name}: every message names its device: {message:?}");
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(
            !matches!(message, Message::Records { .. }),
            "{name}: expected no records, got {message:?}"
        ),
        "not_null" => {}
        "position" => {
            let record = only_record(message);
            crate::test_support::assert_plausible(record);
            crate::test_support::assert_expected_fix(name, expected, record);
        }
        "attributes" => assert!(!only_record(message).io.is_empty(), "{name}: no attributes"),
        "attribute" => check_attribute(name, &expected["attribute"], only_record(message)),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn check_attribute(name: &str, attribute: &Json, record: &Record) {
    let value = &attribute["value"];
    match attribute["key"].as_str().expect("key") {
        "alarm" => assert!(
            record.values.iter().any(|v| v.sensor == Sensor::Alarm
                && Some(&v.value) == value.as_str().map(|s| Value::Text(s.into())).as_ref()),
            "{name}: {record:?}"
        ),
        "course" => assert_eq!(Some(record.course_deg), value.as_f64(), "{name}"),
        "temp1" => assert!(
            record
                .values
                .iter()
                .any(|v| v.sensor == Sensor::Input("ext_temp_sensor_1".into())
                    && Some(&v.value) == value.as_f64().map(Value::Number).as_ref()),
            "{name}: {record:?}"
        ),
        // Fuel percentages are kept raw (`10.5%`).
        "fuel1" => {
            let raw = record.io.iter().find_map(|e| match (&e.key, &e.value) {
                (IoKey::Name(n), IoValue::Text(t)) if n == "fuel1" => Some(t.clone()),
                _ => None,
            });
            let percent = raw
                .as_deref()
                .and_then(|t| t.trim_end_matches('%').parse::<f64>().ok());
            assert_eq!(percent, value.as_f64(), "{name}");
        }
        other => panic!("{name}: no check written for attribute {other}"),
    }
}
