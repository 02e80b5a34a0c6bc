//! Replays the device corpus's 12 Cellocator samples: the 11 decoder
//! samples through one stream codec, in order, and again as datagrams; the
//! frame-splitting sample through a codec of its own.
//!
//! 10 decoder samples are accepted, each answered; one is refused.
//!
//! - #0–#2, #6–#10: status messages (type 0), a record each. #0: unit
//!   995587, numerator 0x33, reason 32, the multi-purpose field
//!   `b8a5c7010000` (the driver id the corpus expects), 16 satellites,
//!   -33.50524, -70.55119, 676 m, 2024-12-05 21:00:25. #1: ignition on
//!   (the corpus's assert), 34.09 km/h. #8 is dated 2006.
//! - #3, #4: modular messages (type 11) with GPS and time modules, a record
//!   each; #4 carries a large CAN-style module, kept raw.
//! - #5 is refused: its header reads `MCPG` (not `MCGP`), its byte sum
//!   fails and its coordinates are out of range; over TCP it ends the
//!   connection (the stream's position is lost), as a datagram it is
//!   refused.
//! - The frame sample: one whole modular message in one chunk, cut exactly
//!   (its GPS module's mode is 0, so the fix is not valid).

use crate::codec::{DatagramCodec, DecodeError};
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::{assert_plausible, drain};

use super::super::CellocatorDatagram;
use super::{codec, frame_sample, message, samples};

fn decoded(index: usize) -> (String, Record) {
    let name = format!("testDecode #{index}");
    let drained = drain(&mut codec(), &message(index));
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
        "{name}: {drained:?}"
    );
    let [
        Message::Records {
            device: Some(device),
            records,
            ack: Some(_),
        },
    ] = drained.messages.as_slice()
    else {
        panic!("{name}: {:?}", drained.messages);
    };
    let over_udp = CellocatorDatagram
        .decode_datagram(&message(index))
        .expect("decodes");
    let [Message::Records { records: udp, .. }] = over_udp.as_slice() else {
        panic!("{name}: {over_udp:?}");
    };
    assert_eq!(udp, records, "{name}");
    let record = records[0].clone();
    assert_plausible(&record);
    (device.0.clone(), record)
}

fn io(record: &Record, id: u16) -> &IoValue {
    record.io(id).expect("element")
}

#[test]
fn every_sample_in_order() {
    let all = samples();
    assert_eq!(all.len(), 11);
    let mut stream = codec();
    let mut bytes = Vec::new();
    for index in 0..all.len() {
        if index == 5 {
            continue;
        }
        bytes.extend_from_slice(&message(index));
    }
    let drained = drain(&mut stream, &bytes);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 10);
    for index in (0..all.len()).filter(|&i| i != 5) {
        let (_, record) = decoded(index);
        assert!(record.valid, "#{index}");
    }
}

#[test]
fn status_messages() {
    let (device, first) = decoded(0);
    assert_eq!(device, "995587");
    assert_eq!(first.fix_time_ms, 1_733_432_425_000);
    assert!((first.latitude + 33.505_24).abs() < 1e-5);
    assert!((first.longitude + 70.551_19).abs() < 1e-5);
    assert_eq!((first.altitude_m, first.satellites), (676.0, Some(16)));
    assert_eq!(first.event, Some(32));
    assert_eq!(
        io(&first, 4),
        &IoValue::Bytes(vec![0xb8, 0xa5, 0xc7, 0x01, 0x00, 0x00])
    );
    let (_, second) = decoded(1);
    let ignition = second
        .values
        .iter()
        .find(|v| v.sensor == Sensor::Ignition)
        .expect("ignition");
    assert_eq!(ignition.value, Value::Bool(true));
    assert!((second.speed_kmh - 34.092).abs() < 1e-9);
    assert_eq!(io(&second, 3).as_u64(), Some(102_220));
    let (_, eighth) = decoded(8);
    // 2006-03-20 07:37:21 UTC.
    assert_eq!(eighth.fix_time_ms, 1_142_840_241_000);
}

#[test]
fn modular_messages() {
    let (device, third) = decoded(3);
    assert_eq!(device, "2254558");
    // 2019-07-15 21:51:49 UTC, Santiago.
    assert_eq!(third.fix_time_ms, 1_563_227_509_000);
    assert!((third.latitude + 33.36).abs() < 0.01);
    assert_eq!((third.altitude_m, third.satellites), (803.0, Some(9)));
    let (_, fourth) = decoded(4);
    assert!(fourth.io.iter().any(|e| e.key == IoKey::Id(102)));
}

#[test]
fn the_misspelt_header_is_refused() {
    let drained = drain(&mut codec(), &message(5));
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
    assert!(drained.messages.is_empty());
    assert!(CellocatorDatagram.decode_datagram(&message(5)).is_err());
    // The same message with the right header still fails its byte sum.
    let mut fixed = message(5);
    fixed[..4].copy_from_slice(b"MCGP");
    let drained = drain(&mut codec(), &fixed);
    assert!(matches!(drained.closed, Some(DecodeError::Checksum { .. })));
}

#[test]
fn the_frame_sample_is_cut_exactly() {
    let (chunk, frame) = frame_sample();
    let drained = drain(&mut codec(), &chunk);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert_eq!(chunk, frame);
    let [Message::Records { records, .. }] = drained.messages.as_slice() else {
        panic!("{:?}", drained.messages);
    };
    assert!(!records[0].valid);
    assert_eq!(records[0].satellites, Some(13));
}
