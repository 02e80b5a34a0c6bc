//! Property tests: mutated corpus messages keep the codec contract, and
//! built `!D` reports read back.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::message::Message;
use crate::test_support::drain;

use super::{codec, wire};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let messages: Vec<Vec<u8>> = (0..21).map(wire).collect();
        let mutated = crate::test_support::mutate(&messages, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&wire(0));
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&messages[18]);
        feed_stream(crate::minifinder::PROTOCOL, &data);
    }

    #[test]
    fn built_reports_read_back(
        day in 1u32..29,
        month in 1u32..13,
        lat in -89_999_999i32..89_999_999,
        lon in -179_999_999i32..179_999_999,
        speed in 0u32..300,
    ) {
        let degrees = |v: i32| format!("{}{}.{:06}", if v < 0 { "-" } else { "" }, v.abs() / 1_000_000, v.abs() % 1_000_000);
        let report = format!("!D,{day}/{month}/21,7:5:9,{},{},{speed},90,1,10.0,80,5,9,1.1;", degrees(lat), degrees(lon));
        let stream = [wire(0), report.into_bytes()].concat();
        let drained = drain(&mut codec(), &stream);
        let [_, Message::Records { records, .. }] = drained.messages.as_slice() else {
            panic!("{drained:?}");
        };
        let r = &records[0];
        prop_assert_eq!(r.fix_time_ms, crate::fix::utc_ms(2021, month, day, 7, 5, 9).expect("date"));
        prop_assert!((r.latitude - f64::from(lat) / 1e6).abs() < 1e-9);
        prop_assert!((r.longitude - f64::from(lon) / 1e6).abs() < 1e-9);
        prop_assert_eq!((r.speed_kmh, r.satellites, r.hdop), (f64::from(speed), Some(5), Some(1.1)));
    }
}
