//! Property tests: mutated corpus messages keep the codec contract, and
//! messages built with their checksum decode to what they were built from.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::message::Message;

use super::super::encode::message;
use super::super::framing::Form;
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
        let messages: Vec<Vec<u8>> = (0..35).map(wire).collect();
        let mutated = crate::test_support::mutate(&messages, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&messages[3]);
        feed_stream(crate::totem::PROTOCOL, &data);
    }

    #[test]
    fn built_gprmc_reports_read_back(
        id in "[0-9]{15}",
        lat_minutes in 0u32..5_400_000,
        lon_minutes in 0u32..10_800_000,
        day in 1u32..29,
    ) {
        let lat = format!("{:02}{:02}.{:04}", lat_minutes / 600_000, lat_minutes / 10_000 % 60, lat_minutes % 10_000);
        let lon = format!("{:03}{:02}.{:04}", lon_minutes / 600_000, lon_minutes / 10_000 % 60, lon_minutes % 10_000);
        let rest = format!("{id}|AA$GPRMC,120000.000,A,{lat},S,{lon},W,0.00,,{day:02}0315,,,A*00|01.0|01.0|01.0|000000000000|20150301120000|14000000|00000000|00000000|0000|0.0000|0001|");
        let Message::Records { device, records, .. } = decode_one(&message(Form::Short, &rest)).expect("decodes") else {
            panic!("a report");
        };
        prop_assert_eq!(device.expect("named").0, id);
        let want = -(f64::from(lat_minutes / 600_000) + f64::from(lat_minutes % 600_000) / 10_000.0 / 60.0);
        prop_assert!((records[0].latitude - want).abs() < 1e-6);
        prop_assert!(records[0].longitude <= 0.0);
    }
}
