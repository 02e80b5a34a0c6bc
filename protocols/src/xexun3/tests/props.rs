//! Property tests: mutated corpus frames keep the codec contract, and GNSS
//! items written by the encoder decode back.

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
        data.extend_from_slice(&frames[1]);
        feed_stream(crate::xexun3::PROTOCOL, &data);
    }

    #[test]
    fn gnss_items_round_trip(
        time in 946_684_800u32..4_000_000_000,
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        speed in 0u16..3000,
        course in 0u16..3600,
        index in any::<u8>(),
        imei in any::<[u8; 8]>(),
    ) {
        let frame = encode::frame(0x20, index, &imei, &encode::gnss_item(time, lat, lon, speed, course));
        let message = decode_one(&frame).expect("decodes");
        let Message::Records { records, .. } = &message else {
            panic!("{message:?}");
        };
        prop_assert_eq!(records[0].fix_time_ms, i64::from(time) * 1000);
        prop_assert_eq!(records[0].latitude, lat);
        prop_assert_eq!(records[0].longitude, lon);
        prop_assert_eq!(records[0].speed_kmh, f64::from(speed) / 10.0);
        prop_assert_eq!(records[0].course_deg, f64::from(course) / 10.0);
    }
}
