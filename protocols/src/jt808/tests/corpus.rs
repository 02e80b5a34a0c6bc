//! Replays the device corpus's JT/T 808 samples.
//!
//! All decoder samples belong to one test method and are replayed in
//! `seq.index` order on one codec, escaped again as a terminal would send
//! them (the corpus stores them de-escaped).
//!
//! Outcomes, each counted exactly: of the 113 decoder samples, 101 are
//! accepted with their assertion checked and 12 rejected on purpose; none
//! is skipped and none left unchecked.
//!
//! - *accepted*: the sample's own assertion is checked and holds. Traccar
//!   attribute names are traced to our named values, decoded text, or the
//!   raw additional-information item that carries them (see `RAW`).
//! - *rejected on purpose*: a wrong XOR check code (the five samples with
//!   `integrity.ok == false`: #33, #58, #87, #108, #109), or a body length
//!   field that disagrees with the body (the seven in `BAD_LENGTH`: the
//!   JT701 e-lock's 0x5501/0x5502 messages, whose header is one byte off
//!   the standard, and a 0x0900 sample). The codec drops them.
//!   Manufacturer items and messages are checked through the named values
//!   they decode to (see `named`), read with the model layout the sample's
//!   `decoder_setup` sets (`setModelOverride`): #102 and #103 MV710G, #104
//!   AL300, #106 and #107 JC371.
//! - The ASCII `(…)` e-lock sentences are decoded on the same connection
//!   and checked like the rest.
//!
//! The 3 frame samples are all cut exactly, the ASCII sentence included.

use std::collections::BTreeMap;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec};
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

use super::super::elock::{Frame, cut};
use super::named::{carries, named};
use super::{codec, unhex, wire};

/// Samples whose body length field disagrees with the body: #32, #34, #44,
/// #66, #69 and #70 are the JT701 e-lock's 0x5501/0x5502 messages (their
/// header is one byte off the standard); #111 is a 0x0900 passthrough.
const BAD_LENGTH: &[u64] = &[32, 34, 44, 66, 69, 70, 111];

/// Attribute samples traced to the raw item carrying the value: (sample,
/// item id, hex the item must contain, with the value it encodes).
const RAW: &[(u64, u16, &str)] = &[
    (2, 0xE1, "0072"),                            // power 11.4 V = 114 × 0.1
    (3, 0xE4, "0063"),                            // battery 99 %
    (6, 0xD4, "64"),                              // battery 100 %
    (13, 0xE6, "2c35352e303030"),                 // ",55.000" rpm
    (14, 0x14, "00000004"),                       // JT/T 1078 video alarm 4
    (15, 0xE4, "0056"),                           // battery 86 %
    (16, 0xE5, "01"),                             // motion
    (20, 0x06, "3e"),                             // battery 62 %
    (26, 0xF6, "ff94"),                           // temp1 -10.8 °C
    (28, 0xE3, "0064"),                           // battery 100 %
    (35, 0x60, "39303031373338"),                 // "9001738"
    (41, 0x60, "0004"),                           // event 4
    (42, 0xE1, "2d"),                             // battery 45 %
    (43, 0xBC, "44524956494e47204c4943454e5345"), // "DRIVING LICENSE"
    (57, 0xA0, "50353338662c5530323966"),         // "P538f,U029f"
    (98, 0xF6, "0867567041100769"),               // IMEI, BCD
    (105, 0xE8, "019f"),                          // battery 4.15 V
    (110, 0xF8, "898604a6102181622843"),          // ICCID
];

fn samples() -> Vec<Json> {
    crate::test_support::corpus("jt808")
}

#[derive(Debug, Default, PartialEq)]
struct Tally {
    accepted: usize,
    rejected: usize,
}

/// The model a sample's `decoder_setup` sets, if any.
fn model(sample: &Json) -> Option<&str> {
    let setup = sample["decoder_setup"].as_str()?;
    let start = setup.find("setModelOverride(\"")? + "setModelOverride(\"".len();
    let end = setup[start..].find('"')?;
    Some(&setup[start..start + end])
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut list: Vec<Json> = samples()
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    let methods: BTreeMap<String, ()> = list
        .iter()
        .map(|s| (s["seq"]["method"].as_str().expect("method").to_owned(), ()))
        .collect();
    assert_eq!(methods.len(), 1, "one test method, one connection");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    let mut codec = codec();
    let mut tally = Tally::default();
    for sample in &list {
        let index = sample["seq"]["index"].as_u64().expect("index");
        let name = format!("testDecode#{index}");
        let hex = sample["payload"].as_str().expect("payload");
        let payload = if sample["kind"] == "binary" {
            unhex(hex)
        } else {
            hex.as_bytes().to_vec()
        };
        codec.configure(model(sample).unwrap_or(""));
        let bytes = if payload.first() == Some(&0x7E) {
            wire(&payload)
        } else {
            payload
        };
        let mut buf = BytesMut::from(&bytes[..]);
        let result = codec.decode(&mut buf);
        assert!(buf.is_empty(), "{name}: bytes left over");
        if sample["integrity"]["ok"] == false || BAD_LENGTH.contains(&index) {
            let Err(DecodeError::Skipped(skipped)) = result else {
                panic!("{name}: must be skipped, got {result:?}");
            };
            match skipped.cause {
                DecodeError::Checksum { .. } if sample["integrity"]["ok"] == false => {}
                DecodeError::Malformed(why) if BAD_LENGTH.contains(&index) => {
                    assert!(why.contains("body length"), "{name}: {why}");
                }
                other => panic!("{name}: skipped for {other:?}"),
            }
            tally.rejected += 1;
            continue;
        }
        let message = result
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name}: no message"));
        check(&name, index, sample, &message);
        tally.accepted += 1;
    }
    // 113 decoder samples: 12 rejected (5 check code, 7 length), 101
    // accepted.
    assert_eq!(
        tally,
        Tally {
            accepted: 101,
            rejected: 12,
        },
        "{tally:?}"
    );
}

