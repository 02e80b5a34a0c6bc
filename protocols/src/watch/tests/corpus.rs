//! Replays the device corpus's 3G watch decoder samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec. No sample is refused or skipped: all 50 decoder samples are
//! accepted. 15 of them (and one of the 7 frame samples) declare a length
//! that differs from their content, some by a few bytes, one (a voice
//! part) by kilobytes; they are accepted on purpose, since the codec does
//! not enforce the length field. The corpus expects no record from the
//! parts of a voice message sent in parts (`JXTK`): each is a heartbeat
//! without reply.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::Value;

use super::{NOW_MS, codec, decode_one, samples, wire};

/// The device id of a sample: the second `*` field.
fn device_id(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.split('*').nth(1).expect("id").to_owned()
}

fn only_record(name: &str, message: &Message) -> Record {
    match message {
        Message::Records { records, .. } if records.len() == 1 => records[0].clone(),
        other => panic!("{name}: expected one record, got {other:?}"),
    }
}

fn named(record: &Record, name: &str) -> Option<Value> {
    record
        .values
        .iter()
        .find(|v| v.sensor.name() == name)
        .map(|v| v.value.clone())
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in samples().into_iter().filter(|s| s["assert"] != "frame") {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let mut accepted = 0;
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut codec = codec();
        for sample in &list {
            let name = format!("{method}#{}", sample["seq"]["index"]);
            let bytes = wire(sample);
            let message = decode_one(&mut codec, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                message.device().map(|d| d.as_str().to_owned()),
                Some(device_id(&bytes)),
                "{name}"
            );
            check(&name, sample, &message);
            accepted += 1;
        }
    }
    assert_eq!(accepted, 50);
}

fn check(name: &str, sample: &Json, message: &Message) {
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert") {
        "null" => assert!(
            matches!(message, Message::Heartbeat { .. }),
            "{name}: {message:?}"
        ),
        "attributes" => {
            let record = only_record(name, message);
            assert!(!record.values.is_empty(), "{name}: no named values");
            assert_eq!(record.source, FixSource::None, "{name}");
            assert_eq!(record.fix_time_ms, NOW_MS, "{name}");
        }
        "attribute" => attribute(name, &expected["attribute"], &only_record(name, message)),
        "position" => {
            let record = only_record(name, message);
            crate::test_support::assert_plausible(&record);
            crate::test_support::assert_expected_fix(name, expected, &record);
        }
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn attribute(name: &str, attribute: &Json, record: &Record) {
    let value = &attribute["value"];
    match attribute["key"].as_str().expect("key") {
        "alarm" => assert_eq!(
            named(record, "alarm"),
            Some(Value::Text(value.as_str().expect("text").to_owned())),
            "{name}"
        ),
        "bloodOxygen" => assert_eq!(
            named(record, "blood_oxygen"),
            value.as_f64().map(Value::Number),
            "{name}"
        ),
        "temp1" => assert_eq!(
            named(record, "body_temperature"),
            value.as_f64().map(Value::Number),
            "{name}"
        ),
        // The corpus names the file its source stored; the audio itself is kept.
        "audio" => {
            let audio = record
                .io
                .iter()
                .find(|e| e.key == IoKey::Name("audio".into()));
            assert_eq!(
                audio.map(|e| &e.value),
                Some(&IoValue::Bytes(b"#!AMR}[],*\xff".to_vec())),
                "{name}"
            );
        }
        other => panic!("{name}: no check written for attribute {other}"),
    }
}

/// Coordinates whose sign and hemisphere letter disagree, and the network
/// part, of particular samples.
#[test]
fn signs_hemispheres_and_named_values() {
    let all = samples();
    let decode = |i: u64| {
        let s = all
            .iter()
            .find(|s| {
                s["assert"] != "frame"
                    && s["seq"]["method"] == "testDecode"
                    && s["seq"]["index"] == i
            })
            .expect("sample");
        only_record(
            "sample",
            &decode_one(&mut codec(), &wire(s)).expect("decodes"),
        )
    };
    // `09.951861,N,-84.1422119,W`: west, not east.
    assert!((decode(27).longitude + 84.142_211_9).abs() < 1e-9);
    // `52.745450,N,0.369512,` : an empty letter keeps the sign.
    assert!((decode(26).longitude - 0.369_512).abs() < 1e-9);
    let ud = decode(38);
    assert_eq!(ud.satellites, Some(7));
    assert_eq!(named(&ud, "battery_level"), Some(Value::Number(90.0)));
    assert_eq!(named(&ud, "gsm_signal"), Some(Value::Number(60.0)));
    assert_eq!(named(&ud, "steps"), Some(Value::Number(1000.0)));
    assert!((ud.altitude_m - 100.0).abs() < 1e-9);
    // A fall (bit 21) on sample 21.
    assert_eq!(
        named(&decode(21), "alarm"),
        Some(Value::Text("fall_down".into()))
    );
    // `LK,0,10,100`: steps, rolls, battery.
    assert_eq!(
        named(&decode(37), "battery_level"),
        Some(Value::Number(100.0))
    );
    // `bphrt,120,79,73,,,,`.
    let bp = decode(19);
    assert_eq!(
        named(&bp, "blood_pressure_high"),
        Some(Value::Number(120.0))
    );
    assert_eq!(named(&bp, "heart_rate"), Some(Value::Number(73.0)));
    assert!(matches!(decode(2).source, FixSource::None));
    assert!(
        decode(12)
            .io
            .iter()
            .any(|e| e.key == IoKey::Name("network".into()))
    );
}
