//! Property tests: mutated corpus frames keep the codec contract, and
//! position frames written by the encoder decode back.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::message::Message;

use super::super::encode;
use super::{decode_one, decoder_frames};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let frames = decoder_frames();
        let frame = crate::test_support::mutate(&frames, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&frame);
        data.extend_from_slice(&frames[0]);
        feed_stream(crate::xexun2::PROTOCOL, &data);
    }

    #[test]
    fn positions_round_trip(
        time in 946_684_800u32..4_000_000_000,
        level in 0u8..=100,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        speed in 0u16..3000,
        course in 0u16..3600,
        index in any::<u16>(),
        imei in any::<[u8; 8]>(),
    ) {
        let payload = encode::position_payload(time, level, lat, lon, speed, course);
        let frame = encode::frame(0x14, index, &imei, &payload);
        let message = decode_one(&frame).expect("decodes");
        let Message::Records { records, .. } = &message else {
            panic!("{message:?}");
        };
        let record = &records[0];
        prop_assert_eq!(record.fix_time_ms, i64::from(time) * 1000);
        prop_assert!((record.latitude - lat).abs() < 1e-9);
        prop_assert!((record.longitude - lon).abs() < 1e-9);
        prop_assert_eq!(record.speed_kmh, f64::from(speed) / 10.0);
        prop_assert_eq!(record.course_deg, f64::from(course) / 10.0);
        prop_assert_eq!(record.satellites, Some(8));
    }
}