fn records<'a>(name: &str, message: &'a Message) -> &'a [Record] {
    match message {
        Message::Records {
            records,
            ack,
            device,
        } => {
            assert!(!records.is_empty(), "{name}: no records");
            assert!(ack.is_some() && device.is_some(), "{name}: ack and device");
            records
        }
        other => panic!("{name}: expected records, got {other:?}"),
    }
}

fn text<'a>(name: &str, message: &'a Message) -> &'a str {
    match message {
        Message::CommandResponse { text, ack, .. } => {
            // JT/T 808 answers are acknowledged; e-lock sentences are not.
            assert_eq!(ack.is_some(), !text.starts_with('('), "{name}: ack");
            text
        }
        other => panic!("{name}: expected a text answer, got {other:?}"),
    }
}

fn check(name: &str, index: u64, sample: &Json, message: &Message) {
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(
            !matches!(message, Message::Records { .. }),
            "{name}: {message:?}"
        ),
        "not_null" => {}
        "position" | "positions" => records(name, message)
            .iter()
            .for_each(super::assert_plausible),
        "attributes" => assert!(!records(name, message)[0].values.is_empty(), "{name}"),
        "attribute" => check_attribute(name, index, &sample["expected"]["attribute"], message),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn check_attribute(name: &str, index: u64, attribute: &Json, message: &Message) {
    let key = attribute["key"].as_str().expect("key");
    let expected_text = attribute["value"].as_str();
    if let Some((_, id, fragment)) = RAW.iter().find(|(i, _, _)| *i == index) {
        let record = &records(name, message)[0];
        let raw = match record.io(*id) {
            Some(IoValue::Bytes(b)) => crate::hex::encode(b),
            Some(IoValue::Uint { value, width }) => {
                format!("{value:0w$x}", w = usize::from(*width) * 2)
            }
            other => panic!("{name}: item {id:#04x} is {other:?}"),
        };
        assert!(raw.contains(fragment), "{name}: {key} not in {raw}");
        return;
    }
    match (index, key) {
        (0 | 5, "sat") => {
            assert_eq!(records(name, message)[0].satellites, Some(14), "{name}");
        }
        (17 | 23 | 67 | 68, "result") => {
            assert_eq!(Some(text(name, message)), expected_text, "{name}")
        }
        (19, "driverUniqueId") => {
            assert_eq!(
                text(name, message).split('|').nth(4),
                expected_text,
                "{name}"
            );
        }
        (22, "fuelUsed") => {
            assert!(
                text(name, message).split(',').any(|f| f == "565.96"),
                "{name}"
            );
        }
        // A binary passthrough (shown as hex) carrying the code as ASCII.
        (39, "dtcs") => assert!(text(name, message).contains("5031343537"), "{name}"),
        (100, "iccid") => {
            let want = format!("iccid={}", expected_text.expect("text"));
            assert!(text(name, message).contains(&want), "{name}");
        }
        (7, "cardCode") => {
            let values = &records(name, message)[0].values;
            assert!(
                values
                    .iter()
                    .any(|v| v.sensor == Sensor::State("hardware_key".into())
                        && v.value == Value::Text("0029b885".into())),
                "{name}: {values:?}"
            );
        }
        // Traccar's "lowBattery" is alarm bit 7 (main power under-voltage);
        // its "removing" comes from a manufacturer item.
        (56, "alarm") => {
            let record = &records(name, message)[0];
            assert!(
                record
                    .values
                    .iter()
                    .any(|v| v.value == Value::Text("low_power".into()))
            );
            assert!(record.io(0xEB).is_some(), "{name}");
        }
        // Alarm bit 17 is reserved in the standard; this device uses it
        // for tampering. It stays in the raw alarm word.
        (62, "alarm") => {
            let record = &records(name, message)[0];
            let alarm = record
                .io
                .iter()
                .find(|e| e.key == IoKey::Name("alarm".into()));
            let bits = alarm.and_then(|e| e.value.as_u64()).expect("alarm word");
            assert_ne!(bits & (1 << 17), 0, "{name}");
        }
        _ => {
            let Some((sensor, value)) = named(key, &attribute["value"]) else {
                panic!("{name}: no check written for attribute {key}");
            };
            let found = carries(message, &sensor, &value);
            assert!(found, "{name}: {sensor:?} = {value:?} in {message:?}");
        }
    }
}

#[test]
fn frame_samples_cut_the_expected_frame() {
    let mut seen = 0;
    for sample in samples().into_iter().filter(|s| s["assert"] == "frame") {
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let expected = unhex(sample["expected"]["frame"].as_str().expect("frame"));
        let mut buf = BytesMut::from(&payload[..]);
        let frame = cut(&mut buf, 1024)
            .expect("valid stream")
            .expect("a whole frame");
        let got = match frame {
            Frame::Jt808(content) => {
                let mut flagged = vec![0x7E];
                flagged.extend_from_slice(&content);
                flagged.push(0x7E);
                flagged
            }
            // The e-lock's ASCII sentence, cut whole.
            Frame::Sentence(sentence) => sentence.to_vec(),
        };
        assert_eq!(got, expected);
        seen += 1;
    }
    assert_eq!(seen, 3);
}
