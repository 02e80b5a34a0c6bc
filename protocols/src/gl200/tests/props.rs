//! Property tests: mutated corpus frames never break the codec contract,
//! and sentences written by the encoder decode back.

use proptest::prelude::*;

use crate::codec::Protocol;
use crate::fuzzing::{feed_datagram, feed_stream};
use crate::message::Message;
use crate::record::Record;

use super::super::encode;
use super::corpus::{samples, wire};
use super::{codec, decode_one, records};

fn corpus_frames() -> Vec<Vec<u8>> {
    samples().iter().map(wire).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let frame = crate::test_support::mutate(&corpus_frames(), pick, edits, cut);
        feed_stream(Protocol::Gl200, &frame);
        feed_datagram(Protocol::Gl200, &frame);
    }

    #[test]
    fn fri_sentences_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        speed in 0u32..2000,
        course in 0u32..360,
        count in any::<u16>(),
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(speed) / 10.0;
        record.course_deg = f64::from(course);
        let sentence = encode::fri_sentence("270B01", "867162027893742", &record, count);
        let message = decode_one(&mut codec(), sentence.as_bytes()).expect("decodes");
        let [got] = records(&message) else { panic!("one record: {message:?}") };
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-6);
        prop_assert!((got.longitude - lon).abs() < 1e-6);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert_eq!(got.course_deg, record.course_deg);
        let sack = format!("+SACK:{count:04X}$");
        let acked = matches!(&message, Message::Records { ack: Some(a), .. } if a[..] == *sack.as_bytes());
        prop_assert!(acked, "{:?}", message);
    }

    #[test]
    fn heartbeat_sentences_are_answered(now in 946_684_800i64..4_102_444_800, count in any::<u16>()) {
        let sentence = encode::heartbeat_sentence("C30203", "860201067200000", now * 1000, count);
        let message = decode_one(&mut codec(), sentence.as_bytes()).expect("decodes");
        let want = format!("+SACK:GTHBD,C30203,{count:04X}$");
        let answered = matches!(&message, Message::Heartbeat { reply: Some(r), .. } if r[..] == *want.as_bytes());
        prop_assert!(answered, "{:?}", message);
    }
}
