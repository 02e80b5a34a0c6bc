//! Replays the device corpus's Suntech samples.
//!
//! Decoder samples of one test method are replayed in `seq.index` order on
//! one codec, built with the options the sample's `decoder_setup` names.
//! Text samples are fed with the `\r` that ends them on the wire; binary
//! samples holding a text sentence likewise, zip reports as they are.
//! Frame samples go through the framer alone.
//!
//! Every decoder and frame sample is accepted except the one upstream
//! marks disabled: `testDecodeCrash`, a `CRR` crash report whose raw
//! accelerometer dump holds `\r` bytes, so it cannot be cut from a stream
//! by its terminator, and whose layout is undocumented; it is refused as
//! unsupported. That is 80 decoder samples accepted and 1 refused, and the
//! 5 frame samples cut as expected.
//!
//! - The `testDecodeTemperature` samples are decoded with `include_adc`
//!   on, the `testDecodeRpm` sample with `include_rpm` (see [`options`]).
//! - Attribute values the corpus names differently are mapped in the
//!   checks below (`temp2` of `testDecodeTemperature` #1 is the first
//!   temperature slot: the corpus counts from the field before the slots).
//! - `testDecode` #14, a `UEX` `GTSL` driver login, plainly lost its data's
//!   trailing `\r\n`, so neither its length nor its checksum match, while
//!   the report is otherwise sound: one reason `UEX` checksums are not
//!   verified.

use serde_json::Value as Json;

use crate::codec::DecodeError;
use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::assert_plausible;

use super::super::SuntechOptions;
use super::super::framing::{Frame, cut};
use super::{codec, decode_one, raw, records};

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("suntech")
}

/// The exact bytes of a sample, as stored.
pub(super) fn stored(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    match sample["kind"].as_str() {
        Some("binary") => crate::test_support::unhex(text),
        _ => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect(),
    }
}

/// The bytes as they travel: sentences end with `\r`.
pub(super) fn wire(sample: &Json) -> Vec<u8> {
    let mut bytes = stored(sample);
    if !matches!(bytes.first(), Some(0x02 | 0x80..=0x8F)) && bytes.last() != Some(&b'\r') {
        bytes.push(b'\r');
    }
    bytes
}

/// The options a sample's `decoder_setup` names: `include_adc` for the
/// `testDecodeTemperature` samples, `include_rpm` for `testDecodeRpm`.
pub(super) fn options(sample: &Json) -> SuntechOptions {
    let setup = sample["decoder_setup"].as_str().unwrap_or_default();
    SuntechOptions {
        include_adc: setup.contains("setIncludeAdc(true)"),
        include_rpm: setup.contains("setIncludeRpm(true)"),
    }
}

fn decoder_samples() -> Vec<Json> {
    let mut samples: Vec<Json> = samples()
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    samples.sort_by_key(|s| {
        (
            s["seq"]["method"].as_str().unwrap_or_default().to_owned(),
            s["seq"]["index"].as_u64().expect("index"),
        )
    });
    samples
}

