//! Property tests: reports written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::message::Message;
use crate::record::Record;

use super::super::encode;
use super::decode_one;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
