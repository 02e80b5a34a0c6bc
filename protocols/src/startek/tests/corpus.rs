//! Replays the device corpus's 15 Startek decoder samples, in order,
//! through one codec, each as on the wire (the text keeps its CR LF), and
//! its 2 frame-splitting samples through the framer.
//!
//! Accepted (14), none answered:
//! - #0, #2–#7, #9–#12, #14: reports (`000`) → one record each; `A`
//!   valid, `V` (#6, #12) not. #2: 2023-09-18 07:25:31 at 22.678598,
//!   114.04597, 26 satellites, HDOP 0.6, 74 m, supply 11.91 V, battery
//!   4.12 V. The extras the corpus's source reads into named values are
//!   kept raw: #0's driver card (`field_22`), #3's engine hours
//!   (`field_22`, `9490`), #4's fuel sensor (`field_21`), #11's driver id
//!   as the event data (`8F5300`); #5 names no fuel.
//! - #1: vehicle data (`710`, six `T…` lines) → one location-less record.
//! - #8: `129,OK` → the answer to command 129.
//!
//! Refused on purpose (1): #13's length field (147) is 14 bytes short of
//! its content, so no CR LF is where the length ends it: the stream's
//! position is lost and the connection closes (`malformed`). Its
//! checksum does not hold either (the sample was shortened by hand); every
//! other checksum holds.
//!
//! Frame samples #0 and #1 (one report, one vehicle data message) are cut
//! exactly, whole, and decode.

use bytes::BytesMut;

use crate::codec::DecodeError;
use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::super::{decode_message, framing};
use super::{NOW_MS, codec, message, samples};

/// The raw text of io `name`.
pub(super) fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
    record.io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Name(key), IoValue::Text(text)) if key == name => Some(text.as_str()),
        _ => None,
    })
}

fn number(record: &Record, name: &str) -> Option<f64> {
    record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Input(key), Value::Number(n)) if key == name => Some(*n),
            _ => None,
        })
}

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 15);
    let mut stream = codec();
    let mut accepted = 0;
    for (index, sample) in list.iter().enumerate() {
        if index == 13 {
            let drained = drain(&mut codec(), &message(index));
            assert!(
                matches!(drained.closed, Some(DecodeError::Malformed(_))),
                "#13: {drained:?}"
            );
            continue;
        }
        let drained = drain(&mut stream, &message(index));
        assert!(
            drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        accepted += 1;
        let text = sample["payload"].as_str().expect("text");
        let imei = text.split(',').nth(1).expect("imei");
        assert_eq!(message.device().map(|d| d.as_str()), Some(imei), "#{index}");
        match (index, message) {
            (8, Message::CommandResponse { text, ack, .. }) => {
                assert_eq!(text, "129,OK");
                assert!(ack.is_none());
            }
            (1, Message::Records { records, ack, .. }) => {
                assert!(ack.is_none());
                let record = &records[0];
                assert_eq!(
                    (record.source, record.fix_time_ms),
                    (FixSource::None, NOW_MS)
                );
                let tags: Vec<_> = record.io.iter().map(|e| e.key.clone()).collect();
                let names = ["T1", "T2", "T5", "T6", "T7", "Tx"];
                assert_eq!(tags, names.map(|n| IoKey::Name(n.into())));
            }
            (_, Message::Records { records, ack, .. }) => {
                assert!(ack.is_none(), "#{index}");
                check(index, text, &records[0]);
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
    assert_eq!(accepted, 14);
}

fn check(index: usize, text: &str, record: &Record) {
    crate::test_support::assert_plausible(record);
    assert_eq!(
        record.valid,
        text.split(',').nth(6) == Some("A"),
        "#{index}"
    );
    match index {
        0 => assert_eq!(raw(record, "field_22"), Some("3100  1  61000541  10800  ?")),
        2 => {
            assert_eq!(record.fix_time_ms, 1_695_021_931_000);
            assert!((record.latitude - 22.678_598).abs() < 1e-9);
            assert!((record.longitude - 114.045_97).abs() < 1e-9);
            assert_eq!((record.satellites, record.hdop), (Some(26), Some(0.6)));
            assert_eq!((record.altitude_m, record.event), (74.0, Some(0)));
            assert_eq!(number(record, "board_voltage"), Some(11.91));
            assert_eq!(number(record, "battery_voltage"), Some(4.12));
        }
        3 => assert_eq!(raw(record, "field_22"), Some("9490")),
        4 => assert_eq!(raw(record, "field_21"), Some("686|33||44|99|14|124|11|")),
        5 => assert!(
            record
                .values
                .iter()
                .all(|v| !v.sensor.name().contains("fuel"))
        ),
        11 => assert_eq!(raw(record, "event_data"), Some("8F5300")),
        _ => {}
    }
}

#[test]
fn frame_samples_are_cut_whole() {
    let frames: Vec<_> = crate::test_support::corpus("startek")
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    assert_eq!(frames.len(), 2);
    for sample in frames {
        let chunk = crate::test_support::unhex(sample["payload"].as_str().expect("hex"));
        let want = crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("hex"));
        let mut buf = BytesMut::from(&chunk[..]);
        let frame = framing::cut(&mut buf, 64 * 1024)
            .expect("ok")
            .expect("a frame");
        assert_eq!(&frame[..], &want[..]);
        assert!(buf.is_empty());
        assert!(matches!(
            decode_message(&frame, NOW_MS),
            Ok(Message::Records { .. })
        ));
    }
}
