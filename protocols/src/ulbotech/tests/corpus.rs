//! Replays the device corpus's 27 Ulbotech decoder samples, in order,
//! through one codec, each as the device sends it (binary frames stuffed),
//! then its 3 frame-splitting samples.
//!
//! - #0, #3–#5, #10–#12, #14–#18, #20, #21, #24–#26: binary data frames
//!   with a GNSS block → one record each, answered. #3 has the corpus's
//!   exact fix (2019-09-25 11:49:39, invalid: HDOP 99.99, 62.20543,
//!   -6.68521). #4 carries the one block with a two-byte length (`0B`).
//! - #6–#9, #22, #23: binary frames with a cell block and no GNSS block →
//!   a location-less record, its blocks kept raw, answered. #23's time
//!   lies in 2068 (all ones in the low bits), so it is dated by the clock.
//! - #1, #13: `*TS01,<IMEI>#` → a keep-alive, answered.
//! - #2: `*TS01,<IMEI>,<time>,WFE:0#` → a location-less record, answered.
//! - #19: refused. It is cut short (no CRC, no closing flag; the corpus
//!   marks its check failed): a stream ending there is truncated.
//! - Frame samples: each cut whole as sent, to the unstuffed frame the
//!   corpus gives. #2's wire bytes (`F7 00 05`, stuffing for `F7 05`) are
//!   decoder sample #14; its unstuffed bytes sent as they are (`F7 05`, an
//!   unknown escape) are skipped.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec};
use crate::message::Message;
use crate::record::FixSource;
use crate::test_support::{drain, skipped_cause, unhex};

use super::{codec, frame_samples, samples, wire};

const NO_GNSS: [usize; 6] = [6, 7, 8, 9, 22, 23];

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 27);
    let mut stream = codec();
    for (index, sample) in list.iter().enumerate() {
        if index == 19 {
            continue;
        }
        let drained = drain(&mut stream, &wire(index));
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        match (index, message) {
            (1 | 13, Message::Heartbeat { device, reply }) => {
                let text = sample["payload"].as_str().expect("text");
                assert_eq!(device.as_ref().map(|d| d.as_str()), Some(&text[6..21]));
                assert!(reply.is_some(), "#{index}");
            }
            (
                _,
                Message::Records {
                    device,
                    records,
                    ack,
                },
            ) => {
                assert!(ack.is_some(), "#{index}");
                assert_eq!(device.as_ref().map(|d| d.as_str().len()), Some(15));
                let [record] = records.as_slice() else {
                    panic!("#{index}: {records:?}");
                };
                crate::test_support::assert_plausible(record);
                crate::test_support::assert_expected_fix(
                    &format!("#{index}"),
                    &sample["expected"],
                    record,
                );
                assert!(!record.io.is_empty(), "#{index}: raw kept");
                if index == 2 || NO_GNSS.contains(&index) {
                    assert_eq!(record.source, FixSource::None, "#{index}");
                    assert!(!record.valid);
                } else {
                    assert_eq!(record.source, FixSource::Gnss, "#{index}");
                    assert!(record.latitude != 0.0 && record.longitude != 0.0);
                }
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}

#[test]
fn the_cut_short_sample_is_truncated() {
    let mut buf = BytesMut::from(&wire(19)[..]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}

#[test]
fn the_clock_dates_a_frame_from_the_far_future() {
    let Message::Records { records, .. } = drain(&mut codec(), &wire(23)).messages.remove(0) else {
        panic!("records");
    };
    assert_eq!(records[0].fix_time_ms, super::NOW_MS);
}

#[test]
fn frame_samples_cut_as_sent() {
    let frames = frame_samples();
    assert_eq!(frames.len(), 3);
    for (index, sample) in frames.iter().enumerate() {
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let drained = drain(&mut codec(), &payload);
        assert_eq!(drained.messages.len(), 1, "frame #{index}: {drained:?}");
        assert!(drained.skipped.is_empty() && drained.rest.is_empty());
        // The frame the corpus cuts is the content unstuffed.
        let expected = unhex(sample["expected"]["frame"].as_str().expect("frame"));
        if expected[0] == 0xF8 {
            let content = &expected[1..expected.len() - 1];
            assert_eq!(super::super::framing::wire(content)[..], payload[..]);
        } else {
            assert_eq!(expected, payload);
        }
    }
    // Frame #2 on the wire is decoder sample #14 stuffed (`F7 00 05`).
    let payload = unhex(frames[2]["payload"].as_str().expect("payload"));
    assert_eq!(payload, wire(14));
    // Unstuffed bytes sent as they are hold `F7 05`: an unknown escape, skipped.
    let unstuffed = unhex(frames[2]["expected"]["frame"].as_str().expect("frame"));
    let mut drained = drain(&mut codec(), &unstuffed);
    assert!(drained.messages.is_empty() && drained.closed.is_none());
    let cause = skipped_cause(drained.skipped.remove(0));
    assert!(matches!(cause, DecodeError::Malformed(_)), "{cause:?}");
}
