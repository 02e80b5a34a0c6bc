//! Xexun3 acknowledgements, byte for byte.

use crate::checksum::crc16_ccitt_false;
use crate::message::Message;

use super::super::encode;
use super::{decode_one, decoder_frames};

fn reply(message: &Message) -> Vec<u8> {
    match message {
        Message::Records { ack: Some(b), .. }
        | Message::Heartbeat { reply: Some(b), .. }
        | Message::CommandResponse { ack: Some(b), .. } => b.to_vec(),
        other => panic!("no reply: {other:?}"),
    }
}

#[test]
fn corpus_messages_are_acknowledged() {
    let frames = decoder_frames();
    // Index 0: type 20, index 01.
    let ack = reply(&decode_one(&frames[0]).expect("decodes"));
    let body = crate::test_support::unhex("032001086104508038701500");
    let crc = crc16_ccitt_false(&body);
    let mut expected = crate::test_support::unhex("fc000c");
    expected.extend_from_slice(&body);
    expected.extend_from_slice(&crc.to_be_bytes());
    expected.push(0xcf);
    assert_eq!(ack, expected);
    assert_eq!(ack.len(), 18);
    // Index 1: type 20, index 06.
    let ack = reply(&decode_one(&frames[1]).expect("decodes"));
    assert_eq!(&ack[..6], &[0xfc, 0x00, 0x0c, 0x03, 0x20, 0x06]);
    assert_eq!(&ack[6..14], &frames[1][6..14]);
    assert_eq!(ack[14], 0x00);
    assert_eq!(
        u16::from_be_bytes([ack[15], ack[16]]),
        crc16_ccitt_false(&ack[3..15])
    );
    assert_eq!(ack[17], 0xcf);
}

#[test]
fn command_answers_and_other_types_are_acknowledged_too() {
    let imei = [0x08, 0x61, 0x04, 0x50, 0x80, 0x38, 0x70, 0x15];
    let answer = encode::frame(0x21, 9, &imei, b"OK");
    let message = decode_one(&answer).expect("decodes");
    let Message::CommandResponse { text, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(text, "4f4b");
    assert_eq!(&reply(&message)[3..6], &[0x03, 0x21, 0x09]);
    let other = decode_one(&encode::frame(0x10, 2, &imei, &[])).expect("decodes");
    assert!(matches!(other, Message::Heartbeat { .. }));
    assert_eq!(&reply(&other)[3..6], &[0x03, 0x10, 0x02]);
}
