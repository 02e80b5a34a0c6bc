//! Property tests: random and mutated corpus packets never break the
//! codecs' contract, and locations written by the encoder decode back.

use proptest::prelude::*;

use crate::codec::DatagramCodec;
use crate::fuzzing::{feed_datagram, feed_stream};
use crate::message::Message;
use crate::record::Record;

use super::super::encode::{encode_location, encode_login, udp_wrap};
use super::{datagram, decode_all, logged_in};

fn corpus_frames() -> Vec<Vec<u8>> {
    crate::test_support::binary_payloads("eelink")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let frames = corpus_frames();
        let mut stream = vec![chunk];
        stream.extend_from_slice(&encode_login("352544071750518", 1));
        let mut udp = Vec::new();
        for pick in picks {
            let frame = &frames[pick.index(frames.len())];
            if frame.starts_with(b"EL") {
                udp = frame.clone();
            } else {
                stream.extend_from_slice(frame);
            }
        }
        for (at, byte) in edits {
            let i = at.index(stream.len());
            stream[i] = byte;
            if !udp.is_empty() {
                let j = at.index(udp.len());
                udp[j] = byte;
            }
        }
        stream.truncate(cut.index(stream.len() + 1));
        udp.truncate(cut.index(udp.len() + 1));
        feed_stream(crate::eelink::PROTOCOL, &stream);
        feed_datagram(crate::eelink::PROTOCOL, &udp);
    }

    #[test]
    fn random_bytes_keep_the_contract(data in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut framed = b"gg".to_vec();
        framed.extend_from_slice(&data);
        feed_stream(crate::eelink::PROTOCOL, &framed);
        let mut enveloped = b"EL".to_vec();
        enveloped.extend_from_slice(&data);
        feed_datagram(crate::eelink::PROTOCOL, &enveloped);
    }

    #[test]
    fn locations_round_trip_over_tcp_and_udp(
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        speed in 0u16..1000,
        course in 0u16..360,
        altitude in -500i16..9000,
        secs in 946_684_800i64..4_102_444_799,
        sats in any::<u8>(),
        valid in any::<bool>(),
    ) {
        let mut record = Record::at(secs * 1000, lat, lon);
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course);
        record.altitude_m = f64::from(altitude);
        record.satellites = Some(sats);
        record.valid = valid;
        let packet = encode_location(&record, 7, 0x0006);
        let (tcp, rest) = decode_all(&mut logged_in(), &packet);
        prop_assert!(rest.is_empty());
        let udp = datagram().decode_datagram(&udp_wrap("352544071750518", &packet)).expect("decodes");
        for messages in [tcp, udp] {
            let [Message::Records { records, .. }] = messages.as_slice() else {
                panic!("{messages:?}");
            };
            let back = &records[0];
            prop_assert_eq!(back.fix_time_ms, record.fix_time_ms);
            prop_assert!((back.latitude - lat).abs() < 1e-6);
            prop_assert!((back.longitude - lon).abs() < 1e-6);
            prop_assert_eq!(back.speed_kmh, record.speed_kmh);
            prop_assert_eq!(back.course_deg, record.course_deg);
            prop_assert_eq!(back.altitude_m, record.altitude_m);
            prop_assert_eq!(back.satellites, Some(sats));
            prop_assert_eq!(back.valid, valid);
        }
    }
}

#[test]
fn a_login_for_any_imei_names_it_back() {
    for imei in ["352544071750518", "354188046618349", "1"] {
        let mut codec = super::codec();
        let (messages, _) = decode_all(&mut codec, &encode_login(imei, 3));
        assert!(
            matches!(messages.as_slice(), [Message::Login { device, .. }] if device.as_str() == imei.trim_start_matches('0') || imei == "1" && device.as_str() == "000000000000001")
        );
    }
}
