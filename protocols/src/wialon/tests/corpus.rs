//! Replays the device corpus's Wialon samples.
//!
//! Samples of one test method are fed in `seq.index` order to one codec,
//! as one connection would deliver them. The samples carry no `\r\n` (the
//! source decoder sits after a line framer), so it is appended to each.
//!
//! We verify 2.0 CRCs, which the source of these samples does not: the
//! first login (`#L#2.0;42001300083;;CE45`) carries a CRC that matches no
//! CRC-16 of its text (its password was likely blanked after capture),
//! while the data samples' CRCs all verify. It is rejected, and the replay
//! then sends the same login with its CRC recomputed, as the device's
//! retry after the refusal. Of the 27 samples, that login is rejected and
//! the other 26 are accepted and checked; none is skipped.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::codec::{DecodeError, Limits};
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

use super::super::{WialonCodec, encode};
use super::{assert_plausible, feed, samples};

#[derive(Debug, Default, PartialEq)]
struct Tally {
    accepted: usize,
    rejected: usize,
    skipped: usize,
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in samples() {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let mut tally = Tally::default();
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut codec = WialonCodec::new(Limits::default());
        for sample in &list {
            let name = format!("{method}#{}", sample["seq"]["index"]);
            let payload = sample["payload"].as_str().expect("payload");
            let result = feed(&mut codec, &format!("{payload}\r\n"));
            if payload == "#L#2.0;42001300083;;CE45" {
                let cause = result.map_err(crate::test_support::skipped_cause);
                assert!(
                    matches!(cause, Err(DecodeError::Checksum { .. })),
                    "{name}: {cause:?}"
                );
                tally.rejected += 1;
                let retry = encode::login_packet("42001300083", "", true);
                assert!(matches!(
                    feed(&mut codec, &retry),
                    Ok(Message::Login { .. })
                ));
                continue;
            }
            let message = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            check(&name, sample, payload, &message);
            tally.accepted += 1;
        }
    }
    // 27 samples: one login with a wrong CRC rejected, 26 accepted.
    assert_eq!(
        tally,
        Tally {
            accepted: 26,
            rejected: 1,
            skipped: 0
        }
    );
}

/// The acknowledgement a packet's type calls for.
fn expected_ack(payload: &str, count: usize) -> String {
    let kind = payload.split('#').nth(1).expect("type");
    match kind {
        "SD" => "#ASD#1\r\n".into(),
        "D" => "#AD#1\r\n".into(),
        "B" => format!("#AB#{count}\r\n"),
        other => panic!("no ack for {other}"),
    }
}

fn check(name: &str, sample: &Json, payload: &str, message: &Message) {
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert") {
        "null" => match message {
            Message::Login { accept, .. } => {
                assert_eq!(accept.as_deref(), Some(&b"#AL#1\r\n"[..]), "{name}")
            }
            Message::Heartbeat { reply, .. } => {
                assert_eq!(reply.as_deref(), Some(&b"#AP#\r\n"[..]), "{name}")
            }
            other => panic!("{name}: expected no records, got {other:?}"),
        },
        kind @ ("position" | "positions" | "attributes") => {
            let records = records(name, payload, message);
            if kind != "positions" {
                assert_eq!(records.len(), 1, "{name}");
            }
            if kind == "attributes" {
                assert!(!records[0].io.is_empty(), "{name}: no attributes");
                return;
            }
            for record in records {
                assert_plausible(name, record);
            }
            crate::test_support::assert_expected_fix(name, expected, &records[0]);
        }
        "attribute" => {
            let records = records(name, payload, message);
            assert_eq!(records.len(), 1, "{name}");
            check_attribute(name, &expected["attribute"], &records[0]);
        }
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn records<'a>(name: &str, payload: &str, message: &'a Message) -> &'a [Record] {
    match message {
        Message::Records { records, ack, .. } => {
            assert!(!records.is_empty(), "{name}: no records");
            let ack = ack.as_deref().expect("an ack");
            assert_eq!(
                ack,
                expected_ack(payload, records.len()).as_bytes(),
                "{name}"
            );
            records
        }
        other => panic!("{name}: expected records, got {other:?}"),
    }
}

fn raw<'a>(record: &'a Record, name: &str) -> &'a str {
    record
        .io
        .iter()
        .find_map(|e| match (&e.key, &e.value) {
            (IoKey::Name(n), IoValue::Text(v)) if n == name => Some(v.as_str()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no raw {name}"))
}

fn named(record: &Record, sensor: &Sensor) -> Value {
    record
        .values
        .iter()
        .find(|v| &v.sensor == sensor)
        .map(|v| v.value.clone())
        .unwrap_or_else(|| panic!("no {sensor:?}"))
}

/// Each asserted attribute, traced to the raw parameter or named value
/// that carries it.
fn check_attribute(name: &str, attribute: &Json, record: &Record) {
    let value = &attribute["value"];
    match attribute["key"].as_str().expect("key") {
        // A device-specific parameter: kept raw only.
        "di_light" => {
            let raw: f64 = raw(record, "di_light").parse().expect("number");
            assert_eq!(Some(raw), value.as_f64(), "{name}");
        }
        "motion" => assert_eq!(
            named(record, &Sensor::Motion),
            Value::Bool(value.as_bool().expect("bool")),
            "{name}"
        ),
        "deviceTemp" => assert_eq!(
            named(record, &Sensor::Input("temp_sensor".into())),
            Value::Number(value.as_f64().expect("number")),
            "{name}"
        ),
        "batteryLevel" => assert_eq!(
            named(record, &Sensor::BatteryLevel),
            Value::Number(value.as_f64().expect("number")),
            "{name}"
        ),
        // Cell towers stay raw (`mccN`, `mncN`, `lacN`, `cell_idN`); no
        // location is derived from them.
        "network" => {
            let towers = value["cellTowers"].as_array().expect("towers");
            for (i, tower) in towers.iter().enumerate() {
                for (param, key) in [
                    ("mcc", "mcc"),
                    ("mnc", "mnc"),
                    ("lac", "lac"),
                    ("cell_id", "cid"),
                ] {
                    let text = raw(record, &format!("{param}{}", i + 1));
                    let number: u64 = text.parse().expect("integer");
                    assert_eq!(Some(number), tower[key].as_u64(), "{name}: {param}");
                }
            }
            assert_eq!(record.source, crate::record::FixSource::None, "{name}");
        }
        other => panic!("{name}: no check written for attribute {other}"),
    }
}
