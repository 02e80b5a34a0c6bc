//! Replays the device corpus's TK103 samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec, each handed over as if the connection then closed
//! (`decode_eof`), and each also as one datagram. Every sample is a whole
//! `(…)` sentence and is fed as its exact bytes. TK103 has no checksum.
//!
//! Every corpus sample is accepted: all 71 decoder samples, and the 8
//! frame samples cut as expected. Two samples carry dates that are not
//! calendar dates (`000007`, and `061830` in a `BO01`); they are kept with
//! the receive time as invalid fixes. The `BS50` sample's battery
//! temperatures (a vendor battery-management block) are kept raw only, so
//! its `batteryTemp2` value is not asserted: the test only finds the block
//! kept raw. The corpus expects nothing from the `BQ86` OBD samples.

use std::collections::BTreeMap;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::DatagramCodec;
use crate::codec::DeviceCodec;
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

use super::super::{Tk103Datagram, framing};
use super::{codec, fixed_clock, only_record};

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("tk103")
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

fn is_frame_sample(sample: &Json) -> bool {
    sample["assert"]
        .as_str()
        .is_some_and(|a| a.starts_with("frame"))
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in samples().into_iter().filter(|s| !is_frame_sample(s)) {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let udp = Tk103Datagram::with_clock(fixed_clock);
    let mut accepted = 0;
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut decoder = codec();
        for sample in &list {
            let name = format!("{method}#{}", sample["seq"]["index"]);
            let mut buf = BytesMut::from(&payload(sample)[..]);
            let message = decoder
                .decode_eof(&mut buf)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .unwrap_or_else(|| panic!("{name}: no message"));
            assert!(buf.is_empty(), "{name}: bytes left");
            check(&name, sample, &message);
            let datagram = udp
                .decode_datagram(&payload(sample))
                .unwrap_or_else(|e| panic!("{name} over UDP: {e}"));
            assert_eq!(datagram, vec![message], "{name}: UDP decodes the same");
            accepted += 1;
        }
    }
    assert_eq!(accepted, 71, "every decoder sample is accepted");
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
        "{name}: every sentence names its device: {message:?}"
    );
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
        "vin" => assert!(
            record
                .values
                .iter()
                .any(|v| v.sensor == Sensor::State("obd_vin".into())
                    && Some(&v.value) == value.as_str().map(|s| Value::Text(s.into())).as_ref()),
            "{name}: {record:?}"
        ),
        "alarm" => assert!(
            record.values.iter().any(|v| v.sensor == Sensor::Alarm
                && Some(&v.value) == value.as_str().map(|s| Value::Text(s.into())).as_ref()),
            "{name}: {record:?}"
        ),
        // The last three status characters, kept raw (unit undocumented).
        "fuel" => assert_eq!(
            raw(record, "fuel").and_then(IoValue::as_u64),
            value.as_u64(),
            "{name}"
        ),
        // The battery-management block is kept raw, not decoded (see this
        // file's module doc).
        "batteryTemp2" => assert!(
            matches!(raw(record, "data"), Some(IoValue::Text(t)) if t.len() > 100),
            "{name}: {record:?}"
        ),
        other => panic!("{name}: no check written for attribute {other}"),
    }
}

fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a IoValue> {
    record
        .io
        .iter()
        .find(|e| e.key == IoKey::Name(name.into()))
        .map(|e| &e.value)
}

/// Frame samples; those whose setup says the stream buffer is reused
/// continue with the previous sample's leftover bytes.
#[test]
fn frame_samples_cut_the_expected_frame() {
    let mut buf = BytesMut::new();
    let mut previous = Vec::new();
    let mut seen = 0;
    for sample in samples().into_iter().filter(is_frame_sample) {
        let reused = sample["decoder_setup"]
            .as_str()
            .is_some_and(|s| s.contains("SAME stream buffer"));
        let bytes = payload(&sample);
        if !(reused && bytes == previous) {
            buf = BytesMut::from(&bytes[..]);
        }
        previous = bytes;
        let frame = framing::cut(&mut buf, 4096).expect("valid stream");
        match sample["assert"].as_str() {
            Some("frame_null") => assert_eq!(frame, None, "{}", sample["seq"]),
            _ => {
                let expected = crate::test_support::unhex(
                    sample["expected"]["frame"].as_str().expect("frame"),
                );
                assert_eq!(
                    frame.expect("a frame").to_vec(),
                    expected,
                    "{}",
                    sample["seq"]
                );
            }
        }
        seen += 1;
    }
    assert_eq!(seen, 8);
}
