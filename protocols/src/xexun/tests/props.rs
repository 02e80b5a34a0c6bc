//! Property tests: reports written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use bytes::BytesMut;
use proptest::prelude::*;

use crate::codec::DeviceCodec;
use crate::record::Record;

use super::super::encode;
use super::{codec, only_record};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reports_round_trip(
        time in 946_684_800_000i64..4_102_444_800_000,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        knots in 0u32..500,
        course in 0u32..360,
        full in any::<bool>(),
    ) {
        let mut record = Record::at(time, lat, lon);
        record.speed_kmh = f64::from(knots) * crate::fix::KMH_PER_KNOT;
        record.course_deg = f64::from(course);
        record.satellites = Some(7);
        let report = if full {
            encode::full_report("359587014718392", "+31652454927", &record)
        } else {
            encode::simple_report("359587014718392", &record)
        };
        let mut buf = BytesMut::from(report.as_bytes());
        let message = codec().decode(&mut buf).expect("decodes").expect("frame");
        prop_assert_eq!(message.device().map(|d| d.as_str()), Some("359587014718392"));
        let got = only_record(&message);
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert!((got.latitude - lat).abs() < 1e-5);
        prop_assert!((got.longitude - lon).abs() < 1e-5);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 0.02);
        prop_assert!((got.course_deg - record.course_deg).abs() < 0.01);
        if full {
            prop_assert_eq!(got.satellites, Some(7));
        }
    }
}
