//! Replays the device corpus's 41 JT600 decoder samples, in order, through
//! one codec, each as the device sends it (text escaped inside its
//! parentheses), and its 11 frame-splitting samples.
//!
//! - #3, #5–#8, #11, #13, #17–#19: binary long format → one record each.
//!   Every one has status bit 5 set and is answered (`replies.rs`).
//! - #9 (6 records), #10 (15), #12, #14–#16, #30–#33: binary short format,
//!   unanswered. #30 has the corpus's exact fix (2011-02-16 05:59:10,
//!   valid, 22.54977, -114.07705).
//! - #2, #4 `P45`, #20–#22, #25, #26, #36, #38, #40 `U01`–`U03`, #24,
//!   #28, #29, #39 `U06`, #34, #35 `W01` → one record each. #34 has the
//!   corpus's exact fix (2011-05-04 06:37:36, valid, 22.54994, 114.07701).
//! - #23 `U04`, #27 `@JT` → heartbeats (the corpus decodes no position).
//! - Skipped, unsupported: #0, #1 (`WLNET` binary payloads inside a text
//!   frame) and #37 (`U09` trip summary); the corpus decodes no position
//!   from #37 either.

use crate::message::Message;
use crate::test_support::{assert_expected_fix, assert_plausible, drain, skipped_cause};

use super::{codec, frame_samples, samples, unhex, wire};
use crate::jt600::framing::{Frame, cut};

const SKIPPED: [usize; 3] = [0, 1, 37];
const HEARTBEATS: [usize; 2] = [23, 27];

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 41);
    let mut stream = codec();
    for (index, sample) in list.iter().enumerate() {
        let mut drained = drain(&mut stream, &wire(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        if SKIPPED.contains(&index) {
            assert_eq!(drained.skipped_kinds(), ["unsupported"], "#{index}");
            let cause = skipped_cause(drained.skipped.remove(0));
            assert_eq!(cause.kind(), "unsupported");
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        let id = device_of(&wire(index));
        assert_eq!(
            message.device().map(|d| d.as_str()),
            Some(id.as_str()),
            "#{index}"
        );
        match message {
            Message::Heartbeat { reply, .. } if HEARTBEATS.contains(&index) => {
                assert!(reply.is_none());
            }
            Message::Records { records, .. } => {
                let expected = match index {
                    9 => 6,
                    10 => 15,
                    16 => 15,
                    _ => 1,
                };
                assert_eq!(records.len(), expected, "#{index}");
                for record in records {
                    assert_plausible(record);
                }
                assert_expected_fix(&format!("#{index}"), &sample["expected"], &records[0]);
            }
            other => panic!("#{index}: {other:?}"),
        }
    }
}

/// The device id a frame names, read independently of the codec: the hex
/// of the 5 bytes after `$`, or the text before the first comma.
fn device_of(frame: &[u8]) -> String {
    if frame[0] == b'$' {
        crate::hex::encode(&frame[1..6])
    } else {
        let text = String::from_utf8_lossy(&frame[1..]);
        text.split(',').next().expect("id").to_owned()
    }
}

#[test]
fn frame_samples_cut_the_expected_first_frame() {
    let list = frame_samples();
    assert_eq!(list.len(), 11);
    for (index, sample) in list.iter().enumerate() {
        let mut buf = bytes::BytesMut::from(&unhex(sample["payload"].as_str().expect("hex"))[..]);
        let expected = unhex(sample["expected"]["frame"].as_str().expect("frame"));
        let frame = cut(&mut buf, 4096).expect("cut").expect("a whole frame");
        let got = match frame {
            Frame::Binary(bytes) => bytes.to_vec(),
            Frame::Text(bytes) => crate::jt600::framing::unescape(&bytes).expect("unescapes"),
        };
        assert_eq!(
            crate::hex::encode(&got),
            crate::hex::encode(&expected),
            "frame #{index}"
        );
    }
}
