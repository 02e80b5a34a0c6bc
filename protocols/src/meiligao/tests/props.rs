//! Property tests: mutated corpus packets keep the codec contract, and
//! reports written by the encoder decode back.

use proptest::prelude::*;

use crate::fuzzing::{feed_datagram, feed_stream};
use crate::message::Message;
use crate::record::Record;

use super::super::decode::POSITION;
use super::super::encode;
use super::super::framing::id_bytes;
use super::{decode_one, sample};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_packets_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let packets: Vec<Vec<u8>> = [0, 1, 8, 9, 16, 20, 21, 22].into_iter().map(sample).collect();
        let packet = crate::test_support::mutate(&packets, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&packet);
        data.extend_from_slice(&packets[5]);
        feed_stream(crate::meiligao::PROTOCOL, &data);
        feed_datagram(crate::meiligao::PROTOCOL, &packet);
    }

    #[test]
    fn reports_round_trip(
        // Two-digit years: 2000 to 2079 (80 to 99 are read as 1980 to 1999).
        ms in 946_684_800_000i64..3_471_292_800_000,
        lat in -90.0f64..=90.0,
        lon in -180.0f64..=180.0,
        speed_knots in 0u32..=99_999,
        course in 0u32..=36_000,
        valid in any::<bool>(),
        device in "[0-9]{1,14}",
    ) {
        let mut record = Record::at(ms, lat, lon);
        record.valid = valid;
        record.speed_kmh = f64::from(speed_knots) / 100.0 * crate::fix::KMH_PER_KNOT;
        record.course_deg = f64::from(course) / 100.0;
        let id = id_bytes(&device).expect("digits");
        let packet = encode::device(&id, POSITION, encode::report(&record).as_bytes());
        let message = decode_one(&packet).expect("decodes");
        prop_assert_eq!(message.device().map(|d| d.as_str()), Some(device.as_str()));
        let Message::Records { records, .. } = &message else {
            panic!("{message:?}");
        };
        let got = &records[0];
        prop_assert_eq!(got.fix_time_ms, record.fix_time_ms);
        prop_assert_eq!(got.valid, valid);
        // Minutes to 1/10000: at most half of that lost.
        prop_assert!((got.latitude - lat).abs() <= 0.5 / 600_000.0 + 1e-9);
        prop_assert!((got.longitude - lon).abs() <= 0.5 / 600_000.0 + 1e-9);
        prop_assert!((got.speed_kmh - record.speed_kmh).abs() < 1e-9);
        prop_assert!((got.course_deg - record.course_deg).abs() < 1e-9);
    }
}
