//! Replays the device corpus's 12 TK102 samples, in order, through one
//! codec, as on the wire (the frames carry their own `[` and `]`).
//!
//! Accepted (9):
//! - #0 login `80` (device `21315452`) and #4 login `21` (IMEI
//!   `353327023367238`, the frames after it are that device's) → a login,
//!   answered type `00`.
//! - #1 heartbeat `F0` → a heartbeat, its data echoed in type `FF`.
//! - #2, #3, #8–#11 reports (types `90`, `3D`, `3B`, `93`) → one record
//!   each, valid (`A`); #2 is 2001-11-09 02:58:57 at 22.534548,
//!   113.933383. #11 carries `&`-extras after its status, kept raw.
//!
//! Skipped on purpose (3), `unsupported`: #5 (type `4C`, a GSM cell list
//! with no position), #6 and #7 (types `25` and `23`, answers to
//! commands whose form no public document gives). Their frames are whole,
//! so the stream goes on.

use crate::message::Message;
use crate::record::{IoKey, IoValue};
use crate::test_support::drain;

use super::{codec, frame, samples};

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 12);
    let mut stream = codec();
    let mut accepted = 0;
    for index in 0..list.len() {
        let drained = drain(&mut stream, &frame(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        if matches!(index, 5..=7) {
            assert_eq!(drained.skipped_kinds(), ["unsupported"], "#{index}");
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        accepted += 1;
        let device = if index < 4 {
            "21315452"
        } else {
            "353327023367238"
        };
        assert_eq!(
            message.device().map(|d| d.as_str()),
            Some(device),
            "#{index}"
        );
        match (index, message) {
            (0 | 4, Message::Login { accept, .. }) => assert!(accept.is_some()),
            (1, Message::Heartbeat { reply, .. }) => assert!(reply.is_some()),
            (_, Message::Records { records, ack, .. }) => {
                assert!(ack.is_none(), "#{index}: reports are not answered");
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                assert!(record.valid, "#{index}");
                if index == 2 {
                    assert_eq!(record.fix_time_ms, 1_005_274_737_000);
                    assert!((record.latitude - 22.534_548).abs() < 1e-5);
                    assert!((record.longitude - 113.933_383).abs() < 1e-5);
                    assert!((record.speed_kmh - 0.021 * 1.852).abs() < 1e-9);
                }
                if index == 11 {
                    let status = record
                        .io
                        .iter()
                        .find(|e| e.key == IoKey::Name("status".into()));
                    assert_eq!(
                        status.map(|e| &e.value),
                        Some(&IoValue::Text("00000400&Wsz-wl001&B0000".into()))
                    );
                }
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
    assert_eq!(accepted, 9);
}
