//! Property tests: D packets written by the encoder decode back to their record.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use bytes::BytesMut;
use proptest::prelude::*;

use crate::codec::{DeviceCodec, Limits};
use crate::message::Message;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::super::{WialonCodec, encode, io};
use super::LOGIN;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn data_packets_round_trip(
        time in 946_684_800i64..4_102_444_799,
        lat in -89.0f64..89.0,
        lon in -179.0f64..179.0,
        speed in 0u16..500,
        course in 0u16..360,
        sats in any::<u8>(),
        inputs in any::<u8>(),
        version2 in any::<bool>(),
        value in "[a-z0-9 .]{0,12}",
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course);
        record.satellites = Some(sats);
        record.valid = sats != 0;
        record.io.push(IoElement { key: IoKey::Name("inputs".into()), value: IoValue::Text(inputs.to_string()) });
        record.io.push(IoElement { key: IoKey::Name("note".into()), value: IoValue::Text(value.clone()) });
        let line = encode::data_packet(&record, version2);
        let mut codec = WialonCodec::new(Limits::default());
        let login = if version2 { encode::login_packet("1", "NA", true) } else { LOGIN.into() };
        let mut buf = BytesMut::from(format!("{login}{line}").as_bytes());
        let _ = codec.decode(&mut buf).expect("login");
        match codec.decode(&mut buf) {
            Ok(Some(Message::Records { records, .. })) => {
                let back = &records[0];
                prop_assert_eq!(back.fix_time_ms, record.fix_time_ms);
                prop_assert!((back.latitude - lat).abs() < 1e-5);
                prop_assert!((back.longitude - lon).abs() < 1e-5);
                prop_assert_eq!(back.speed_kmh, record.speed_kmh);
                prop_assert_eq!(back.course_deg, record.course_deg);
                prop_assert_eq!(back.satellites, Some(sats));
                prop_assert_eq!(back.valid, record.valid);
                prop_assert_eq!(&back.io, &record.io);
                let mut expected = record.clone();
                io::inputs_outputs(Some(&inputs.to_string()), None, &mut expected).expect("mask");
                prop_assert_eq!(&back.values, &expected.values);
            }
            other => prop_assert!(false, "expected records, got {:?}", other),
        }
    }
}
