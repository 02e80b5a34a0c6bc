//! Exact bytes of every reply, against the corpus README's table.

use bytes::Bytes;

use crate::message::{DeviceId, Message};

use super::super::encode::{ack, encode_packet};
use super::{codec, decode_all, repaired, sample};

fn hex(bytes: &Bytes) -> String {
    crate::hex::encode(bytes)
}

fn only(bytes: &[u8]) -> Message {
    let (mut messages, rest) = decode_all(&mut codec(), bytes).expect("decodes");
    assert!(rest.is_empty());
    assert_eq!(messages.len(), 1, "{messages:?}");
    messages.remove(0)
}

#[test]
fn the_table_of_replies() {
    assert_eq!(hex(&ack(1)), "0002640113bc");
    assert_eq!(hex(&ack(68)), "0002640113bc");
    assert_eq!(hex(&ack(9)), "00026d01c4a4");
    assert_eq!(hex(&ack(15)), "00027301cb25");
    assert_eq!(hex(&ack(16)), "00027401862d");
}

#[test]
fn records_and_extended_records_are_acknowledged_alike() {
    for index in [11, 0] {
        let Message::Records { ack: Some(a), .. } = only(&sample(index)) else {
            panic!("records expected");
        };
        assert_eq!(hex(&a), "0002640113bc", "sample #{index}");
    }
}

#[test]
fn dtcs_identification_and_heartbeats_get_their_own_answer() {
    let Message::Records { ack: Some(a), .. } = only(&repaired(8)) else {
        panic!("DTC records expected");
    };
    assert_eq!(hex(&a), "00026d01c4a4");
    let Message::Login {
        device,
        accept: Some(a),
        reject: None,
    } = only(&sample(1))
    else {
        panic!("login expected");
    };
    assert_eq!(device, DeviceId("869530043209218".into()));
    assert_eq!(hex(&a), "00027301cb25");
    let heartbeat = encode_packet(869_530_043_209_218, 16, &[]).expect("small");
    let Message::Heartbeat {
        device,
        reply: Some(r),
    } = only(&heartbeat)
    else {
        panic!("heartbeat expected");
    };
    assert_eq!(device, Some(DeviceId("869530043209218".into())));
    assert_eq!(hex(&r), "00027401862d");
}

#[test]
fn text_answers_and_file_parts_are_not_answered() {
    assert!(matches!(
        only(&sample(7)),
        Message::CommandResponse { ack: None, .. }
    ));
    assert!(matches!(
        only(&sample(4)),
        Message::Heartbeat { reply: None, .. }
    ));
}
