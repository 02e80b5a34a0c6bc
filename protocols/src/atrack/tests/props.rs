//! Property tests: reports written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::message::Message;
use crate::record::Record;

use super::super::encode::encode_report;
use super::{codec, decode_all};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reports_round_trip(
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        speed in 0u16..=1000,
        course in 0u16..360,
        secs in 946_684_800i64..4_102_444_799,
        count in 1usize..4,
    ) {
        let mut record = Record::at(secs * 1000, lat, lon);
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course);
        record.event = Some(2);
        let report = encode_report(352_964_052_096_642, 9, &vec![record; count]).expect("encodes");
        let (messages, rest) = decode_all(&mut codec(), &report);
        prop_assert!(rest.is_empty());
        let [Message::Records { records, .. }] = messages.as_slice() else {
            panic!("{messages:?}");
        };
        prop_assert_eq!(records.len(), count);
        let back = &records[count - 1];
        prop_assert_eq!(back.fix_time_ms, secs * 1000);
        prop_assert!((back.latitude - lat).abs() < 1e-6);
        prop_assert!((back.longitude - lon).abs() < 1e-6);
        prop_assert_eq!(back.speed_kmh, f64::from(speed));
        prop_assert_eq!(back.course_deg, f64::from(course));
        prop_assert_eq!(back.event, Some(2));
    }
}
