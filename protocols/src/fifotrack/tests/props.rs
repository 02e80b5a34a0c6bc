//! Property tests: mutated corpus messages keep the codec contract, and
//! built `A01` reports read back.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::message::Message;

use super::super::framing::message;
use super::{decode_one, wire};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let messages: Vec<Vec<u8>> = (0..16).map(wire).collect();
        let mutated = crate::test_support::mutate(&messages, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&messages[4]);
        feed_stream(crate::fifotrack::PROTOCOL, &data);
    }

    #[test]
    fn built_a01_reports_read_back(
        lat in -89_999_999i32..89_999_999,
        lon in -179_999_999i32..179_999_999,
        speed in 0u32..300,
        course in 0u32..360,
    ) {
        let degrees = |v: i32| format!("{}{}.{:06}", if v < 0 { "-" } else { "" }, v.abs() / 1_000_000, v.abs() % 1_000_000);
        let rest = format!(
            "869467049290787,2A8C,A01,,190413153254,A,{},{},{speed},{course},415,80972243,0,0000,00,0,643|3|51AF|BF2F,1A3|4F6|832|0,1,",
            degrees(lat),
            degrees(lon)
        );
        let Message::Records { records, .. } = decode_one(&message(&rest)).expect("decodes") else {
            panic!("a report");
        };
        let r = &records[0];
        prop_assert!((r.latitude - f64::from(lat) / 1e6).abs() < 1e-9);
        prop_assert!((r.longitude - f64::from(lon) / 1e6).abs() < 1e-9);
        prop_assert_eq!((r.speed_kmh, r.course_deg), (f64::from(speed), f64::from(course)));
    }
}
