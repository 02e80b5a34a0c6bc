//! Replays the device corpus's 21 MiniFinder samples, in order, through one
//! codec, each as the device sends it (with the `;` the corpus strips).
//!
//! Every sample is accepted; none is answered (the devices expect none):
//! - #0, #2, #6, #17: `!1` logins, each naming the device the connection
//!   is from then on.
//! - #1: `!3,ok`, a command answer.
//! - #3: `!4` settings (phone numbers: `040123` first, as the corpus
//!   expects), kept raw in a location-less record.
//! - #4, #5: `!5` status, a location-less record; #4's battery level is
//!   50 %, as the corpus expects, #5 has none.
//! - #7–#11, #14–#16, #18–#20: `!D` / `!C` reports, one record each, valid
//!   as their flags' bit 0 says (all of them). #18 has the corpus's exact
//!   fix (2014-02-22 13:40:58, valid, 56.8996, 14.81154).
//! - #12, #13: `!A` reports; #12's course field holds 25101, kept raw.

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::{codec, samples, wire};

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 21);
    let mut stream = codec();
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &wire(index));
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let text = sample["payload"].as_str().expect("text");
        let fields: Vec<&str> = text.split(',').collect();
        match (index, drained.messages.as_slice()) {
            (
                0 | 2 | 6 | 17,
                [
                    Message::Login {
                        device,
                        accept,
                        reject,
                    },
                ],
            ) => {
                assert_eq!(device.as_str(), fields[1]);
                assert!(accept.is_none() && reject.is_none());
                assert_eq!(stream.device(), Some(device));
            }
            (1, [Message::CommandResponse { text, ack, .. }]) => {
                assert_eq!(text, "ok");
                assert!(ack.is_none());
            }
            (_, [Message::Records { records, ack, .. }]) => {
                assert!(ack.is_none(), "#{index}");
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                let level = record
                    .values
                    .iter()
                    .find_map(|v| match (&v.sensor, &v.value) {
                        (Sensor::BatteryLevel, Value::Number(n)) => Some(*n),
                        _ => None,
                    });
                match index {
                    3 => {
                        let settings = record
                            .io
                            .iter()
                            .find(|e| e.key == IoKey::Name("settings".into()));
                        let Some(IoValue::Text(settings)) = settings.map(|e| &e.value) else {
                            panic!("#3: {record:?}");
                        };
                        assert_eq!(settings.split(',').nth(1), Some("040123"));
                    }
                    4 => assert_eq!(level, Some(50.0)),
                    5 => assert_eq!(level, None),
                    _ => {
                        assert_eq!(record.source, FixSource::Gnss, "#{index}");
                        assert!(record.valid, "#{index}");
                        crate::test_support::assert_expected_fix(
                            &format!("#{index}"),
                            &sample["expected"],
                            record,
                        );
                    }
                }
                if matches!(index, 3..=5) {
                    assert_eq!(record.source, FixSource::None, "#{index}");
                }
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}
