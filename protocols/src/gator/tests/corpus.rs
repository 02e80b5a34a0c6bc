//! Replays the device corpus's 11 Gator samples, in order, through one
//! codec (a new one after the connection is closed, as a device
//! reconnects).
//!
//! Accepted (10), each answered `24 24 21 00 05 <checksum> <type> 00 <XOR> 0D`:
//! - #0: a `80` position from firmware that adds 4 id bytes after the
//!   pseudo-IP (kept raw): 2025-01-07 21:00:08, 6.6148 N 3.3336 E, 24.92 V.
//! - #2, #3, #7, #10: `80` positions; #7 and #10 (the same packet) have
//!   the corpus's exact fix (2014-11-21 07:27:02, 59.37697, 10.72792).
//! - #8: a `81` roll-call answer; #9 the corpus's exact fix in the
//!   southern and western hemispheres (-33.44773, -70.63402).
//! - #4, #6: `21` keep-alives.
//! - #5: a `80` packet without a fix or a date (`A6 01 01 C6 62 BC`): a
//!   location-less record dated on arrival, its readings kept.
//!
//! Refused on purpose (1): #1 is #0 with 5 bytes more before the checksum
//! and the same length field, so the byte where the length puts the
//! packet's `0D` is `00`: the stream's position is lost and the
//! connection closed (`malformed`). It is also the one sample whose XOR
//! does not hold over its bytes.

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::super::encode::answer;
use super::{NOW_MS, codec, packet, samples};

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 11);
    let mut stream = codec();
    let mut accepted = 0;
    for (index, sample) in list.iter().enumerate() {
        let bytes = packet(index);
        let drained = drain(&mut stream, &bytes);
        if index == 1 {
            let closed = drained.closed.expect("closed");
            assert_eq!(closed.kind(), "malformed");
            assert!(drained.messages.is_empty());
            stream = codec();
            continue;
        }
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        accepted += 1;
        let expected_answer = answer(bytes[bytes.len() - 2], bytes[2]);
        match (index, message) {
            (4 | 6, Message::Heartbeat { reply, device }) => {
                assert_eq!(reply.as_ref(), Some(&expected_answer), "#{index}");
                let id = if index == 4 {
                    "13688998881"
                } else {
                    "13567990202"
                };
                assert_eq!(device.as_ref().map(|d| d.as_str()), Some(id));
            }
            (_, Message::Records { records, ack, .. }) => {
                assert_eq!(ack.as_ref(), Some(&expected_answer), "#{index}");
                check(index, &records[0], sample);
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
    assert_eq!(accepted, 10);
}

fn check(index: usize, record: &Record, sample: &serde_json::Value) {
    crate::test_support::assert_plausible(record);
    crate::test_support::assert_expected_fix(&format!("#{index}"), &sample["expected"], record);
    if index == 5 {
        assert_eq!(record.source, FixSource::None);
        assert_eq!((record.fix_time_ms, record.valid), (NOW_MS, false));
        assert!((volts(record) - 11.12).abs() < 1e-9);
        return;
    }
    assert!(record.valid, "#{index}");
    assert_eq!(record.source, FixSource::Gnss);
    if index == 0 {
        assert_eq!(
            record.fix_time_ms,
            crate::test_support::corpus_time("2025-01-07 21:00:08")
        );
        assert!((record.latitude - (6.0 + 36.886 / 60.0)).abs() < 1e-9);
        assert!((record.longitude - (3.0 + 20.014 / 60.0)).abs() < 1e-9);
        assert_eq!(record.course_deg, 57.0);
        assert!((volts(record) - 24.92).abs() < 1e-9);
        let extension = record
            .io
            .iter()
            .find(|e| e.key == IoKey::Name("id_extension".into()))
            .map(|e| &e.value);
        assert_eq!(
            extension,
            Some(&IoValue::Bytes(vec![0x40, 0x91, 0x02, 0x10]))
        );
    }
    if index == 2 {
        assert!((record.latitude + (12.0 + 49.726 / 60.0)).abs() < 1e-9);
        assert!((record.longitude - (28.0 + 5.942 / 60.0)).abs() < 1e-9);
    }
}

fn volts(record: &Record) -> f64 {
    record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Input(name), Value::Number(n)) if name == "board_voltage" => Some(*n),
            _ => None,
        })
        .expect("board voltage")
}
