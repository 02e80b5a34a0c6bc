//! Property tests: mutated corpus frames keep the codec contract, and
//! locations written by the encoder decode back.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::message::Message;
use crate::record::Record;

use super::super::decode::LOCATION;
use super::super::encode;
use super::{decode_one, frames};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let frames = frames();
        let frame = crate::test_support::mutate(&frames, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&frame);
        data.extend_from_slice(&frames[2]);
        feed_stream(crate::gt02::PROTOCOL, &data);
    }

    #[test]
    fn locations_round_trip(
        seconds in 946_684_800i64..4_102_444_799,
        lat in -90.0f64..=90.0,
        lon in -180.0f64..=180.0,
        speed in 0u8..=255,
        course in 0u16..=360,
        valid in any::<bool>(),
        index in any::<u16>(),
    ) {
        let mut record = Record::at(seconds * 1000, lat, lon);
        record.valid = valid;
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course);
        let frame = encode::frame(0, 0, "350000000000018", index, LOCATION, &encode::location(&record));
        let message = decode_one(&frame).expect("decodes");
        let Message::Records { records, .. } = &message else {
            panic!("{message:?}");
        };
        let got = &records[0];
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert_eq!(got.valid, valid);
        // One unit is 1/1,800,000 of a degree; rounding loses at most half.
        prop_assert!((got.latitude - lat).abs() <= 0.5 / 1_800_000.0 + 1e-12);
        prop_assert!((got.longitude - lon).abs() <= 0.5 / 1_800_000.0 + 1e-12);
        prop_assert_eq!(got.speed_kmh, f64::from(speed));
        prop_assert_eq!(got.course_deg, f64::from(course));
    }
}
