//! Property tests: locations written by the encoder decode back.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use bytes::BytesMut;
use proptest::prelude::*;

use crate::codec::{DeviceCodec, Limits};
use crate::message::Message;
use crate::record::Record;

use super::super::encode::{encode_location, encode_login};
use super::super::{Gt06Codec, Gt06Variant};
use super::{decode_all, logged_in};

fn corpus_frames() -> Vec<Vec<u8>> {
    crate::test_support::binary_payloads("gt06")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn locations_round_trip(
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        speed in 0u8..=255,
        course in 0u16..360,
        secs in 946_684_800i64..4_102_444_799,
        sats in 0u8..16,
        valid in any::<bool>(),
    ) {
        let mut record = Record::at(secs * 1000, lat, lon);
        record.speed_kmh = f64::from(speed);
        record.course_deg = f64::from(course);
        record.satellites = Some(sats);
        record.valid = valid;
        let mut codec = logged_in();
        let (messages, rest) = decode_all(&mut codec, &encode_location(&record, 7));
        prop_assert!(rest.is_empty());
        let [Message::Records { records, ack: None, .. }] = messages.as_slice() else {
            panic!("{messages:?}");
        };
        let back = &records[0];
        prop_assert_eq!(back.fix_time_ms, record.fix_time_ms);
        prop_assert!((back.latitude - lat).abs() < 1e-6);
        prop_assert!((back.longitude - lon).abs() < 1e-6);
        prop_assert_eq!(back.speed_kmh, record.speed_kmh);
        prop_assert_eq!(back.course_deg, record.course_deg);
        prop_assert_eq!(back.satellites, Some(sats));
        prop_assert_eq!(back.valid, valid);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every reseller layout reads the same mutated corpus streams without
    /// failing, panicking or stalling, and buffers at most one frame.
    #[test]
    fn every_variant_keeps_the_contract(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..6),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        chunk in 1usize..64,
    ) {
        let frames = corpus_frames();
        let mut stream = encode_login("864717003283581", 1).to_vec();
        for pick in picks {
            stream.extend_from_slice(&frames[pick.index(frames.len())]);
        }
        for (at, byte) in edits {
            let i = at.index(stream.len());
            stream[i] = byte;
        }
        stream.truncate(cut.index(stream.len() + 1));
        for &variant in Gt06Variant::ALL {
            let limits = Limits { max_frame_len: 512 };
            let mut codec = Gt06Codec::new(limits).with_variant(variant);
            let mut buf = BytesMut::new();
            for piece in stream.chunks(chunk) {
                buf.extend_from_slice(piece);
                loop {
                    let before = buf.len();
                    match codec.decode(&mut buf) {
                        Ok(Some(_)) => prop_assert!(buf.len() < before),
                        Ok(None) => break,
                        // A damaged packet is skipped whole; the stream goes on.
                        Err(e) if e.can_resume() => prop_assert!(buf.len() < before),
                        Err(e) => panic!("{variant:?}: the stream was lost: {e}"),
                    }
                }
                prop_assert!(buf.len() <= 512 + chunk);
            }
        }
    }
}
