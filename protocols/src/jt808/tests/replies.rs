//! Exact bytes of every reply, for 2013 and 2019 headers.

use bytes::Bytes;

use crate::message::{DeviceId, Message};

use super::super::encode_message;
use super::{codec, decode_one, unhex, wire};

fn hex_of(bytes: &Option<Bytes>) -> String {
    crate::hex::encode(bytes.as_deref().expect("a reply"))
}

/// Decodes a corpus payload (de-escaped form) on a fresh codec.
fn corpus(payload: &str) -> Message {
    decode_one(&mut codec(), &wire(&unhex(payload))).expect("a message")
}

#[test]
fn registration_accept_and_reject() {
    // Corpus #89: terminal 094027849470, serial 0x0012.
    let message =
        corpus("7e010000190940278494700012000000000000000000000000000000000000094027849470000a7e");
    let Message::Login {
        device,
        accept,
        reject,
    } = message
    else {
        panic!("expected a login, got {message:?}");
    };
    assert_eq!(device, DeviceId("094027849470".into()));
    // 0x8100: reply serial 0012, result 0, auth code "094027849470".
    assert_eq!(
        hex_of(&accept),
        "7e8100000f09402784947000000012003039343032373834393437309c7e"
    );
    // Result 4: no such terminal; no auth code.
    assert_eq!(hex_of(&reject), "7e8100000309402784947000000012049a7e");
}

#[test]
fn registration_2019_echoes_version_and_long_number() {
    // Corpus #4: version 1, 20-digit terminal number, serial 0x5218.
    let message = corpus(
        "7e0100405c010000086649607758216452180000000000000000000000000000004d443330300000000000000000000000000000000000000000000000000038363634393630373735383231363400000000000000000000000000000004000000000000000000000000000000007a7e",
    );
    let Message::Login { device, accept, .. } = message else {
        panic!("expected a login, got {message:?}");
    };
    assert_eq!(device.as_str(), "00000866496077582164");
    assert_eq!(
        hex_of(&accept),
        "7e81004017010000086649607758216400005218003030303030383636343936303737353832313634bf7e"
    );
}

#[test]
fn authentication_accept_and_reject() {
    // Corpus #86: serial 0x0006.
    let message = corpus("7e0102000e013511221122000661757468656e7469636174696f6e3f7e");
    let Message::Login { accept, reject, .. } = message else {
        panic!("expected a login, got {message:?}");
    };
    assert_eq!(hex_of(&accept), "7e8001000501351122112200000006010200b57e");
    assert_eq!(hex_of(&reject), "7e8001000501351122112200000006010201b47e");
}

#[test]
fn heartbeat_general_reply() {
    // Corpus #92: serial 0x00b7.
    let message = corpus("7e0002000004304832546500b7ca7e");
    let Message::Heartbeat { reply, device } = message else {
        panic!("expected a heartbeat, got {message:?}");
    };
    assert_eq!(device, Some(DeviceId("043048325465".into())));
    assert_eq!(hex_of(&reply), "7e80010005043048325465000000b70002004e7e");
}

#[test]
fn location_ack_is_a_general_reply() {
    // Corpus #81: serial 0x0002.
    let message = corpus(
        "7e0200002c00160128561400020000000000040001005de1f7065c6cef00000000000017011710044201040000a9002a02000030011b3101030c7e",
    );
    let Message::Records { ack, records, .. } = message else {
        panic!("expected records, got {message:?}");
    };
    assert_eq!(records.len(), 1);
    assert_eq!(hex_of(&ack), "7e8001000500160128561400000002020000f97e");
}

#[test]
fn time_sync_reply_carries_the_clock() {
    let request = encode_message("012345678901", None, 0x0109, 7, &[]);
    assert_eq!(
        crate::hex::encode(&request),
        "7e010900000123456789010007877e"
    );
    let Some(Message::Heartbeat { reply, .. }) = decode_one(&mut codec(), &request) else {
        panic!("expected a heartbeat");
    };
    // 2024-01-02 03:04:05 UTC, result 0.
    assert_eq!(
        hex_of(&reply),
        "7e81090008012345678901000007e8010203040500e67e"
    );
}

#[test]
fn unknown_message_is_not_supported() {
    let request = encode_message("012345678901", None, 0x0F00, 7, &[]);
    let Some(Message::Heartbeat { reply, .. }) = decode_one(&mut codec(), &request) else {
        panic!("expected a heartbeat");
    };
    // Result 3: not supported.
    assert_eq!(hex_of(&reply), "7e80010005012345678901000000070f0003077e");
}

#[test]
fn reply_serial_counts_up_per_message() {
    let mut c = codec();
    let beat = encode_message("012345678901", None, 0x0002, 1, &[]);
    let serials: Vec<u16> = (0..3)
        .map(|_| match decode_one(&mut c, &beat) {
            Some(Message::Heartbeat { reply: Some(r), .. }) => u16::from_be_bytes([r[11], r[12]]),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(serials, [0, 1, 2]);
}
