//! Replays the device corpus's two Xexun3 decoder samples on one codec.
//!
//! No corpus sample is refused or skipped, and both carry a correct CRC.
//! The first is a data message holding no item at all: a heartbeat, still
//! acknowledged. The second is one GNSS record: read with satellites, then
//! a signal value, as the two one-byte fields after the altitude, its
//! course (16.4°) and accuracy (1.7 m) come out right.

use bytes::BytesMut;

use crate::codec::{DeviceCodec, Limits};
use crate::message::Message;
use crate::record::FixSource;
use crate::sensor::{NamedValue, Sensor, Value};

use super::super::Xexun3Codec;
use super::{decoder_frames, samples};

#[test]
fn decoder_samples_replay_in_order() {
    let asserts: Vec<String> = {
        let mut list: Vec<_> = samples()
            .into_iter()
            .filter(|s| s["assert"] != "frame")
            .collect();
        list.sort_by_key(|s| s["seq"]["index"].as_u64());
        list.iter()
            .map(|s| s["assert"].as_str().expect("assert").to_owned())
            .collect()
    };
    assert_eq!(asserts, ["null", "position"]);
    let mut codec = Xexun3Codec::new(Limits::default());
    let mut buf = BytesMut::new();
    for frame in decoder_frames() {
        buf.extend_from_slice(&frame);
    }
    // Index 0: a data message with no items: no record, still acknowledged.
    let first = codec.decode(&mut buf).expect("ok").expect("message");
    assert!(
        matches!(first, Message::Heartbeat { reply: Some(_), .. }),
        "{first:?}"
    );
    assert_eq!(first.device().map(|d| d.as_str()), Some("861045080387015"));
    // Index 1: one GNSS record with a status item.
    let second = codec.decode(&mut buf).expect("ok").expect("message");
    assert!(buf.is_empty());
    assert_eq!(second.device().map(|d| d.as_str()), Some("861045080387015"));
    let Message::Records {
        records,
        ack: Some(_),
        ..
    } = &second
    else {
        panic!("{second:?}");
    };
    let [record] = &records[..] else {
        panic!("one record: {records:?}");
    };
    crate::test_support::assert_plausible(record);
    assert_eq!(record.source, FixSource::Gnss);
    assert!(record.valid);
    // 0x6913F223 = 2025-11-12 02:34:11 UTC.
    assert_eq!(record.fix_time_ms, 1_762_914_851_000);
    assert!((record.latitude - 22.574_236_833).abs() < 1e-6);
    assert!((record.longitude - 114.040_116).abs() < 1e-6);
    assert!((record.altitude_m - 63.8).abs() < 1e-4);
    assert_eq!(record.satellites, Some(26));
    assert!((record.course_deg - 16.4).abs() < 1e-9);
    assert_eq!(record.speed_kmh, 0.0);
    assert!(
        record
            .values
            .contains(&NamedValue::new(Sensor::BatteryLevel, Value::Number(85.0)))
    );
    assert!(
        record
            .values
            .contains(&NamedValue::new(Sensor::Motion, Value::Bool(false)))
    );
}
