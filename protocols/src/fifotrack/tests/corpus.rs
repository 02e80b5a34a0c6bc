//! Replays the device corpus's 16 Fifotrack decoder samples, in order,
//! through one codec (a fresh one after a sample that ends the
//! connection), each as the device sends it (text with CR LF); then its
//! frame-splitting sample.
//!
//! Accepted (13):
//! - #4, #6, #7, #9, #15 (`A01`), #12–#14 (`A00`): one record each, not
//!   answered. #8's neighbour #9 carries RFID `B4A067` (11837543, the
//!   driver the corpus expects), kept raw.
//! - #1, #2 (`A03` with a GPS fix; #1 has the 13 satellites the corpus
//!   expects) and #0, #3 (`A03` with Wi-Fi access points: location-less
//!   records dated by the report): answered `##…,A03,<time>*XX`.
//! - #5 (`B03,OK`): a command answer, `OK`.
//!
//! Refused (3):
//! - #8: its length says 123 bytes, but its `*` is the 124th: the
//!   connection closes (its SOS alarm is not read).
//! - #10 (`D05`, a photo announcement) and #11 (`D06`, a binary photo
//!   chunk): skipped (`unsupported`); trackgate stores no photos.

use bytes::BytesMut;

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue};
use crate::test_support::drain;

use super::super::{encode, framing};
use super::{NOW_MS, codec, samples, wire};

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 16);
    let mut stream = codec();
    let mut accepted = 0;
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &wire(index));
        if index == 8 {
            assert!(drained.closed.is_some(), "#8: {drained:?}");
            stream = codec();
            continue;
        }
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}"
        );
        if matches!(index, 10 | 11) {
            assert_eq!(drained.skipped_kinds(), ["unsupported"], "#{index}");
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        accepted += 1;
        let text = sample["payload"].as_str().expect("text");
        let fields: Vec<&str> = text.split(',').collect();
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        assert_eq!(
            message.device().map(|d| d.as_str()),
            Some(fields[1]),
            "#{index}"
        );
        match message {
            Message::CommandResponse { text, .. } => {
                assert_eq!((index, text.as_str()), (5, "OK"));
            }
            Message::Records { records, ack, .. } => {
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                let answer =
                    (fields[3] == "A03").then(|| encode::a03(fields[1], fields[2], NOW_MS));
                assert_eq!(ack, &answer, "#{index}");
                let wifi = matches!(index, 0 | 3);
                assert_eq!(record.source == FixSource::None, wifi, "#{index}");
                if !wifi {
                    let status = if fields[3] == "A03" {
                        fields[11]
                    } else {
                        fields[6]
                    };
                    assert_eq!(record.valid, status == "A", "#{index}");
                }
                if index == 1 {
                    assert_eq!(record.satellites, Some(13));
                }
                if index == 9 {
                    let rfid = record
                        .io
                        .iter()
                        .find(|e| e.key == IoKey::Name("rfid".into()));
                    assert_eq!(
                        rfid.map(|e| &e.value),
                        Some(&IoValue::Text("B4A067".into()))
                    );
                    assert_eq!(u32::from_str_radix("B4A067", 16), Ok(11_837_543));
                }
            }
            other => panic!("#{index}: {other:?}"),
        }
    }
    assert_eq!(accepted, 13);
}

#[test]
fn the_corpus_frame_is_cut_exactly() {
    let sample = crate::test_support::corpus("fifotrack")
        .into_iter()
        .find(|s| s["assert"] == "frame")
        .expect("a frame sample");
    let chunk = crate::test_support::unhex(sample["payload"].as_str().expect("hex"));
    let frame = crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("hex"));
    let mut buf = BytesMut::from(&chunk[..]);
    let cut = framing::cut(&mut buf, usize::MAX)
        .expect("cuts")
        .expect("a frame");
    assert_eq!(&cut[..], &frame[..]);
    let drained = drain(&mut codec(), &chunk);
    assert!(drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty());
    let [Message::Records { records, ack, .. }] = drained.messages.as_slice() else {
        panic!("{:?}", drained.messages);
    };
    assert!(ack.is_none());
    assert!(records[0].valid);
    assert!((records[0].latitude + 15.127_868).abs() < 1e-6);
}
