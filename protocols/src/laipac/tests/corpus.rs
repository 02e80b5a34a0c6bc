//! Replays the device corpus's 37 Laipac samples, in order, through one
//! codec, each as the device sends it (with the CR LF the corpus strips).
//!
//! Every sample is accepted and checked; none is refused or skipped (all
//! 37 checksums hold).
//!
//! - #0, #6–#36: `$AVRMC` reports → one record each. #6 has the corpus's
//!   exact fix (2003-07-18 16:43:39, valid, 43.8509, -79.39241). Status
//!   letters `A`, `R`, `P` (any case) give a valid fix, `V` an invalid one
//!   at 0, 0. Lower-case letters (#0, #7–#9, #15, #25, #27, #28, #30) are
//!   confirmed with `$EAVACK`; events `S`, `T`, `3`, `X`, `4` (#10–#14,
//!   #20, #22, #31) get an `$AVCFG` answer; the battery reads in volts
//!   (`3.727`) or millivolts (`4076`).
//! - #1, #3 `$AVSYS`, #4 `$EAVSYS` → a location-less record with the
//!   details kept raw, unanswered.
//! - #2, #5 `$ECHK` → a heartbeat, echoed.

use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::{codec, line, samples};

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 37);
    let mut stream = codec();
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &line(index));
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        let text = sample["payload"].as_str().expect("text");
        let id = text.split(',').nth(1).expect("id");
        assert_eq!(message.device().map(|d| d.as_str()), Some(id), "#{index}");
        match (index, message) {
            (2 | 5, Message::Heartbeat { reply, .. }) => {
                assert_eq!(reply.as_deref(), Some(&line(index)[..]), "#{index} echoed");
            }
            (1 | 3 | 4, Message::Records { records, ack, .. }) => {
                assert!(ack.is_none());
                assert_eq!(records[0].source, FixSource::None);
                assert!(!records[0].io.is_empty(), "#{index}: details kept");
            }
            (_, Message::Records { records, .. }) => check(index, text, &records[0], sample),
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}

fn check(index: usize, text: &str, record: &Record, sample: &serde_json::Value) {
    crate::test_support::assert_plausible(record);
    crate::test_support::assert_expected_fix(&format!("#{index}"), &sample["expected"], record);
    let status = text.split(',').nth(3).expect("status");
    let valid = matches!(status, "A" | "a" | "R" | "r" | "P" | "p");
    assert_eq!(record.valid, valid, "#{index}");
    let volts = record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Input(name), Value::Number(n)) if name == "battery_voltage" => Some(*n),
            _ => None,
        });
    let volts = volts.expect("battery");
    assert!((3.0..=4.3).contains(&volts), "#{index}: {volts} V");
}
