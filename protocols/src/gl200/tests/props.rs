//! Property tests: sentences written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::message::Message;
use crate::record::Record;

use super::super::encode;
use super::{codec, decode_one, records};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
