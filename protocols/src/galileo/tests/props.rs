//! Property tests: records written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::message::Message;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::super::encode::encode_records;
use super::{decode_all, identified};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn records_round_trip(
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        speed in 0u16..=2000,
        course in 0u16..3600,
        ms in 946_684_800_000i64..4_102_444_799_000,
        sats in 1u8..16,
        volts in any::<u16>(),
    ) {
        let mut record = Record::at(ms, lat, lon);
        record.speed_kmh = f64::from(speed) / 10.0;
        record.course_deg = f64::from(course) / 10.0;
        record.satellites = Some(sats);
        record.hdop = Some(0.9);
        record.io = vec![IoElement { key: IoKey::Id(0x41), value: IoValue::Uint { value: u64::from(volts), width: 2 } }];
        let packet = encode_records(&[record.clone(), record.clone()]).expect("encodes");
        let (messages, rest) = decode_all(&mut identified(), &packet).expect("decodes");
        prop_assert!(rest.is_empty());
        let [Message::Records { records, .. }] = messages.as_slice() else {
            panic!("{messages:?}");
        };
        prop_assert_eq!(records.len(), 2);
        let back = &records[1];
        prop_assert_eq!(back.fix_time_ms, ms);
        prop_assert!((back.latitude - lat).abs() < 1e-6);
        prop_assert!((back.longitude - lon).abs() < 1e-6);
        prop_assert!((back.speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert!((back.course_deg - record.course_deg).abs() < 1e-9);
        prop_assert_eq!(back.satellites, Some(sats));
        prop_assert!(back.valid);
        prop_assert_eq!(&back.io, &record.io);
    }
}
