//! Replays the device corpus's Xexun samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec. Simple-form samples are fed as their exact bytes (the form
//! ends at the comma after the IMEI). Full-form samples are lines stored
//! without their line end, so CR LF is appended, as a device sends it.
//!
//! No sample is refused or skipped: all 33 decoder samples are accepted.
//! 9 of the 33 reports (3 simple, 6 full; most with hand-made coordinates)
//! carry an NMEA checksum that does not match and are accepted on purpose,
//! since the codec does not verify it (simple sample 5 carries `*00`).
//! Simple sample 0 has no usable time/date (`.000` and an empty date): its
//! record is stamped with the server's clock and marked not valid. Simple
//! sample 8 has an empty longitude hemisphere, taken as east.
//!
//! The two frame samples (replayed in `framing`) come from a framer that
//! keeps only `GPRMC…imei:<digits>,`; both are full-form lines here, which
//! are cut whole at their line end (the first sample has none yet and is
//! cut once one arrives). Their RMC-to-IMEI part is the expected frame.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::message::Message;
use crate::sensor::{Sensor, Value};

use super::{codec, decode_one, only_record, raw};

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("xexun")
}

/// The bytes of a sample as the device sends them.
pub(super) fn wire(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    if sample["kind"] == "binary" {
        return crate::test_support::unhex(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    if !super::super::framing::starts_with_rmc(&bytes) {
        bytes.extend_from_slice(b"\r\n");
    }
    bytes
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
            let message =
                decode_one(&mut codec, &wire(sample)).unwrap_or_else(|e| panic!("{name}: {e}"));
            check(&name, sample, &message);
            accepted += 1;
        }
    }
    assert_eq!(accepted, 33);
}

fn imei_of(sample: &Json) -> String {
    let text = sample["payload"].as_str().expect("payload");
    let at = text.find("imei:").expect("imei") + 5;
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

fn check(name: &str, sample: &Json, message: &Message) {
    assert_eq!(
        message.device().map(|d| d.as_str().to_owned()),
        Some(imei_of(sample)),
        "{name}: device"
    );
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert") {
        "null" => assert!(
            matches!(message, Message::Heartbeat { reply: None, .. }),
            "{name}: {message:?}"
        ),
        "attributes" => {
            // The one such sample: no time in its sentence, signal L.
            let record = only_record(message);
            assert_eq!(raw(record, "signal"), Some("L"), "{name}");
            assert_eq!(record.fix_time_ms, super::NOW_MS, "{name}");
            assert!(!record.valid, "{name}");
        }
        "position" => {
            let record = only_record(message);
            crate::test_support::assert_plausible(record);
            assert!(matches!(message, Message::Records { ack: None, .. }));
            crate::test_support::assert_expected_fix(name, expected, record);
        }
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

/// Field values of particular samples, beyond what the corpus asserts.
#[test]
fn fields_of_particular_samples() {
    let all = samples();
    let full = |i: u64| {
        let s = all
            .iter()
            .find(|s| s["seq"]["method"] == "testDecodeFull" && s["seq"]["index"] == i)
            .expect("sample");
        let message = decode_one(&mut codec(), &wire(s)).expect("decodes");
        only_record(&message).clone()
    };
    let acc_on = full(0);
    assert!(
        acc_on
            .values
            .iter()
            .any(|v| v.sensor == Sensor::Ignition && v.value == Value::Bool(true))
    );
    assert_eq!(acc_on.satellites, Some(10));
    assert!((acc_on.altitude_m - 41.1).abs() < 1e-9);
    assert_eq!(raw(&acc_on, "cid"), Some("B7D5"));
    let acc_off = full(3);
    assert!(
        acc_off
            .values
            .iter()
            .any(|v| v.sensor == Sensor::Ignition && v.value == Value::Bool(false))
    );
    let sos = full(7);
    assert!(
        sos.values
            .iter()
            .any(|v| v.sensor == Sensor::Alarm && v.value == Value::Text("sos".into()))
    );
    assert_eq!(raw(&sos, "phone"), Some("+436763737552"));
    let adc = full(16);
    let number = |name: &str| {
        adc.values
            .iter()
            .find(|v| v.sensor.name() == name)
            .map(|v| v.value.clone())
    };
    assert_eq!(number("battery_voltage"), Some(Value::Number(4.01)));
    assert_eq!(number("analog_1"), Some(Value::Number(0.2)));
    assert_eq!(number("odometer"), Some(Value::Number(6210.0)));
    // Simple form with the empty longitude hemisphere: taken as east.
    let simple = all
        .iter()
        .find(|s| s["seq"]["method"] == "testDecodeSimple" && s["seq"]["index"] == 8)
        .expect("sample");
    let message = decode_one(&mut codec(), &wire(simple)).expect("decodes");
    assert!(only_record(&message).longitude > 20.0);
}

/// A wrong NMEA checksum is accepted (simple sample 5 carries `*00`).
#[test]
fn wrong_nmea_checksums_are_accepted() {
    let all = samples();
    let s = all
        .iter()
        .find(|s| s["seq"]["method"] == "testDecodeSimple" && s["seq"]["index"] == 5)
        .expect("sample");
    assert!(s["payload"].as_str().expect("text").contains("*00,"));
    let message = decode_one(&mut codec(), &wire(s)).expect("accepted");
    assert!((only_record(&message).latitude - (1.0 + 2.0003 / 60.0)).abs() < 1e-6);
}
