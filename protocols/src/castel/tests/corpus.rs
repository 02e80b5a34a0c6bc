//! Replays the device corpus's 52 Castel samples, in order, through one
//! codec.
//!
//! Every sample's CRC holds. Accepted (51 samples, 52 packets):
//! - Fixes (one record each, plausible): #2, #4 (`401F`), #12 (version 5
//!   login), #13, #28, #29 (MPIP), #14, #15, #39, #49 (logins), #3, #19,
//!   #33 (alarms), #26 (`4009`, the same packet twice in one sample: two
//!   packets, two records), #30, #31, #35, #50, #51 (`4001`), #32
//!   (logout), #40, #41 (version 12 heartbeat and login). Some units' fixes
//!   start one byte (#14, #33, #35, #51…) or two (#15) after the 34-byte
//!   statistics.
//! - Location-less records of readings: #0, #1, #10, #11, #22, #34 (PIDs),
//!   #5, #6, #16, #25, #37 (DTCs), #8, #24, #36, #45 (snapshots), #23, #38
//!   (supported PIDs), #42 (`4008`), and the packets whose fix count is 0:
//!   #17, #21, #27, #46 (logins), #20, #44 (logouts), #43, #47 (alarms).
//! - #48 heartbeat `1003`, answered `9003`.
//! - #7, #9 `A002` answers: their text is the VIN.
//!
//! Skipped on purpose (1): #18 is the server's own `9001` login answer
//! (`unsupported`).

use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::test_support::drain;

use super::{codec, sample, samples};

/// Samples whose packets carry fixes.
const FIXES: [usize; 22] = [
    2, 3, 4, 12, 13, 14, 15, 19, 26, 28, 29, 30, 31, 32, 33, 35, 39, 40, 41, 49, 50, 51,
];

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 52);
    let mut stream = codec();
    for (index, json) in list.iter().enumerate() {
        let drained = drain(&mut stream, &sample(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        if index == 18 {
            assert_eq!(drained.skipped_kinds(), ["unsupported"], "#18");
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        let expected = if index == 26 { 2 } else { 1 };
        assert_eq!(drained.messages.len(), expected, "#{index}");
        for message in &drained.messages {
            assert!(message.device().is_some(), "#{index}");
            match (index, message) {
                (48, Message::Heartbeat { reply, .. }) => assert!(reply.is_some()),
                (7, Message::CommandResponse { text, .. }) => {
                    assert_eq!(text, "MALC381CMKM567148")
                }
                (9, Message::CommandResponse { text, .. }) => {
                    assert_eq!(text, "4JGDF6EE7JB076260")
                }
                (_, Message::Records { records, .. }) if FIXES.contains(&index) => {
                    for record in records {
                        located(index, record, &json["expected"]);
                    }
                }
                (_, Message::Records { records, .. }) => {
                    let [record] = records.as_slice() else {
                        panic!("#{index}: {records:?}");
                    };
                    assert_eq!(record.source, FixSource::None, "#{index}");
                    assert!(!record.valid && !record.io.is_empty(), "#{index}");
                }
                (_, other) => panic!("#{index}: {other:?}"),
            }
        }
    }
}

fn located(index: usize, record: &Record, expected: &serde_json::Value) {
    assert_eq!(record.source, FixSource::Gnss, "#{index}");
    crate::test_support::assert_plausible(record);
    crate::test_support::assert_expected_fix(&format!("#{index}"), expected, record);
}

#[test]
fn fixes_read_as_the_samples_place_them() {
    let first = |index: usize| {
        let drained = drain(&mut codec(), &sample(index));
        let Some(Message::Records { records, .. }) = drained.messages.into_iter().next() else {
            panic!("#{index}: records");
        };
        records.into_iter().next().expect("a record")
    };
    // #26: 2016-08-05 06:26:53, 51.13 N 114.22 W (Calgary), 11 satellites.
    let r = first(26);
    assert_eq!(r.fix_time_ms, 1_470_378_413_000);
    assert!((r.latitude - 51.129_151_7).abs() < 1e-6, "{r:?}");
    assert!((r.longitude + 114.248_455).abs() < 1e-6, "{r:?}");
    assert!(r.valid);
    assert_eq!(r.satellites, Some(11));
    assert!((r.course_deg - 286.6).abs() < 1e-9);
    // #19: south and east (Sydney), no fix.
    let r = first(19);
    assert!(
        r.latitude < -33.0 && r.longitude > 151.0 && !r.valid,
        "{r:?}"
    );
    // #13 (MPIP): north and west (Mexico).
    let r = first(13);
    assert!(r.latitude > 19.0 && r.longitude < -99.0 && r.valid, "{r:?}");
    // #15: its fix starts two bytes after the statistics (Melbourne).
    let r = first(15);
    assert!(
        r.latitude < -37.0 && r.longitude > 144.0 && r.valid,
        "{r:?}"
    );
}
