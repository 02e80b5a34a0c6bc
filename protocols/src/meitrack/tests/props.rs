//! Property tests: mutated corpus frames never break the codec contract,
//! and reports written by the encoder decode back.

use proptest::prelude::*;

use crate::codec::Protocol;
use crate::fuzzing::{feed_datagram, feed_stream};
use crate::record::Record;

use super::super::encode;
use super::corpus::{payload, samples};
use super::{decode_one, records};

fn corpus_frames() -> Vec<Vec<u8>> {
    samples().iter().map(payload).collect()
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
        feed_stream(Protocol::Meitrack, &frame);
        feed_datagram(Protocol::Meitrack, &frame);
    }

    #[test]
    fn aaa_reports_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        speed in 0u32..300,
        course in 0u32..360,
        io in any::<u16>(),
        flag in 0x41u8..=0x7A,
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course);
        let frame = encode::aaa_frame(flag, "123456789012345", 35, &record, io);
        let message = decode_one(&frame).expect("decodes");
        let got = &records(&message)[0];
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-6);
        prop_assert!((got.longitude - lon).abs() < 1e-6);
        prop_assert_eq!(got.speed_kmh, record.speed_kmh);
        prop_assert_eq!(got.course_deg, record.course_deg);
    }
}
