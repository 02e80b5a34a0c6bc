//! Property tests: V1 sentences written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use bytes::BytesMut;
use proptest::prelude::*;

use crate::codec::DeviceCodec;
use crate::record::Record;

use super::super::encode;
use super::{codec, only_record};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn v1_sentences_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        knots in 0u32..500,
        course in 0u32..360,
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(knots) * crate::fix::KMH_PER_KNOT;
        record.course_deg = f64::from(course);
        let sentence = encode::v1_sentence("123456", &record, 0xFFFF_FFFF);
        let mut buf = BytesMut::from(sentence.as_bytes());
        let message = codec().decode(&mut buf).expect("decodes").expect("frame");
        let got = only_record(&message);
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-5);
        prop_assert!((got.longitude - lon).abs() < 1e-5);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 0.02);
        prop_assert_eq!(got.course_deg, record.course_deg);
    }
}
