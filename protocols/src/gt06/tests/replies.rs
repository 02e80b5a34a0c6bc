//! Exact bytes of every reply, against the corpus README's table and the
//! GT06 documents' examples.

use crate::test_support::drain;
use bytes::Bytes;

use crate::message::{DeviceId, Message};
use crate::sensor::{Sensor, Value};

use super::super::Gt06Variant;

use super::super::encode::{ack, address_reply, encode_location, encode_login, time_reply};
use super::{NOW_MS, codec, decode_all, logged_in, unhex};

fn hex(bytes: &Bytes) -> String {
    crate::hex::encode(bytes)
}

#[test]
fn login_is_accepted_with_its_own_serial() {
    let mut c = codec();
    let (messages, _) = decode_all(&mut c, &unhex("78780d01086471700328358100093f040d0a"));
    let [
        Message::Login {
            device,
            accept,
            reject,
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(device, &DeviceId("864717003283581".into()));
    assert_eq!(
        hex(accept.as_ref().expect("accept")),
        "78780501000955940d0a"
    );
    assert_eq!(reject, &None);
    assert_eq!(
        hex(&encode_login("864717003283581", 9)),
        "78780d01086471700328358100093f040d0a"
    );
}

#[test]
fn status_and_alarm_acks_carry_the_packet_type() {
    // The GT06 document's examples.
    assert_eq!(hex(&ack(false, 0x13, 0x0100)), "787805130100e1a00d0a");
    assert_eq!(hex(&ack(false, 0x26, 0x001c)), "78780526001c9d860d0a");
    let mut c = logged_in();
    let (messages, _) = decode_all(&mut c, &unhex("78780a13c40604000201298f5b0d0a"));
    let [
        Message::Records {
            ack: Some(reply), ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(reply, &ack(false, 0x13, 0x0129));
    let alarm =
        "7878251610051b0f1c34c5022515d504b5dcd20738080902d4022bdf009cba5006640201006759680d0a";
    let (messages, _) = decode_all(&mut c, &unhex(alarm));
    let [
        Message::Records {
            ack: Some(reply), ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(reply, &ack(false, 0x16, 0x0067));
}

#[test]
fn long_packets_are_answered_in_the_long_envelope() {
    let bytes = ack(true, 0x94, 0x0001);
    assert_eq!(&bytes[..5], &[0x79, 0x79, 0x00, 0x05, 0x94]);
    assert_eq!(bytes.len(), 11);
}

#[test]
fn time_request_is_answered_with_the_utc_time() {
    // The document's example: 2015-12-29 00:00:21, serial 6.
    let at = 1_451_347_221_000;
    assert_eq!(hex(&time_reply(6, at)), "78780b8a0f0c1d0000150006f0860d0a");
    let mut c = logged_in();
    let (messages, _) = decode_all(&mut c, &unhex("7878058a000688290d0a"));
    let [
        Message::Heartbeat {
            reply: Some(reply), ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(reply, &time_reply(6, NOW_MS));
    assert_eq!(hex(reply), "78780b8a1803010c0000000696580d0a");
}

#[test]
fn address_request_is_answered_with_no_address() {
    let request = "78782e2a0f0c1d071139ca027ac8000c4658000014d83132353230313335333231373730373900000000000001002a6ece0d0a";
    let mut c = logged_in();
    let (messages, _) = decode_all(&mut c, &unhex(request));
    let [
        Message::Heartbeat {
            reply: Some(reply), ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(reply, &address_reply(0x002a));
    assert_eq!(
        hex(reply),
        "79790015970f000000004e4126264e412626302323002a93e90d0a"
    );
}

#[test]
fn locations_and_command_answers_are_not_acknowledged() {
    let mut c = logged_in();
    let location = "78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a";
    let answer = "787829152100000000526573746f7265206675656c20737570706c793a2053756363657373210002014077ce0d0a";
    let mut stream = unhex(location);
    stream.extend_from_slice(&unhex(answer));
    let (messages, _) = decode_all(&mut c, &stream);
    let [
        Message::Records {
            ack: None, records, ..
        },
        Message::CommandResponse {
            text, ack: None, ..
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(records[0].fix_time_ms, 1_445_350_871_000);
    assert_eq!(text, "Restore fuel supply: Success!");
    let again = encode_location(&records[0], 3);
    let (back, _) = decode_all(&mut c, &again);
    let [Message::Records { records: r2, .. }] = back.as_slice() else {
        panic!("{back:?}");
    };
    assert!((r2[0].latitude - records[0].latitude).abs() < 1e-6);
    assert!((r2[0].longitude - records[0].longitude).abs() < 1e-6);
}

/// The only message `packet` (hex) gives a logged-in codec built with
/// `variant`.
fn one(variant: Gt06Variant, packet: &str) -> Message {
    let mut drained = drain(&mut logged_in().with_variant(variant), &unhex(packet));
    assert!(
        drained.rest.is_empty() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 1, "{drained:?}");
    drained.messages.remove(0)
}

fn ack_of(message: &Message) -> Option<&Bytes> {
    match message {
        Message::Records { ack, .. } | Message::CommandResponse { ack, .. } => ack.as_ref(),
        Message::Heartbeat { reply, .. } => reply.as_ref(),
        Message::Login { accept, .. } => accept.as_ref(),
    }
}

#[test]
fn vendor_packets_are_acknowledged_in_their_own_envelope() {
    // 0xF1 tagged status in the long envelope, serial 0x0080.
    let f1 =
        "79790026f16318c0000001010100020101000301000004010100050201950006010010000100008021af0d0a";
    let reply = ack_of(&one(Gt06Variant::Standard, f1)).cloned();
    assert_eq!(reply, Some(ack(true, 0xF1, 0x0080)));
    assert_eq!(hex(&reply.expect("ack"))[..14], *"79790005f10080");
    // 0xA4 multi-fence alarm in the short envelope, serial 0x0009.
    let a4 = "78782da41a0509160203cf05be31f80c306530001c0010012ed000007ef40000000006428b074205041302ff0009389c0d0a";
    assert_eq!(
        ack_of(&one(Gt06Variant::Standard, a4)),
        Some(&ack(false, 0xA4, 0x0009))
    );
    // 0xA7 asks for an address: answered like 0x2A.
    let a7 = "78782ba701cc000000919100000000090617032b3836313832323038343735363200000000000000000100049fb60d0a";
    assert_eq!(
        ack_of(&one(Gt06Variant::Standard, a7)),
        Some(&address_reply(0x0004))
    );
}

#[test]
fn vendor_locations_information_and_serial_data_are_not_answered() {
    let location_38 = "7979003e3819050e0e0c26c5010fd98e0905f53000ccab0e000302c80100000c240000000000048b08001b002e04000015c4003b020000003c0401020001021f60220d0a";
    let info_94 = "79790008940b02e3048614200d0a";
    for packet in [location_38, info_94] {
        let message = one(Gt06Variant::Standard, packet);
        assert!(
            matches!(message, Message::Records { ack: None, .. }),
            "{message:?}"
        );
    }
    let serial_9b = "797900109b0344373532304136320d0a000f87f00d0a";
    let Message::CommandResponse {
        text, ack: None, ..
    } = one(Gt06Variant::Standard, serial_9b)
    else {
        panic!("0x9B is a command response");
    };
    assert_eq!(text, "D7520A62");
}

#[test]
fn a_variant_changes_only_its_own_packets() {
    let power = |message: &Message| match message {
        Message::Records { records, .. } => records[0]
            .values
            .iter()
            .find(|v| v.sensor == Sensor::Input("board_voltage".into()))
            .map(|v| v.value.clone()),
        _ => None,
    };
    // An LW4G status: the documented reading has no external voltage.
    let status = "78780a13560604f0830ccf986f0d0a";
    assert_eq!(power(&one(Gt06Variant::Standard, status)), None);
    assert_eq!(
        power(&one(Gt06Variant::Lw, status)),
        Some(Value::Number(13.1))
    );
    // Packets no variant redefines read the same in every variant: a GPS
    // fix (0x10) and an information packet (0x94).
    for packet in [
        "787819100b031a0b1b31cc027ac7fd0c4657bf0115210001001cc6070d0a",
        "79790008940b02e3048614200d0a",
    ] {
        let standard = one(Gt06Variant::Standard, packet);
        for &variant in Gt06Variant::ALL {
            assert_eq!(one(variant, packet), standard, "{variant:?}");
        }
    }
}
