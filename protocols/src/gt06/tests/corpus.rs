//! Replays the device corpus's GT06 samples.
//!
//! All decoder samples belong to one test method, so they are replayed in
//! `seq.index` order on one codec, as one connection would deliver them
//! (the login at index 1 identifies the rest). Each sample is fed whole
//! and every message the codec cuts from it is collected.
//!
//! Outcomes are counted exactly:
//!
//! - rejected on purpose: samples failing their own CRC (`integrity.ok ==
//!   false`) are dropped, except the 0x69 / 0x17 Wi-Fi form that carries no
//!   CRC, whose structure is checked instead; one truncated login stays
//!   buffered as an incomplete packet.
//! - skipped: the samples in [`SKIPPED`], each with its reason. They still
//!   go through the codec, which must neither fail nor lose the stream.
//! - accepted: everything else, checked against its assertion.

use serde_json::Value as Json;

use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};

use super::{codec, decode_all, unhex};

/// Samples of documented types whose assertion needs a reseller's layout
/// (Traccar selects those by a configured device model), by `seq.index`.
const SKIPPED: &[(u64, &str)] = &[
    (16, "0x13 temperature in a reseller's extended status"),
    (
        24,
        "0x16 battery level in a reseller's 2-byte voltage field",
    ),
    (26, "0x22 temperature in bytes after the documented fields"),
    (
        31,
        "0x16 with a 1-byte cell block: reseller layout, does not parse",
    ),
    (34, "0x12 driving time in bytes after the documented fields"),
    (40, "0x13 power voltage in a reseller's extended status"),
    (
        41,
        "0x26 alarm code 0x0C is 'tampering' only for some resellers",
    ),
    (43, "0x16 reseller status layout (alarm at another offset)"),
    (46, "0x12 ignition in bytes after the documented fields"),
    (54, "0x12 temperature in bytes after the documented fields"),
    (55, "0x13 battery level in a reseller's extended status"),
    (65, "0x16 reseller 69-byte variant; battery level elsewhere"),
    (70, "0x34 sample truncated: no end marker"),
    (75, "0x16 'removing' from a reseller's terminal-info bits"),
    (
        128,
        "0x21 answer whose text carries a position: decoded as text only",
    ),
    (169, "0x13 power voltage for model LW4G-4B"),
    (
        170,
        "0x16 alarm 0x19 means harsh acceleration only for model LW4G-4B",
    ),
    (171, "0x13 power voltage for model SEEWORLD"),
    (172, "0x13 power voltage for model R11"),
    (
        173,
        "0x22 model NT20 layout (IMEI and two times first): does not parse",
    ),
    (
        175,
        "0x22 model XT40 layout (IMEI and two times first): does not parse",
    ),
    (178, "0x12 model QH302R layout (IMEI first): does not parse"),
    (
        185,
        "0x16 driver id in model VL103's bytes after the status block",
    ),
];

/// Protocol numbers the codec answers as bare keep-alives without reading
/// them (vendor extensions); their samples are skipped.
const UNREAD_KINDS: &[u8] = &[
    0x11, 0x17, 0x19, 0x1E, 0x1F, 0x24, 0x25, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x61,
    0x66, 0x70, 0x81, 0x84, 0x8C, 0x94, 0x95, 0x9B, 0xA2, 0xA3, 0xA4, 0xA5, 0xA7, 0xF1, 0xF2, 0xF3,
    0xFD,
];

fn samples() -> Vec<Json> {
    crate::test_support::corpus("gt06")
}

pub(super) fn is_frame_sample(sample: &Json) -> bool {
    sample["assert"] == "frame" || sample["assert"] == "frame_null"
}

