//! Replays the device corpus's Xexun2 decoder samples.
//!
//! The samples are stored de-escaped; each is escaped again and fed to one
//! codec per test method in `seq.index` order, as the stream delivers it.
//! Every sample carries a correct checksum and is accepted: no corpus
//! sample is refused or skipped.

use bytes::BytesMut;

use crate::codec::{DeviceCodec, Limits};
use crate::message::Message;
use crate::record::{FixSource, IoKey};
use crate::sensor::{Sensor, Value};

use super::super::Xexun2Codec;
use super::{decode_one, samples, wire};

#[test]
fn decoder_samples_replay_in_order() {
    let mut list: Vec<_> = samples()
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64());
    assert!(list.iter().all(|s| s["seq"]["method"] == "testDecode"));
    let mut codec = Xexun2Codec::new(Limits::default());
    let mut buf = BytesMut::new();
    for sample in &list {
        let name = format!("#{}", sample["seq"]["index"]);
        let frame = crate::test_support::unhex(sample["payload"].as_str().expect("hex"));
        buf.extend_from_slice(&wire(&frame));
        let message = codec
            .decode(&mut buf)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name}: no message"));
        assert!(buf.is_empty(), "{name}: bytes left");
        let imei: String = crate::hex::encode(&frame[6..14])[..15].to_owned();
        assert_eq!(
            message.device().map(|d| d.as_str()),
            Some(&imei[..]),
            "{name}"
        );
        let Message::Records { records, ack, .. } = &message else {
            panic!("{name}: expected records, got {message:?}");
        };
        assert_eq!(sample["assert"], "positions", "{name}");
        assert!(!records.is_empty() && ack.is_some(), "{name}");
        let expected = &sample["expected"];
        for record in records {
            if expected["check_location"] == false {
                assert!(record.fix_time_ms > 0, "{name}");
            } else {
                crate::test_support::assert_plausible(record);
                assert_eq!(record.source, FixSource::Gnss, "{name}");
            }
        }
        crate::test_support::assert_expected_fix(&name, expected, &records[0]);
    }
}

fn sample_frame(index: u64) -> Vec<u8> {
    let all = samples();
    let sample = all
        .iter()
        .find(|s| s["assert"] != "frame" && s["seq"]["index"] == index)
        .expect("sample");
    wire(&crate::test_support::unhex(
        sample["payload"].as_str().expect("hex"),
    ))
}

#[test]
fn batches_named_values_and_location_less_records() {
    // Sample 1: three records with Wi-Fi only, no fix.
    let message = decode_one(&sample_frame(1)).expect("decodes");
    let Message::Records { records, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(records.len(), 3);
    for record in records {
        assert_eq!(record.source, FixSource::None);
        assert!(!record.valid);
        assert!(
            record
                .io
                .iter()
                .any(|e| e.key == IoKey::Name("wifi".into()))
        );
        assert!(record.values.contains(&crate::sensor::NamedValue::new(
            Sensor::BatteryLevel,
            Value::Number(96.0)
        )));
    }
    // Sample 4: two GNSS records, 100 % battery, 13 satellites.
    let message = decode_one(&sample_frame(4)).expect("decodes");
    let Message::Records { records, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].satellites, Some(13));
    assert!((records[0].latitude - 22.566_82).abs() < 1e-5);
    assert!((records[0].longitude - 114.051_20).abs() < 1e-5);
    // Sample 5: the extended-data fix.
    let message = decode_one(&sample_frame(5)).expect("decodes");
    let Message::Records { records, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(records[0].satellites, Some(9));
    assert!((records[0].altitude_m - 89.7).abs() < 0.01);
}
