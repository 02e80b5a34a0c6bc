//! Framer edge cases, and the refused corpus samples with their length
//! repaired.

use bytes::BytesMut;

use crate::codec::{DecodeError, Limits};
use crate::message::Message;

use super::super::decode::DTC;
use super::super::encode::{ack, encode_packet};
use super::super::framing::cut;
use super::{codec, decode_all, repaired, sample};

#[test]
fn partial_packets_wait_and_two_packets_in_one_read_both_come_out() {
    let heartbeat = encode_packet(863_071_016_796_572, 16, &[]).expect("small");
    let mut codec = codec();
    let (messages, rest) = decode_all(&mut codec, &heartbeat[..5]).expect("ok");
    assert!(messages.is_empty());
    assert_eq!(rest.len(), 5, "a partial packet stays buffered");
    let mut two = heartbeat.to_vec();
    two.extend_from_slice(&sample(11));
    let (messages, rest) = decode_all(&mut codec, &two).expect("ok");
    assert!(rest.is_empty());
    assert!(matches!(
        messages.as_slice(),
        [Message::Heartbeat { .. }, Message::Records { .. }]
    ));
}

#[test]
fn lengths_are_checked_from_the_header() {
    let limits = Limits { max_frame_len: 64 };
    let mut big = BytesMut::from(&[0x01, 0x00][..]);
    assert!(matches!(
        cut(&mut big, &limits),
        Err(DecodeError::Oversize { len: 260, max: 64 })
    ));
    let mut short = BytesMut::from(&[0x00, 0x08][..]);
    assert!(matches!(
        cut(&mut short, &limits),
        Err(DecodeError::Malformed(_))
    ));
    let mut one = BytesMut::from(&[0x00][..]);
    assert_eq!(cut(&mut one, &limits).expect("waits"), None);
}

#[test]
fn a_damaged_packet_is_refused() {
    let mut bytes = sample(11);
    bytes[20] ^= 0x01;
    assert!(matches!(
        decode_all(&mut codec(), &bytes),
        Err(DecodeError::Checksum { .. })
    ));
}

#[test]
fn refused_samples_decode_once_their_length_is_repaired() {
    let (messages, _) = decode_all(&mut codec(), &repaired(6)).expect("CRC holds");
    let [
        Message::CommandResponse {
            text, ack: None, ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(text, "SETIO configuration data ok");

    let (messages, _) = decode_all(&mut codec(), &repaired(8)).expect("CRC holds");
    let [
        Message::Records {
            records,
            ack: Some(a),
            device,
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(a, &ack(9));
    assert_eq!(device.as_ref().map(|d| d.as_str()), Some("12207001062170"));
    let codes: Vec<_> = records
        .iter()
        .map(|r| {
            r.io.iter()
                .find(|e| e.key == crate::record::IoKey::Name(DTC.into()))
                .map(|e| e.value.clone())
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            Some(crate::record::IoValue::Text("P0010".into())),
            Some(crate::record::IoValue::Text("P0011".into()))
        ]
    );
    assert_eq!(records[0].fix_time_ms, 0x4e9c_af2c_i64 * 1000);
    assert!((records[0].longitude - 13.1467505).abs() < 1e-7);
    assert!((records[0].latitude - 43.755129).abs() < 1e-7);
}