fn kind_of(payload: &[u8]) -> u8 {
    let at = if payload.starts_with(&[0x79, 0x79]) {
        4
    } else {
        3
    };
    payload.get(at).copied().unwrap_or(0)
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut list: Vec<Json> = samples()
        .into_iter()
        .filter(|s| !is_frame_sample(s))
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    let mut codec = codec();
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut unread_kinds = std::collections::BTreeSet::new();
    for sample in &list {
        let index = sample["seq"]["index"].as_u64().expect("index");
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let dropped = codec.dropped();
        let (messages, rest) = decode_all(&mut codec, &payload);
        if let Some((_, reason)) = SKIPPED.iter().find(|(i, _)| *i == index) {
            assert!(!reason.is_empty());
            skipped += 1;
            continue;
        }
        let unread = !messages.is_empty()
            && messages
                .iter()
                .all(|m| matches!(m, Message::Heartbeat { reply: None, .. }));
        if unread {
            unread_kinds.insert(kind_of(&payload));
            if sample["assert"] != "null" {
                skipped += 1;
                continue;
            }
        }
        let unchecked_wifi =
            matches!(kind_of(&payload), 0x69 | 0x17) && payload.get(2) < Some(&0x10);
        if sample["integrity"]["ok"] == false && !unchecked_wifi && index != 151 {
            let refused = codec.dropped() > dropped || !rest.is_empty();
            if !refused
                || messages
                    .iter()
                    .any(|m| matches!(m, Message::Records { .. }))
            {
                failures.push(format!("#{index}: expected a rejection, got {messages:?}"));
            }
            rejected += 1;
            continue;
        }
        if codec.dropped() != dropped || !rest.is_empty() {
            failures.push(format!(
                "#{index}: dropped or left bytes ({} left)",
                rest.len()
            ));
            continue;
        }
        match check(sample, &messages) {
            Ok(()) => accepted += 1,
            Err(why) => failures.push(format!("#{index} type {:#04x}: {why}", kind_of(&payload))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(unread_kinds.into_iter().collect::<Vec<_>>(), UNREAD_KINDS);
    // 187 decoder samples: 71 accepted; 16 failing their own CRC (or cut
    // short) rejected; 100 skipped: 77 of unread vendor types, 23 in SKIPPED.
    assert_eq!((accepted, rejected, skipped), (71, 16, 100));
}

fn check(sample: &Json, messages: &[Message]) -> Result<(), String> {
    let expected = &sample["expected"];
    let records: Vec<&Record> = messages
        .iter()
        .flat_map(|m| match m {
            Message::Records { records, .. } => records.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    match sample["assert"].as_str().expect("assert kind") {
        "null" => {
            if !records.is_empty() {
                return Err(format!("expected no records, got {records:?}"));
            }
        }
        "not_null" => {
            if messages.is_empty() {
                return Err("no message".into());
            }
        }
        "position" | "positions" => {
            if records.is_empty() {
                return Err(format!("no records in {messages:?}"));
            }
            for r in &records {
                if r.source == FixSource::Gnss {
                    plausible(r)?;
                }
            }
            if let Some(lat) = expected["lat"].as_f64() {
                let r = records[0];
                let lon = expected["lon"].as_f64().expect("lon");
                if (r.latitude - lat).abs() > 1e-5 || (r.longitude - lon).abs() > 1e-5 {
                    return Err(format!("position {} {}", r.latitude, r.longitude));
                }
                if expected["valid"].as_bool() != Some(r.valid) {
                    return Err("validity".into());
                }
            }
        }
        "attributes" => {
            let text = messages
                .iter()
                .any(|m| matches!(m, Message::CommandResponse { text, .. } if !text.is_empty()));
            if !text && !records.iter().any(|r| !r.io.is_empty()) {
                return Err(format!("no attributes in {messages:?}"));
            }
        }
        "attribute" => return attribute(&expected["attribute"], messages, &records),
        other => return Err(format!("unhandled assert kind {other}")),
    }
    Ok(())
}

fn value<'a>(records: &[&'a Record], sensor: &Sensor) -> Option<&'a Value> {
    records
        .iter()
        .flat_map(|r| r.values.iter())
        .find(|v| &v.sensor == sensor)
        .map(|v| &v.value)
}

fn attribute(attr: &Json, messages: &[Message], records: &[&Record]) -> Result<(), String> {
    let key = attr["key"].as_str().expect("key");
    let want = &attr["value"];
    let found = match key {
        "alarm" => {
            let ours = match want.as_str().expect("alarm name") {
                "sos" => "sos",
                "tampering" => "tampering",
                "lowBattery" => "low_battery",
                "hardBraking" => "harsh_braking",
                "hardAcceleration" => "harsh_acceleration",
                "powerCut" => "power_cut",
                other => other,
            };
            value(records, &Sensor::Alarm) == Some(&Value::Text(ours.into()))
        }
        "ignition" => value(records, &Sensor::Ignition) == Some(&Value::Bool(want == true)),
        "batteryLevel" => {
            value(records, &Sensor::BatteryLevel) == want.as_f64().map(Value::Number).as_ref()
        }
        "event" => records.iter().any(|r| r.event.map(u64::from) == want.as_u64()),
        "iccid" | "result" => messages.iter().any(|m| {
            matches!(m, Message::CommandResponse { text, .. } if text.contains(want.as_str().unwrap_or("-")))
        }),
        "power" if want.is_null() => !records.is_empty(),
        "power" | "battery" => {
            let volts = want.as_f64().expect("volts");
            records.iter().flat_map(|r| r.values.iter()).any(|v| {
                matches!((&v.sensor, &v.value), (Sensor::Input(_), Value::Number(n)) if (n - volts).abs() < 1e-6)
            })
        }
        other => return Err(format!("no check written for attribute {other}")),
    };
    if found {
        Ok(())
    } else {
        Err(format!("{key} = {want} not found in {messages:?}"))
    }
}

/// The corpus's plausibility bounds, with Traccar's 869-knot limit in km/h.
fn plausible(r: &Record) -> Result<(), String> {
    crate::test_support::plausibility(r)
}
