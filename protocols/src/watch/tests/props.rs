//! Property tests: positions written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use proptest::prelude::*;

use crate::record::Record;

use super::super::encode;
use super::super::framing::Header;
use super::{codec, decode_one};
use crate::message::Message;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn positions_round_trip(
        time in 946_684_800i64..4_102_444_800,
        lat in -89.99f64..89.99,
        lon in -179.99f64..179.99,
        speed in 0u32..2000,
        course in 0u32..360,
        audio in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut record = Record::at(time * 1000, lat, lon);
        record.speed_kmh = f64::from(speed) / 10.0;
        record.course_deg = f64::from(course);
        let header = Header { maker: "3G".into(), id: "8800000015".into(), index: None, length: 0 };
        let frame = encode::frame(&header, &encode::position_content(&record));
        let message = decode_one(&mut codec(), &frame).expect("decodes");
        let Message::Records { records, .. } = &message else { panic!("{message:?}") };
        prop_assert_eq!(records[0].fix_time_ms, record.fix_time_ms);
        prop_assert!((records[0].latitude - lat).abs() < 1e-6);
        prop_assert!((records[0].longitude - lon).abs() < 1e-6);
        prop_assert!((records[0].speed_kmh - record.speed_kmh).abs() < 0.01);
        prop_assert_eq!(records[0].course_deg, record.course_deg);
        // Voice frames carry any bytes through the stuffing.
        let voice = encode::binary_frame(&header, "TK,", &audio);
        let message = decode_one(&mut codec(), &voice).expect("decodes");
        let Message::Records { records, .. } = &message else { panic!("{message:?}") };
        prop_assert_eq!(
            records[0].io.iter().find(|e| e.key == crate::record::IoKey::Name("audio".into())).map(|e| e.value.clone()),
            Some(crate::record::IoValue::Bytes(audio.clone()))
        );
    }
}
