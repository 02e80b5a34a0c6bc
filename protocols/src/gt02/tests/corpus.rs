//! Replays the device corpus's nine GT02 decoder samples, in order, through
//! one codec.
//!
//! Every sample is accepted and checked; none is refused or skipped. The
//! corpus has no frame-splitting samples for GT02.
//!
//! - #0, #1: command answers (`APEXOK!`, `APEXError: Parameter 1
//!   (ON/OFF)`) → their text, unanswered.
//! - #2–#5, #7: heartbeats → one location-less record each, with the
//!   header's power and GSM levels named (5 → 83 %, 6 → 100 %; GSM 4 →
//!   100 %, 3 → 75 %), answered `54 68 1A 0D 0A`. Their contents differ
//!   in length (2 to 13 bytes) and are kept raw.
//! - #6: a location with the corpus's exact fix (2001-01-01 01:01:01,
//!   valid, -22.5461, -22.5461: both hemisphere flags clear).
//! - #8: a location at 2014-09-06 10:29:27, valid, south and east
//!   (-6.3308494, 106.9662133), course 283°. Its GSM byte is `A4`, not
//!   zero as location messages have it: kept raw, named nowhere.

use serde_json::Value as Json;

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::super::encode::HEARTBEAT_REPLY;
use super::{NOW_MS, codec, samples, unhex};

#[test]
fn decoder_samples_replay_in_order() {
    let list = samples();
    let mut stream = codec();
    let mut failures = Vec::new();
    let mut accepted = 0;
    for sample in &list {
        let index = sample["seq"]["index"].as_u64().expect("index");
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let drained = crate::test_support::drain(&mut stream, &payload);
        let outcome = if !drained.skipped.is_empty() || drained.closed.is_some() {
            Err(format!(
                "refused: {:?} {:?}",
                drained.skipped, drained.closed
            ))
        } else if !drained.rest.is_empty() {
            Err(format!("{} bytes left over", drained.rest.len()))
        } else {
            match drained.messages.as_slice() {
                [message] => check(index, sample, message),
                other => Err(format!("{} messages", other.len())),
            }
        };
        match outcome {
            Ok(()) => accepted += 1,
            Err(why) => failures.push(format!("#{index}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(accepted, 9, "every sample accepted and checked");
}

/// What sample `index` must decode to.
fn check(index: u64, sample: &Json, message: &Message) -> Result<(), String> {
    let device = message.device().map(|d| d.as_str().to_owned());
    match (index, message) {
        (0 | 1, Message::CommandResponse { text, ack, .. }) => {
            let want = if index == 0 {
                "APEXOK!"
            } else {
                "APEXError: Parameter 1 (ON/OFF)"
            };
            expect(text == want, format!("text {text:?}"))?;
            expect(ack.is_none(), "an answer is not answered")?;
            expect(
                device.as_deref() == Some("358899058952584"),
                format!("{device:?}"),
            )
        }
        (2..=5 | 7, Message::Records { records, ack, .. }) => {
            let [record] = &records[..] else {
                return Err(format!("{} records", records.len()));
            };
            let (battery, gsm, imei) = match index {
                2..=4 => (83.0, 100.0, "358899058314017"),
                5 => (100.0, 75.0, "358899050003725"),
                _ => (100.0, 75.0, "358899051012766"),
            };
            expect(
                ack.as_deref() == Some(&HEARTBEAT_REPLY[..]),
                format!("ack {ack:?}"),
            )?;
            expect(device.as_deref() == Some(imei), format!("{device:?}"))?;
            expect(
                record.source == FixSource::None && !record.valid,
                "a location-less record",
            )?;
            expect(record.fix_time_ms == NOW_MS, "dated on arrival")?;
            expect(
                named(record, Sensor::BatteryLevel) == Some(battery),
                format!("battery {:?}", named(record, Sensor::BatteryLevel)),
            )?;
            expect(
                named(record, Sensor::GsmSignal) == Some(gsm),
                format!("gsm {:?}", named(record, Sensor::GsmSignal)),
            )?;
            let payload = unhex(sample["payload"].as_str().expect("payload"));
            let content = payload[16..payload.len() - 2].to_vec();
            let kept = raw(record, "heartbeat_data");
            expect(
                kept == Some(&IoValue::Bytes(content)),
                format!("heartbeat content kept raw: {kept:?}"),
            )
        }
        (6 | 8, Message::Records { records, ack, .. }) => {
            let [record] = &records[..] else {
                return Err(format!("{} records", records.len()));
            };
            expect(ack.is_none(), "a location is not answered")?;
            crate::test_support::plausibility(record)?;
            crate::test_support::assert_expected_fix(
                &format!("#{index}"),
                &sample["expected"],
                record,
            );
            expect(
                record.source == FixSource::Gnss && record.valid,
                "a valid GNSS fix",
            )?;
            expect(record.values.is_empty(), "no levels in a location")?;
            if index == 6 {
                return expect(
                    device.as_deref() == Some("123456789012345"),
                    format!("{device:?}"),
                );
            }
            // 2014-09-06 10:29:27 UTC.
            expect(record.fix_time_ms == 1_409_999_367_000, "time")?;
            expect(
                (record.latitude + 11_395_529.0 / 1_800_000.0).abs() < 1e-9
                    && (record.longitude - 192_539_184.0 / 1_800_000.0).abs() < 1e-9,
                format!("position {}, {}", record.latitude, record.longitude),
            )?;
            expect(
                record.course_deg == 283.0 && record.speed_kmh == 0.0,
                "course and speed",
            )?;
            expect(
                raw(record, "gsm_level")
                    == Some(&IoValue::Uint {
                        value: 0xA4,
                        width: 1,
                    }),
                "the GSM byte kept raw",
            )?;
            expect(
                device.as_deref() == Some("358899051012766"),
                format!("{device:?}"),
            )
        }
        (_, other) => Err(format!("unexpected {other:?}")),
    }
}

fn expect(ok: bool, what: impl Into<String>) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what.into()) }
}

fn named(record: &Record, sensor: Sensor) -> Option<f64> {
    record.values.iter().find_map(|v| match v {
        NamedValue {
            sensor: s,
            value: Value::Number(n),
        } if *s == sensor => Some(*n),
        _ => None,
    })
}

fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a IoValue> {
    record
        .io
        .iter()
        .find(|e| e.key == IoKey::Name(name.to_owned()))
        .map(|e| &e.value)
}
