//! Property tests: reports written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::record::Record;

use super::super::encode;
use super::{decode_one, only_record};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reports_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        centiknots in 0u32..50_000,
        centideg in 0u32..36_000,
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(centiknots) / 100.0 * crate::fix::KMH_PER_KNOT;
        record.course_deg = f64::from(centideg) / 100.0;
        let report = encode::tracker_report("123456789012345", "tracker", &record);
        let message = decode_one(report.as_bytes()).expect("decodes");
        let got = only_record(&message);
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-6);
        prop_assert!((got.longitude - lon).abs() < 1e-6);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 1e-6);
        prop_assert!((got.course_deg - record.course_deg).abs() < 1e-9);
    }
}
