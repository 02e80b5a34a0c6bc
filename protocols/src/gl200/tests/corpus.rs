//! Replays the device corpus's Queclink samples.
//!
//! Samples are replayed in `seq.index` order on one codec, as one
//! connection would deliver them. ASCII samples are fed as their exact
//! bytes with the `$` that ends a sentence on the wire appended where the
//! sample leaves it out (as most do); binary samples as they are. Each
//! sample is also decoded as one UDP datagram, exactly as stored, and must
//! give the same message.
//!
//! All 199 samples decode, and every sample that carries a CRC passes it.
//! Three attribute values the corpus asserts are kept raw, not named, by
//! the decoder, and are counted as skipped: `adBlueLevel` in a `GTCAN`
//! report, `fuel` inside the hex-encoded payload of a `GTDTT` report, and
//! `adc3` in a `GTINF` report, whose position differs between models.

use serde_json::Value as Json;

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::assert_plausible;

use super::super::Gl200Datagram;
use super::{codec, decode_one, raw, records};

pub(super) fn samples() -> Vec<Json> {
    let mut samples = crate::test_support::corpus("gl200");
    samples.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    samples
}

/// The exact bytes of a sample, as stored.
pub(super) fn stored(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    match sample["kind"].as_str() {
        Some("binary") => crate::test_support::unhex(text),
        // ISO-8859-1: one byte per character.
        _ => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect(),
    }
}

/// The bytes as they travel over TCP: sentences end with `$`.
pub(super) fn wire(sample: &Json) -> Vec<u8> {
    let mut bytes = stored(sample);
    if sample["kind"] == "text" && bytes.last() != Some(&b'$') {
        bytes.push(b'$');
    }
    bytes
}

#[derive(Debug, Default, PartialEq)]
struct Tally {
    accepted: usize,
    skipped_values: usize,
}

#[test]
fn decoder_samples_replay_in_order() {
    let samples = samples();
    assert!(samples.iter().all(|s| s["seq"]["method"] == "testDecode"));
    let mut codec = codec();
    let mut tally = Tally::default();
    for sample in &samples {
        let name = format!("sample #{}", sample["seq"]["index"]);
        let message =
            decode_one(&mut codec, &wire(sample)).unwrap_or_else(|e| panic!("{name}: {e}"));
        tally.skipped_values += usize::from(!check(&name, sample, &message));
        tally.accepted += 1;
    }
    assert_eq!(
        tally,
        Tally {
            accepted: 199,
            skipped_values: 3
        }
    );
}

#[test]
fn every_sample_decodes_as_a_datagram_too() {
    let udp = Gl200Datagram;
    let mut with_device = 0;
    for sample in samples() {
        let name = format!("sample #{}", sample["seq"]["index"]);
        let tcp = decode_one(&mut codec(), &wire(&sample)).expect("decodes over TCP");
        match udp.decode_datagram(&stored(&sample)) {
            Ok(messages) => {
                assert_eq!(messages, vec![tcp], "{name}");
                with_device += 1;
            }
            // Only HEX frames that carry a device name instead of an IMEI.
            Err(e) => assert!(sample["kind"] == "binary", "{name}: {e}"),
        }
    }
    // The three HEX frames that name no IMEI (`+RSP`, `+INF`, `+ACK` with a
    // device name) cannot be attributed without a connection.
    assert_eq!(with_device, 196);
}

/// Checks one sample's assertion; false when its value is not checked.
fn check(name: &str, sample: &Json, message: &Message) -> bool {
    let expected = &sample["expected"];
    let records = records(message);
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(
            records.is_empty(),
            "{name}: expected no records, got {message:?}"
        ),
        "not_null" => {}
        "position" | "positions" => {
            if sample["assert"] == "position" {
                assert_eq!(records.len(), 1, "{name}: {message:?}");
            }
            assert!(!records.is_empty(), "{name}: no records");
            if expected["check_location"] != false {
                for record in records {
                    assert_eq!(record.source, FixSource::Gnss, "{name}: {record:?}");
                    assert_plausible(record);
                }
            }
        }
        "attributes" => match message {
            Message::CommandResponse { text, .. } => assert!(!text.is_empty(), "{name}"),
            _ => assert!(
                records.last().is_some_and(|r| !r.io.is_empty()),
                "{name}: no attributes in {message:?}"
            ),
        },
        "attribute" => return check_attribute(name, &expected["attribute"], records),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
    true
}

fn named(record: &Record, sensor: &Sensor) -> Option<Value> {
    record
        .values
        .iter()
        .find(|v| &v.sensor == sensor)
        .map(|v| v.value.clone())
}

fn input(name: &'static str) -> Sensor {
    Sensor::Input(name.into())
}

fn check_attribute(name: &str, attribute: &Json, records: &[Record]) -> bool {
    let record = records
        .last()
        .unwrap_or_else(|| panic!("{name}: no record"));
    let value = &attribute["value"];
    let number = || value.as_f64().expect("a number");
    let close = |got: Option<f64>| {
        assert!(
            got.is_some_and(|g| (g - number()).abs() < 1e-9),
            "{name}: {got:?} != {value}: {record:?}"
        )
    };
    let as_number = |v: Option<Value>| match v {
        Some(Value::Number(n)) => Some(n),
        _ => None,
    };
    let from_milli =
        |raw: Option<String>| raw.and_then(|r| r.parse::<f64>().ok()).map(|v| v / 1000.0);
    match attribute["key"].as_str().expect("key") {
        "alarm" => {
            let want = match value.as_str().expect("text") {
                "sos" => "sos",
                "hardCornering" => "harsh_cornering",
                "hardBraking" => "harsh_braking",
                "powerOff" => "power_off",
                "powerOn" => "power_on",
                other => panic!("{name}: no alarm name for {other}"),
            };
            assert_eq!(
                named(record, &Sensor::Alarm),
                Some(Value::Text(want.into())),
                "{name}"
            );
        }
        "batteryLevel" if value.is_null() => {
            assert!(
                records
                    .iter()
                    .all(|r| named(r, &Sensor::BatteryLevel).is_none()),
                "{name}"
            );
        }
        "batteryLevel" => close(as_number(named(record, &Sensor::BatteryLevel))),
        "ignition" => assert_eq!(
            named(record, &Sensor::Ignition),
            Some(Value::Bool(value.as_bool().expect("bool"))),
            "{name}"
        ),
        "in1" => assert_eq!(
            named(record, &Sensor::DigitalInput(1)),
            Some(Value::Bool(value.as_bool().expect("bool"))),
            "{name}"
        ),
        "power" => close(as_number(named(record, &input("board_voltage")))),
        "power2" => close(from_milli(raw(record, "power2_mv"))),
        "accessoryVoltage" => close(from_milli(raw(record, "accessory_voltage_mv"))),
        "temp1" => close(as_number(named(record, &input("ext_temp_sensor_1")))),
        "fuel" if attribute["java_type"] == "int" => {
            close(raw(record, "fuel").and_then(|r| r.parse().ok()))
        }
        "warningType" => assert_eq!(
            raw(record, "warning_type"),
            Some(value.to_string()),
            "{name}"
        ),
        "data" => assert_eq!(raw(record, "data").as_deref(), value.as_str(), "{name}"),
        // Kept raw, not named: see this file's module doc.
        "fuel" | "adBlueLevel" | "adc3" => return false,
        other => panic!("{name}: no check written for attribute {other}"),
    }
    true
}
