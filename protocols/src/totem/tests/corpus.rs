//! Replays the device corpus's 35 Totem decoder samples, in order, through
//! one codec (a fresh one after a sample that ends the connection, as the
//! device reconnects), each as the device sends it; then the corpus's 5
//! frame-splitting samples.
//!
//! Accepted (28), each answered as its form asks:
//! - #1–#6, #8–#14: long-form fixed-width reports → one record each,
//!   answered `$$0014AA…`. #3 and #11 have the corpus's exact fixes
//!   (2019-01-22 08:51:49 valid; 2016-02-23 03:24:15 not valid: status
//!   bit 27 is clear). #2 is the comma-separated layout.
//! - #15–#17, #19, #20, #27–#31, #33, #34: short-form `$GPRMC` reports →
//!   one record each, answered `ACK OK`. #15 and #16 have the corpus's
//!   exact fixes; #17 is #16 with the CR its device sent after it.
//! - #22: a short-form fixed-width report.
//! - #18, #24: short-form reports whose date is all zeros (no fix yet) →
//!   a location-less record dated on arrival, answered `ACK OK`.
//!
//! Refused (7):
//! - #0, #7, #23, #25, #26, #32: the length field says more bytes than
//!   the sample holds (494 for 70, 112 for 108, 176 for 171, 174 for 170
//!   and 172, 179 for 178): the codec waits for the rest, and the stream
//!   ends mid-message (`truncated`).
//! - #21: its CRC-16/MODBUS does not match (`2B16` carried): the
//!   connection closes, as the length it was cut by is in doubt. The same
//!   layout with its CRC recomputed decodes (`tests/replies.rs`).

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec};
use crate::message::Message;
use crate::record::FixSource;
use crate::test_support::drain;

use super::super::encode;
use super::{codec, frame_samples, samples, wire};

/// Samples whose length field says more bytes than they hold.
const TOO_SHORT: [usize; 6] = [0, 7, 23, 25, 26, 32];

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 35);
    let mut stream = codec();
    let mut accepted = 0;
    for (index, sample) in list.iter().enumerate() {
        let bytes = wire(index);
        let text = sample["payload"].as_str().expect("text").trim_end();
        let mut drained = drain(&mut stream, &bytes);
        if TOO_SHORT.contains(&index) {
            assert!(drained.messages.is_empty() && drained.closed.is_none());
            assert!(matches!(
                stream.decode_eof(&mut drained.rest),
                Err(DecodeError::Truncated(_))
            ));
            stream = codec();
            continue;
        }
        if index == 21 {
            assert!(
                matches!(drained.closed, Some(DecodeError::Checksum { .. })),
                "#{index}: {drained:?}"
            );
            stream = codec();
            continue;
        }
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none(),
            "#{index}: {drained:?}"
        );
        let [
            Message::Records {
                device,
                records,
                ack,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("#{index}: {:?}", drained.messages);
        };
        accepted += 1;
        let long = text.as_bytes()[2] == b'0';
        let id_at = if long { 8 } else { 4 };
        let id = text[id_at..].split('|').next().expect("id");
        assert_eq!(device.as_ref().map(|d| d.as_str()), Some(id), "#{index}");
        let answer = match long {
            true => encode::long_reply(&text[..text.len() - 2]),
            false => encode::ack_ok(),
        };
        assert_eq!(ack.as_ref(), Some(&answer), "#{index}");
        let record = &records[0];
        if matches!(index, 18 | 24) {
            assert_eq!(record.source, FixSource::None, "#{index}");
            assert!(!record.valid);
            continue;
        }
        crate::test_support::assert_plausible(record);
        crate::test_support::assert_expected_fix(&format!("#{index}"), &sample["expected"], record);
    }
    assert_eq!(accepted, 28);
}

#[test]
fn the_corpus_frames_are_cut_exactly() {
    let list = frame_samples();
    assert_eq!(list.len(), 5);
    for (index, sample) in list.iter().enumerate() {
        let chunk = crate::test_support::unhex(sample["payload"].as_str().expect("hex"));
        let frame = crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("hex"));
        let mut buf = BytesMut::from(&chunk[..]);
        let cut = super::super::framing::cut(&mut buf, usize::MAX)
            .expect("cuts")
            .expect("a whole frame");
        assert_eq!(&cut[..], &frame[..], "frame #{index}");
        let mut c = codec();
        let drained = drain(&mut c, &chunk);
        assert!(
            drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
            "frame #{index}: {drained:?}"
        );
        match (index, drained.messages.as_slice()) {
            (0, [Message::Heartbeat { device, reply }]) => {
                assert_eq!(device.as_ref().map(|d| d.as_str()), Some("862010037294861"));
                assert_eq!(reply.as_deref(), Some(&b"$$0014AA48610E"[..]));
            }
            (_, [Message::Records { records, .. }]) => {
                crate::test_support::assert_plausible(&records[0]);
            }
            (_, other) => panic!("frame #{index}: {other:?}"),
        }
    }
}
