//! Exact bytes of every reply, against the corpus README's table and the
//! GT06 documents' examples.

use bytes::Bytes;

use crate::message::{DeviceId, Message};

use super::super::encode::{ack, address_reply, encode_location, encode_login, time_reply};
use super::{NOW_MS, codec, decode_all, logged_in, unhex};

fn hex(bytes: &Bytes) -> String {
    hex::encode(bytes)
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
