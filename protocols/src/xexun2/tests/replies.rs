//! Xexun2 acknowledgements, byte for byte.

use crate::message::Message;

use super::super::encode;
use super::super::framing::Header;
use super::{decode_one, decoder_frames};

#[test]
fn every_corpus_message_is_acknowledged_with_its_type_index_and_imei() {
    for frame in decoder_frames() {
        let message = decode_one(&frame).expect("decodes");
        let Message::Records { ack: Some(ack), .. } = &message else {
            panic!("{message:?}");
        };
        let mut expected = vec![0xFA, 0xAF];
        expected.extend_from_slice(&frame[2..14]);
        expected.extend_from_slice(&[0x00, 0x01, 0xFF, 0xFE, 0x01, 0xFA, 0xAF]);
        assert_eq!(&ack[..], &expected[..]);
    }
    // Sample 5, spelled out.
    let message = decode_one(&decoder_frames()[5]).expect("decodes");
    let Message::Records { ack: Some(ack), .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(
        crate::hex::encode(ack),
        "faaf0014000c86220505123456700001fffe01faaf"
    );
}

#[test]
fn command_answers_are_not_acknowledged_and_other_types_are() {
    let imei = [0x86, 0x22, 0x05, 0x05, 0x12, 0x34, 0x56, 0x70];
    let command = encode::frame(0x07, 3, &imei, b"OK");
    match decode_one(&command).expect("decodes") {
        Message::CommandResponse {
            device,
            text,
            ack,
            answers: _,
        } => {
            assert_eq!(device.expect("device").as_str(), "862205051234567");
            assert_eq!(text, "4f4b");
            assert_eq!(ack, None);
        }
        other => panic!("{other:?}"),
    }
    let other = encode::frame(0x01, 0x0102, &imei, &[0x00]);
    match decode_one(&other).expect("decodes") {
        Message::Heartbeat {
            reply: Some(reply), ..
        } => assert_eq!(
            crate::hex::encode(reply),
            "faaf0001010286220505123456700001fffe01faaf"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_index_holding_the_flag_is_escaped_in_the_reply() {
    let header = Header {
        kind: 0x14,
        index: 0xFAAF,
        imei: [0x86, 0x22, 0x05, 0x05, 0x12, 0x34, 0x56, 0x70],
        attributes: 0,
    };
    assert_eq!(
        crate::hex::encode(encode::ack(&header)),
        "faaf0014fbbf0186220505123456700001fffe01faaf"
    );
}
