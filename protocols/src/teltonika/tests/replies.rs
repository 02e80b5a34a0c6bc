//! Exact bytes of every reply trackgate writes and of the command it sends.

use bytes::Bytes;

use crate::message::{DeviceId, Message};

use super::super::{encode_command, encode_imei};
use super::{LOGIN, decode_one, logged_in, unhex};

#[test]
fn imei_accept_and_reject() {
    let mut codec = crate::teltonika::TeltonikaCodec::new(Default::default());
    let message = decode_one(&mut codec, &unhex(LOGIN)).expect("login");
    assert_eq!(
        message,
        Message::Login {
            device: DeviceId("123456789012345".into()),
            accept: Some(Bytes::from_static(&[0x01])),
            reject: Some(Bytes::from_static(&[0x00])),
        }
    );
    assert_eq!(
        codec.device().map(DeviceId::as_str),
        Some("123456789012345")
    );
}

#[test]
fn record_count_ack() {
    // Codec 8 with three records, from the corpus.
    let full = "00000000000000e708030000018293d62060000de1f6a62159767e00000000000000000b074504f00050041500c801ef004f630342320043000344000001f100006019000000018291b0c790000de1f6a62159767e006e0144070000ef12074503f00050051505c800ef004f0207b5000eb6000b423324180000ce00dc43001144000004c700000007f100006019cd0003c7776300ea4e2e000000018291aff0b8000de1f91f21597405006f00f61300080012074503f00150051504c800ef014f0207b50009b600054236c1180008ce00dc43003f44000004c700000003f100006019cd0003c7776300ea4e2700030000a48d";
    match decode_one(&mut logged_in(), &unhex(full)) {
        Ok(Message::Records { records, ack, .. }) => {
            assert_eq!(records.len(), 3);
            assert_eq!(ack, Some(Bytes::from_static(&[0, 0, 0, 3])));
        }
        other => panic!("expected records, got {other:?}"),
    }
}

#[test]
fn ping_has_no_reply() {
    let message = decode_one(&mut logged_in(), &[0xFF]).expect("ping");
    assert_eq!(
        message,
        Message::Heartbeat {
            device: None,
            reply: None
        }
    );
}

#[test]
fn command_response_has_no_ack() {
    // "getinfo"-style response from the corpus (codec 12, type 06).
    let packet = "00000000000000100c010600000008010300010015d5c5010000d988";
    match decode_one(&mut logged_in(), &unhex(packet)) {
        Ok(Message::CommandResponse {
            text,
            ack,
            device,
            answers: _,
        }) => {
            assert_eq!(text, "010300010015d5c5", "binary answers are hex");
            assert_eq!((ack, device), (None, None));
        }
        other => panic!("expected a command response, got {other:?}"),
    }
}

#[test]
fn getinfo_command_bytes() {
    assert_eq!(
        crate::hex::encode(encode_command("getinfo")),
        "000000000000000f0c010500000007676574696e666f0100004312"
    );
}

#[test]
fn imei_packet_bytes() {
    assert_eq!(crate::hex::encode(encode_imei("123456789012345")), LOGIN);
}

#[test]
fn encoded_command_decodes_to_its_text() {
    match decode_one(&mut logged_in(), &encode_command("setdigout 1")) {
        Ok(Message::CommandResponse { text, .. }) => assert_eq!(text, "setdigout 1"),
        other => panic!("expected a command, got {other:?}"),
    }
}