#[derive(Debug, Default, PartialEq)]
struct Tally {
    accepted: usize,
    refused: usize,
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut tally = Tally::default();
    let mut method = String::new();
    let mut codec = codec(SuntechOptions::default());
    for sample in decoder_samples() {
        let name = format!("{} #{}", sample["seq"]["method"], sample["seq"]["index"]);
        if sample["seq"]["method"] != method.as_str() || options(&sample) != codec.options {
            method = sample["seq"]["method"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            codec = super::codec(options(&sample));
        }
        match decode_one(&mut codec, &wire(&sample)) {
            Ok(message) => {
                assert!(
                    sample["disabled"] != true,
                    "{name}: a disabled sample decoded"
                );
                check(&name, &sample, &message);
                tally.accepted += 1;
            }
            Err(e) => {
                assert!(sample["disabled"] == true, "{name}: {e}");
                assert!(
                    matches!(
                        crate::test_support::skipped_cause(e),
                        DecodeError::Unsupported(_)
                    ),
                    "{name}"
                );
                tally.refused += 1;
            }
        }
    }
    assert_eq!(
        tally,
        Tally {
            accepted: 80,
            refused: 1
        }
    );
}

#[test]
fn frame_samples_cut_the_expected_frame() {
    let mut checked = 0;
    for sample in samples().iter().filter(|s| s["assert"] == "frame") {
        let mut buf = bytes::BytesMut::from(&stored(sample)[..]);
        let frame = cut(&mut buf, 4096)
            .expect("valid stream")
            .expect("a whole frame");
        let bytes = match frame {
            Frame::Text(b) | Frame::Zip(b) | Frame::Universal(b) => b,
        };
        let want = sample["expected"]["frame"].as_str().expect("frame");
        assert_eq!(crate::hex::encode(&bytes), want, "{}", sample["seq"]);
        assert!(buf.is_empty(), "{}: bytes left", sample["seq"]);
        checked += 1;
    }
    assert_eq!(checked, 5);
}

fn check(name: &str, sample: &Json, message: &Message) {
    let expected = &sample["expected"];
    let records = records(message);
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(records.is_empty(), "{name}: {message:?}"),
        "position" => {
            let [record] = records else {
                panic!("{name}: one record expected: {message:?}")
            };
            assert_eq!(record.source, FixSource::Gnss, "{name}");
            assert_plausible(record);
            crate::test_support::assert_expected_fix(name, expected, record);
        }
        "attributes" => {
            let [record] = records else {
                panic!("{name}: one record expected: {message:?}")
            };
            assert!(!record.io.is_empty(), "{name}");
        }
        "attribute" => check_attribute(name, &expected["attribute"], message),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn named(record: &Record, sensor: &Sensor) -> Option<Value> {
    record
        .values
        .iter()
        .find(|v| &v.sensor == sensor)
        .map(|v| v.value.clone())
}

fn number(record: &Record, name: &'static str) -> Option<f64> {
    match named(record, &Sensor::Input(name.into())) {
        Some(Value::Number(n)) => Some(n),
        _ => None,
    }
}

fn check_attribute(name: &str, attribute: &Json, message: &Message) {
    let value = &attribute["value"];
    let key = attribute["key"].as_str().expect("key");
    if key == "result" {
        let Message::CommandResponse { text, .. } = message else {
            panic!("{name}: a command answer expected: {message:?}")
        };
        assert_eq!(Some(text.as_str()), value.as_str(), "{name}");
        return;
    }
    let [record] = records(message) else {
        panic!("{name}: one record expected: {message:?}")
    };
    let close = |got: Option<f64>, want: f64| {
        assert!(
            got.is_some_and(|g| (g - want).abs() < 1e-6),
            "{name}: {got:?} != {want}: {record:?}"
        )
    };
    let text = || value.as_str().expect("text").to_owned();
    let hardware_key = named(record, &Sensor::State("hardware_key".into()));
    match key {
        "driverUniqueId" if value.is_null() => {
            assert_eq!(raw(record, "driver_id"), None, "{name}");
            assert_eq!(hardware_key, None, "{name}");
        }
        // An all-zero id (no key presented) is kept raw only.
        "driverUniqueId" if text().bytes().all(|b| b == b'0') => {
            assert_eq!(raw(record, "driver_id"), Some(text()), "{name}");
            assert_eq!(hardware_key, None, "{name}");
        }
        "driverUniqueId" => assert_eq!(hardware_key, Some(Value::Text(text())), "{name}"),
        "alarm" => assert_eq!(
            named(record, &Sensor::Alarm),
            Some(Value::Text(text())),
            "{name}"
        ),
        // The first field after the report map's bit 20.
        "assign1" => assert_eq!(raw(record, "extra_1"), Some(text()), "{name}"),
        "serial" => assert_eq!(raw(record, "serial"), Some(text()), "{name}"),
        "index" => close(
            raw(record, "msg_num").and_then(|n| n.parse().ok()),
            value.as_f64().expect("number"),
        ),
        "input" => close(
            raw(record, "in_state").and_then(|s| u32::from_str_radix(&s, 2).ok().map(f64::from)),
            value.as_f64().expect("number"),
        ),
        "ignition" => assert_eq!(
            named(record, &Sensor::Ignition),
            Some(Value::Bool(value.as_bool().expect("bool"))),
            "{name}"
        ),
        "fuel" => close(
            number(record, "fuel_level"),
            value.as_f64().expect("number"),
        ),
        "fuel1" => close(
            raw(record, "cab_2").and_then(|v| v.parse().ok()),
            value.as_f64().expect("number"),
        ),
        // The corpus counts temperature slots from the field before them.
        "temp2" => close(
            number(record, "ext_temp_sensor_1"),
            value.as_f64().expect("number"),
        ),
        "adc1" => close(number(record, "analog_1"), value.as_f64().expect("number")),
        "rpm" => close(number(record, "obd_rpm"), value.as_f64().expect("number")),
        // Milliseconds in the corpus, hours here.
        "hours" => close(
            number(record, "engine_hours").map(|h| (h * 3_600_000.0).round()),
            value.as_f64().expect("number"),
        ),
        other => panic!("{name}: no check written for attribute {other}"),
    }
}
