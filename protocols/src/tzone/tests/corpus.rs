//! Replays the device corpus's 18 TZone samples, in order, through one
//! codec, each as the device sends it.
//!
//! Every sample is accepted (all 18 CRCs hold) and answered
//! `@ACK,<index>#@UTC time:…`:
//! - #1, #7–#11, #13: vehicle units (hardware `01xx`) with a GPS position.
//!   #13 has the corpus's exact fix (2015-06-24 07:08:56, valid,
//!   22.53946, 114.0631). #1, #8 and #9 are hardware `0153`, whose
//!   coordinates count 1/6 000 000 of a degree. #1 carries a card swiped
//!   (`card`, the text the corpus expects).
//! - #12: a vehicle unit whose GPS block is all zeros: a location-less
//!   record dated by the device's clock (2015-08-11 10:50:40). The corpus
//!   expects a position at 0, 0 dated 1999-11-30, which is what the zero
//!   date rolls over to, not a fix: that expectation is not followed.
//! - #14–#16: vehicle units without a GPS block, and #0, #2–#6, #17:
//!   personal units (hardware `04xx`), whose GPS block's layout is not
//!   settled: location-less records dated by the device's clock, blocks
//!   kept raw. #0 and #17 (the same packet) give the battery at 1.00 V,
//!   as the corpus expects.

use crate::message::Message;
use crate::record::{FixSource, IoValue, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::{NOW_TEXT, codec, packet, samples};

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 18);
    let mut stream = codec();
    for (index, sample) in list.iter().enumerate() {
        let bytes = packet(index);
        let drained = drain(&mut stream, &bytes);
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [
            Message::Records {
                device,
                records,
                ack,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("#{index}: {:?}", drained.messages);
        };
        let imei = crate::hex::encode(&bytes[12..20]);
        assert_eq!(
            device.as_ref().map(|d| d.as_str()),
            Some(&imei[1..]),
            "#{index}"
        );
        let sequence = u16::from_be_bytes([bytes[bytes.len() - 6], bytes[bytes.len() - 5]]);
        let answer = format!("@ACK,{sequence}#@UTC time:{NOW_TEXT}");
        assert_eq!(ack.as_deref(), Some(answer.as_bytes()), "#{index}");
        let record = &records[0];
        crate::test_support::assert_plausible(record);
        let positioned = matches!(index, 1 | 7..=11 | 13);
        assert_eq!(record.source == FixSource::Gnss, positioned, "#{index}");
        if positioned {
            assert!(record.valid, "#{index}");
            crate::test_support::assert_expected_fix(
                &format!("#{index}"),
                &sample["expected"],
                record,
            );
        }
        // #8 (hardware 0153) falls on Kuala Lumpur, #10 (its west flag
        // set) on El Salvador.
        let near = |lat: f64, lon: f64| {
            (record.latitude - lat).abs() < 1e-4 && (record.longitude - lon).abs() < 1e-4
        };
        match index {
            8 => assert!(near(3.10125, 101.63971), "#8: {record:?}"),
            10 => assert!(near(13.7256, -89.71879), "#10: {record:?}"),
            _ => {}
        }
        check_attribute(index, record, sample);
    }
}

fn check_attribute(index: usize, record: &Record, sample: &serde_json::Value) {
    let attribute = &sample["expected"]["attribute"];
    match attribute["key"].as_str() {
        Some("battery") => {
            let volts = record
                .values
                .iter()
                .find_map(|v| match (&v.sensor, &v.value) {
                    (Sensor::Input(name), Value::Number(n)) if name == "battery_voltage" => {
                        Some(*n)
                    }
                    _ => None,
                });
            assert_eq!(volts, attribute["value"].as_f64(), "#{index}");
        }
        Some("card") => {
            let card = record.io.iter().find_map(|e| match &e.value {
                IoValue::Text(text) if e.key == crate::record::IoKey::Name("card".into()) => {
                    Some(text.as_str())
                }
                _ => None,
            });
            assert_eq!(card, attribute["value"].as_str(), "#{index}");
        }
        _ => assert!(!record.io.is_empty(), "#{index}"),
    }
}
