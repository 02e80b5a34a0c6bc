//! Replays the device corpus's 12 GlobalSat samples, in order, through one
//! codec, each ended by `!` as on the wire.
//!
//! Accepted (10):
//! - #0 `GSh` → a keep-alive, answered `ACK` CR.
//! - #1, #2, #5, #9: `GS…` reports in four of the corpus's five formats
//!   (product name and status fields before the position, voltages, cells
//!   after it, all kept raw), answered `ACK` CR. #2's fix field is 1 (no
//!   fix): invalid.
//! - #6–#8, #10, #11: `$…` reports, unanswered; #10 and #11 have the
//!   corpus's exact fixes (2015-10-28 17:34:37 and 19:19:19). #10 has an
//!   empty course.
//!
//! Refused on purpose (2): #3 (`*6c`, its text gives `6d`) and #4 (`*55`,
//! its text gives `64`): checksum mismatches, skipped (`checksum`). The
//! other `GS…` samples' checksums hold.

use crate::message::Message;
use crate::test_support::drain;

use super::super::encode::ACK;
use super::{codec, message};

#[test]
fn samples_replay_in_order() {
    let mut list = crate::test_support::corpus("globalsat");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    assert_eq!(list.len(), 12);
    let mut stream = codec();
    let mut accepted = 0;
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &message(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}"
        );
        if matches!(index, 3 | 4) {
            assert_eq!(drained.skipped_kinds(), ["checksum"], "#{index}");
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        accepted += 1;
        match (index, drained.messages.as_slice()) {
            (0, [Message::Heartbeat { reply, device }]) => {
                assert_eq!(reply.as_deref(), Some(ACK));
                assert_eq!(device.as_ref().map(|d| d.as_str()), Some("131826789036289"));
            }
            (
                _,
                [
                    Message::Records {
                        records,
                        ack,
                        device,
                    },
                ],
            ) => {
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                crate::test_support::assert_expected_fix(
                    &format!("#{index}"),
                    &sample["expected"],
                    record,
                );
                let gs = sample["payload"].as_str().expect("text").starts_with("GS");
                assert_eq!(ack.as_deref(), gs.then_some(ACK), "#{index}");
                assert!(device.is_some());
                assert_eq!(record.valid, index != 2, "#{index}");
                if index == 1 {
                    assert_eq!(device.as_ref().map(|d| d.as_str()), Some("358173053992353"));
                    assert_eq!((record.satellites, record.hdop), (Some(10), Some(0.8)));
                    assert_eq!((record.altitude_m, record.course_deg), (129.0, 154.0));
                }
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
    assert_eq!(accepted, 10);
}
