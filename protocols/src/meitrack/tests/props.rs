//! Property tests: reports written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::record::Record;

use super::super::encode;
use super::{decode_one, records};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
