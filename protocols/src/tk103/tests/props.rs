//! Property tests: BR00 sentences written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::record::Record;

use super::super::encode;
use super::{decode_one, only_record};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn br00_sentences_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        decikmh in 0u32..9999,
        centideg in 0u32..36000,
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(decikmh) / 10.0;
        record.course_deg = f64::from(centideg) / 100.0;
        let sentence = encode::br00_sentence("123456789012", &record, "01000000", 1234);
        let message = decode_one(sentence.as_bytes()).expect("decodes");
        let got = only_record(&message);
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-5);
        prop_assert!((got.longitude - lon).abs() < 1e-5);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert!((got.course_deg - record.course_deg).abs() < 1e-9);
    }
}
