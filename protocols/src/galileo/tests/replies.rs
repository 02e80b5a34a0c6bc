//! Exact bytes of every reply, against the corpus README's table.

use crate::message::{DeviceId, Message};
use crate::record::IoValue;
use crate::sensor::{Sensor, Value};

use super::super::encode::encode_head;
use super::{codec, decode_all, identified, sample};

fn hex(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}

#[test]
fn head_and_main_packets_are_confirmed_with_their_crc() {
    let mut c = codec();
    let (messages, _) = decode_all(&mut c, &sample(7)).expect("decodes");
    let [
        Message::Login {
            device,
            accept: Some(a),
            reject: None,
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(device, &DeviceId("868204001549087".into()));
    assert_eq!(hex(a), "028590");
    let (messages, _) = decode_all(&mut codec(), &sample(0)).expect("decodes");
    let [Message::Records { ack: Some(a), .. }] = messages.as_slice() else {
        panic!("{messages:?}");
    };
    assert_eq!(hex(a), "028960");
    let head = encode_head("868204001549087").expect("valid IMEI");
    let (messages, _) = decode_all(&mut codec(), &head).expect("decodes");
    let [
        Message::Login {
            accept: Some(a), ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(&a[1..], &head[head.len() - 2..]);
}

#[test]
fn photo_parts_are_confirmed_with_07() {
    let (messages, _) = decode_all(&mut identified(), &sample(3)).expect("decodes");
    let [Message::Heartbeat { reply: Some(r), .. }] = messages.as_slice() else {
        panic!("{messages:?}");
    };
    assert_eq!(hex(r), "07d4ba");
}

#[test]
fn command_answers_are_confirmed_and_carry_their_text() {
    let (messages, _) = decode_all(&mut codec(), &sample(5)).expect("decodes");
    let [
        Message::CommandResponse {
            answers: Some(0),
            device,
            text,
            ack: Some(a),
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(device, &Some(DeviceId("863591023517372".into())));
    assert_eq!(text, "OUT(3..0) = 1110");
    assert_eq!(a[0], 0x02);
}

#[test]
fn the_first_record_decodes_to_its_values() {
    let (messages, _) = decode_all(&mut codec(), &sample(0)).expect("decodes");
    let [Message::Records { records, .. }] = messages.as_slice() else {
        panic!("{messages:?}");
    };
    let r = &records[0];
    assert_eq!(r.fix_time_ms, 1_537_190_524_000);
    assert!((r.latitude - 24.709763).abs() < 1e-9);
    assert!((r.longitude - 46.665418).abs() < 1e-9);
    assert_eq!(r.satellites, Some(12));
    // Tag 0x41, supply voltage in mV, kept raw and named.
    let raw = r.io(0x41).and_then(IoValue::as_u64).expect("tag 0x41");
    let named = r
        .values
        .iter()
        .find(|v| v.sensor == Sensor::Input("board_voltage".into()))
        .map(|v| v.value.clone());
    assert_eq!(named, Some(Value::Number(raw as f64 / 1000.0)));
}
