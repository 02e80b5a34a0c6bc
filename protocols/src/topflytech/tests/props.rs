//! Property tests: the mutated corpus report keeps the codec contract, and
//! reports written by the encoder decode back.

use proptest::prelude::*;

use crate::codec::Protocol;
use crate::fuzzing::feed_stream;
use crate::message::Message;
use crate::record::Record;

use super::super::encode;
use super::{decode_one, sample_wire};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_report_keeps_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let report = sample_wire();
        let frame = crate::test_support::mutate(std::slice::from_ref(&report), pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&frame);
        data.extend_from_slice(&report);
        feed_stream(Protocol::Topflytech, &data);
    }

    #[test]
    fn reports_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        speed in 0u32..9999,
        course in 0u32..36000,
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(speed) / 10.0;
        record.course_deg = f64::from(course) / 100.0;
        let mut report = encode::report("880316890094910", &record).into_bytes();
        report.push(b')');
        let message = decode_one(&report).expect("decodes");
        let Message::Records { records, .. } = &message else { panic!("{message:?}") };
        prop_assert_eq!(records[0].fix_time_ms, record.fix_time_ms);
        prop_assert!((records[0].latitude - lat).abs() < 1e-5);
        prop_assert!((records[0].longitude - lon).abs() < 1e-5);
        prop_assert!((records[0].speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert!((records[0].course_deg - record.course_deg).abs() < 1e-9);
    }
}
