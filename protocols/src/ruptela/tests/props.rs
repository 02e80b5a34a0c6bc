//! Property tests: records written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::message::Message;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::super::encode::encode_records;
use super::{codec, decode_all};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn records_round_trip(
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        speed in 0u16..=1000,
        course in 0u16..36000,
        secs in 946_684_800i64..4_102_444_799,
        sats in 1u8..32,
        extended in any::<bool>(),
        io in prop::collection::vec((0u16..256, any::<u64>(), 0usize..4), 0..12),
    ) {
        let mut record = Record::at(secs * 1000, lat, lon);
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course) / 100.0;
        record.satellites = Some(sats);
        record.hdop = Some(1.2);
        record.event = Some(7);
        record.io = vec![IoElement {
            key: IoKey::Name("priority".into()),
            value: IoValue::Uint { value: 1, width: 1 },
        }];
        for (id, value, w) in io {
            let width = [1u8, 2, 4, 8][w];
            let value = if width == 8 { value } else { value % (1 << (8 * u32::from(width))) };
            record.io.push(IoElement { key: IoKey::Id(id), value: IoValue::Uint { value, width } });
        }
        // The packet groups elements by width, so they come back in that order.
        record.io[1..].sort_by_key(|e| match e.value { IoValue::Uint { width, .. } => width, _ => 0 });
        let packet = encode_records(356_307_042_441_013, &[record.clone()], extended).expect("encodes");
        let (messages, rest) = decode_all(&mut codec(), &packet).expect("decodes");
        prop_assert!(rest.is_empty());
        let [Message::Records { records, .. }] = messages.as_slice() else {
            panic!("{messages:?}");
        };
        let back = &records[0];
        prop_assert_eq!(back.fix_time_ms, record.fix_time_ms);
        prop_assert!((back.latitude - lat).abs() < 1e-7);
        prop_assert!((back.longitude - lon).abs() < 1e-7);
        prop_assert_eq!(back.speed_kmh, record.speed_kmh);
        prop_assert!((back.course_deg - record.course_deg).abs() < 1e-9);
        prop_assert_eq!(back.satellites, Some(sats));
        prop_assert_eq!(back.event, Some(7));
        prop_assert_eq!(&back.io, &record.io);
    }
}
