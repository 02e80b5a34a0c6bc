//! Property tests: mutated corpus reports keep the codec contract, and
//! reports written by the encoder decode back.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::message::Message;
use crate::record::Record;

use super::super::encode;
use super::{decode_one, report};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_reports_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let reports: Vec<Vec<u8>> = (0..14).map(report).collect();
        let mutated = crate::test_support::mutate(&reports, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&reports[10]);
        feed_stream(crate::gotop::PROTOCOL, &data);
    }

    #[test]
    fn reports_round_trip(
        seconds in 946_684_800i64..4_102_444_799,
        lat in -90.0f64..=90.0,
        lon in -180.0f64..=180.0,
        speed in 0u32..=9999,
        course in 0u32..=36_000,
        valid in any::<bool>(),
    ) {
        let mut record = Record::at(seconds * 1000, lat, lon);
        record.valid = valid;
        record.speed_kmh = f64::from(speed) / 10.0;
        record.course_deg = f64::from(course) / 100.0;
        let text = encode::report("353327020115804", &record);
        let message = decode_one(text.as_bytes()).expect("decodes");
        let Message::Records { records, .. } = &message else {
            panic!("{message:?}");
        };
        let got = &records[0];
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert_eq!(got.valid, valid);
        prop_assert!((got.latitude - lat).abs() <= 0.5e-7 + 1e-12);
        prop_assert!((got.longitude - lon).abs() <= 0.5e-7 + 1e-12);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert!((got.course_deg - record.course_deg).abs() < 1e-9);
    }
}
