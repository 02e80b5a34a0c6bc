//! Replays the device corpus's 14 Gotop samples, in order, through one
//! codec, each as the device sends it (with the `#` the corpus strips).
//!
//! Every sample is accepted and checked; none is refused or skipped.
//!
//! - #0: battery level 95 % (status `095-70`); Wi-Fi and cell fields kept
//!   raw.
//! - #1, #2: the older form without `DATE:`/`TIME:`/`LAT:` labels
//!   (2013-01-04 17:59:50, south and east).
//! - #3: an empty report (a `#` alone): nothing, as at the source.
//! - #4: `ALM-B1-1` → the alarm geofence_enter; #5: `CMD-KEY` → sos, with
//!   an invalid fix.
//! - #6, #8, #9, #11–#13: positions (the six-part status of #9, #11 and
//!   #13; the empty course of #12); #6 keeps its Wi-Fi and BLE scans raw.
//! - #7: `CMD-X` → a heartbeat, not answered.
//! - #10: the corpus's exact fix (2009-03-29 22:32:52, valid, 22.76341,
//!   114.39648).

use crate::message::Message;
use crate::record::Record;
use crate::sensor::{NamedValue, Sensor, Value};
use crate::test_support::drain;

use super::{codec, report, texts};

#[test]
fn samples_replay_in_order() {
    let samples = {
        let mut list = crate::test_support::corpus("gotop");
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        list
    };
    assert_eq!(texts().len(), 14);
    let mut stream = codec();
    for (index, sample) in samples.iter().enumerate() {
        let drained = drain(&mut stream, &report(index));
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        match (index, drained.messages.as_slice()) {
            (3, []) => {}
            (
                7,
                [
                    Message::Heartbeat {
                        reply: None,
                        device,
                    },
                ],
            ) => {
                assert_eq!(device.as_ref().map(|d| d.as_str()), Some("353327020412763"));
            }
            (
                _,
                [
                    Message::Records {
                        records,
                        ack: None,
                        device,
                    },
                ],
            ) => {
                let imei = texts()[index].split(',').next().expect("imei").to_owned();
                assert_eq!(device.as_ref().map(|d| d.0.clone()), Some(imei));
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                crate::test_support::assert_expected_fix(
                    &format!("#{index}"),
                    &sample["expected"],
                    record,
                );
                check(index, record);
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}

fn check(index: usize, record: &Record) {
    match index {
        0 => assert_eq!(
            named(record, &Sensor::BatteryLevel),
            Some(Value::Number(95.0))
        ),
        1 => {
            // 2013-01-04 17:59:50 UTC.
            assert_eq!(record.fix_time_ms, 1_357_322_390_000);
            assert!(record.latitude < 0.0 && record.longitude > 0.0);
            assert!((record.speed_kmh - 1.8).abs() < 1e-9);
        }
        4 => assert_eq!(
            named(record, &Sensor::Alarm),
            Some(Value::Text("geofence_enter".into()))
        ),
        5 => {
            assert_eq!(
                named(record, &Sensor::Alarm),
                Some(Value::Text("sos".into()))
            );
            assert!(!record.valid);
        }
        12 => assert_eq!(record.course_deg, 0.0),
        _ => {}
    }
}

fn named(record: &Record, sensor: &Sensor) -> Option<Value> {
    record
        .values
        .iter()
        .find(|v| &v.sensor == sensor)
        .map(|NamedValue { value, .. }| value.clone())
}
