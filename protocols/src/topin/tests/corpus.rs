//! Replays the device corpus's 16 Topin samples, in order, through one
//! codec. Topin has no checksum; several samples' length byte does not
//! describe them (#1, #2, #3, #7, #12, #14), and they are cut at their
//! `0D 0A`.
//!
//! Accepted (15):
//! - #1: the `01` login, IMEI 359339075416963, answered `78 78 0D 01 01
//!   0D 0A` and the time.
//! - #7, #10, #13: `10` GPS fixes (2018-11-05 03:13:36 at 32.64 N
//!   110.76 E; 2010-03-23 15:50:23 at 22.55 N 113.11 E), answered with
//!   their time.
//! - #2 (`18`), #3 (`69`), #12 (`17`): Wi-Fi and cell reports, stored
//!   without a location at their time, answered with it. #3's alarm
//!   (vibration, at its source) is not in any byte we can read: its
//!   content is kept raw.
//! - #4 `94` vibration and #5 `99` SOS alarms, #8 and #9 `08` Wi-Fi
//!   reports: location-less records, unanswered.
//! - #6, #11, #14: `13` status (battery 66, 40, 81 %), echoed.
//! - #15: `30` time request, answered with the time.
//!
//! Skipped (1): #0, a keep-alive before the login (`before_login`).

use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::{corpus_time, drain};

use super::{codec, packet};

#[test]
fn samples_replay_in_order() {
    let mut stream = codec();
    for index in 0..16 {
        let drained = drain(&mut stream, &packet(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        if index == 0 {
            assert_eq!(drained.skipped_kinds(), ["before_login"]);
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        match (index, message) {
            (1, Message::Login { device, .. }) => assert_eq!(device.as_str(), "359339075416963"),
            (15, Message::Heartbeat { reply, .. }) => assert!(reply.is_some()),
            (
                _,
                Message::Records {
                    records, device, ..
                },
            ) => {
                assert!(device.is_none(), "the login named the device");
                check(index, &records[0]);
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}

fn check(index: usize, record: &Record) {
    crate::test_support::assert_plausible(record);
    let at = |text: &str| corpus_time(text);
    match index {
        7 => {
            assert_eq!(record.fix_time_ms, at("2018-11-05 03:13:36"));
            assert!((record.latitude - 58_750_752.0 / 1.8e6).abs() < 1e-9);
            assert!((record.longitude - 199_362_447.0 / 1.8e6).abs() < 1e-9);
            assert!(record.valid);
            assert_eq!(record.satellites, Some(8));
        }
        10 | 13 => {
            assert_eq!(record.fix_time_ms, at("2010-03-23 15:50:23"));
            assert!((record.latitude - 40_582_974.0 / 1.8e6).abs() < 1e-9);
            assert!((record.longitude - 203_599_205.0 / 1.8e6).abs() < 1e-9);
            assert!(record.valid);
            assert_eq!((record.speed_kmh, record.course_deg), (31.0, 96.0));
        }
        _ => {
            assert_eq!(record.source, FixSource::None, "#{index}");
            let dated = match index {
                2 => Some("2016-04-13 03:18:49"),
                3 => Some("2021-12-04 12:56:58"),
                8 => Some("2019-08-26 07:51:33"),
                9 => Some("2020-07-09 18:31:54"),
                12 => Some("2019-11-11 20:14:18"),
                _ => None,
            };
            if let Some(time) = dated {
                assert_eq!(record.fix_time_ms, at(time), "#{index}");
            }
            let named = |sensor: &Sensor| {
                record
                    .values
                    .iter()
                    .find(|v| &v.sensor == sensor)
                    .map(|v| v.value.clone())
            };
            match index {
                4 => assert_eq!(named(&Sensor::Alarm), Some(Value::Text("vibration".into()))),
                5 => assert_eq!(named(&Sensor::Alarm), Some(Value::Text("sos".into()))),
                6 => assert_eq!(named(&Sensor::BatteryLevel), Some(Value::Number(66.0))),
                11 => assert_eq!(named(&Sensor::BatteryLevel), Some(Value::Number(40.0))),
                14 => assert_eq!(named(&Sensor::BatteryLevel), Some(Value::Number(81.0))),
                _ => {}
            }
        }
    }
}
