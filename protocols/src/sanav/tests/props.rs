//! Property tests: mutated corpus lines keep the codec contract over TCP
//! and UDP, and every record built reads back from its sentence.

use proptest::prelude::*;

use crate::fuzzing::{feed_datagram, feed_stream};
use crate::record::Record;

use super::line;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_lines_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let lines: Vec<Vec<u8>> = (0..7).map(line).collect();
        let mutated = crate::test_support::mutate(&lines, pick, edits, cut);
        feed_datagram(crate::sanav::PROTOCOL, &mutated);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&lines[2]);
        feed_stream(crate::sanav::PROTOCOL, &data);
    }

    #[test]
    fn built_reports_read_back(
        seconds in 946_684_800i64..4_102_444_800,
        lat in -89.9f64..89.9,
        lon in -179.9f64..179.9,
        mv in 3000u32..4300,
    ) {
        let mut record = Record::at(seconds * 1000, lat, lon);
        record.speed_kmh = 0.0;
        let text = format!(
            "imei=352024028982787&rmc={},AUTO-{mv}mv",
            crate::nmea::rmc_sentence(&record)
        );
        let message = super::super::decode_message(text.as_bytes()).expect("reads");
        let crate::message::Message::Records { records, .. } = message else {
            panic!("{message:?}");
        };
        prop_assert_eq!(records[0].fix_time_ms, record.fix_time_ms);
        prop_assert!((records[0].latitude - lat).abs() < 1e-4);
        prop_assert!((records[0].longitude - lon).abs() < 1e-4);
    }
}
