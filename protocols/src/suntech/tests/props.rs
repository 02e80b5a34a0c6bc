//! Property tests: sentences written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::message::Message;
use crate::record::Record;

use super::super::{SuntechOptions, encode};
use super::{codec, decode_one, records};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn stt_sentences_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        speed in 0u32..200_000,
        course in 0u32..36_000,
        sats in 0u8..30,
        valid in any::<bool>(),
        num in 0u16..10_000,
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(speed) / 1000.0;
        record.course_deg = f64::from(course) / 100.0;
        record.satellites = Some(sats);
        record.valid = valid;
        let sentence = encode::stt_sentence("205027329", &record, num);
        let message = decode_one(&mut codec(SuntechOptions::default()), sentence.as_bytes()).expect("decodes");
        let [got] = records(&message) else { panic!("one record: {message:?}") };
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-6);
        prop_assert!((got.longitude - lon).abs() < 1e-6);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert!((got.course_deg - record.course_deg).abs() < 1e-9);
        prop_assert_eq!(got.satellites, Some(sats));
        prop_assert_eq!(got.valid, valid);
        prop_assert_eq!(super::raw(got, "msg_num"), Some(format!("{num:04}")));
    }
}

#[test]
fn keep_alive_sentences_decode() {
    let message = decode_one(
        &mut codec(SuntechOptions::default()),
        encode::alive_sentence("317652").as_bytes(),
    )
    .expect("decodes");
    assert!(
        matches!(message, Message::Heartbeat { device: Some(d), reply: None } if d.as_str() == "317652")
    );
}
