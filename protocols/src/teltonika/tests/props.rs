//! Property tests: records written in Codec 8 / 8E / 16 decode back exactly.
//! (Mutated corpus frames are fed to every protocol by `crate::fuzzing`.)

use bytes::BytesMut;
use proptest::prelude::*;

use crate::codec::DeviceCodec;
use crate::message::Message;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::super::{AvlCodec, encode_avl, io};
use super::logged_in;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

}

/// A record exactly as the wire can carry it, and the decoded form it must
/// come back as.
fn record(codec: AvlCodec) -> impl Strategy<Value = Record> {
    let id_max: u16 = if codec == AvlCodec::Codec8 {
        0xFF
    } else {
        0xFFFF
    };
    let event_max: u32 = if codec == AvlCodec::Codec8 {
        0xFF
    } else {
        0xFFFF
    };
    let group = move |width: u8| {
        let max = if width == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * width)) - 1
        };
        prop::collection::vec((0..=id_max, 0..=max), 0..5).prop_map(move |pairs| {
            pairs
                .into_iter()
                .map(|(id, value)| IoElement {
                    key: IoKey::Id(id),
                    value: IoValue::Uint { value, width },
                })
                .collect::<Vec<_>>()
        })
    };
    let nx = prop::collection::vec(
        (any::<u16>(), prop::collection::vec(any::<u8>(), 0..24)),
        if codec == AvlCodec::Codec8E {
            0..4
        } else {
            0..1
        },
    );
    (
        (
            0i64..=4_102_444_800_000,
            -900_000_000i32..=900_000_000,
            -1_800_000_000i32..=1_800_000_000,
        ),
        (
            any::<i16>(),
            0u16..=360,
            any::<u8>(),
            any::<u16>(),
            0..=event_max,
        ),
        (group(1), group(2), group(4), group(8), nx),
    )
        .prop_map(
            |((time, lat, lon), (alt, angle, sats, speed, event), (g1, g2, g4, g8, nx))| {
                let mut io: Vec<IoElement> = [g1, g2, g4, g8].concat();
                io.extend(nx.into_iter().map(|(id, bytes)| IoElement {
                    key: IoKey::Id(id),
                    value: IoValue::Bytes(bytes),
                }));
                let mut r = Record::at(time, f64::from(lat) / 1e7, f64::from(lon) / 1e7);
                r.valid = sats != 0;
                if sats == 0 && lat == 0 && lon == 0 {
                    r.source = FixSource::None;
                }
                r.altitude_m = f64::from(alt);
                r.course_deg = f64::from(angle);
                r.satellites = Some(sats);
                r.speed_kmh = f64::from(speed);
                r.event = (event != 0).then_some(event);
                r.hdop = io::hdop(&io);
                r.values = io::named_values(&io);
                r.io = io;
                r
            },
        )
}

fn round_trip(codec: AvlCodec, records: &[Record]) {
    let packet = encode_avl(codec, records).expect("representable records");
    assert_eq!(packet.get(8), Some(&codec.id()));
    let mut buf = BytesMut::from(&packet[..]);
    match logged_in().decode(&mut buf) {
        Ok(Some(Message::Records {
            records: back, ack, ..
        })) => {
            assert_eq!(back, records);
            let count = records.len() as u32;
            assert_eq!(ack.as_deref(), Some(&count.to_be_bytes()[..]));
        }
        other => panic!("expected records, got {other:?}"),
    }
    assert!(buf.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn codec8_round_trips(records in prop::collection::vec(record(AvlCodec::Codec8), 1..4)) {
        round_trip(AvlCodec::Codec8, &records);
    }

    #[test]
    fn codec8e_round_trips(records in prop::collection::vec(record(AvlCodec::Codec8E), 1..4)) {
        round_trip(AvlCodec::Codec8E, &records);
    }

    #[test]
    fn codec16_round_trips(records in prop::collection::vec(record(AvlCodec::Codec16), 1..4)) {
        round_trip(AvlCodec::Codec16, &records);
    }
}
