//! Commands to JT/T 808 terminals: exact bytes of published examples,
//! typed commands read back field by field, answers naming the command's
//! serial, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::message::{DeviceId, Message};
use crate::test_support::encode_command;

use super::super::framing::{self, Header};
use super::super::{Jt808Commands, encode_message};
use super::{codec, decode_one};

fn encode(
    device: &str,
    command: &Command,
    serial: u16,
    transport: Transport,
) -> Result<Encoded, CommandError> {
    encode_command(&Jt808Commands, command, device, serial, transport)
}

fn hex_of(device: &str, command: &Command, serial: u16) -> String {
    let encoded = encode(device, command, serial, Transport::Tcp).expect("encodes");
    assert_eq!(encoded.serial, Some(u32::from(serial)));
    assert!(encoded.answered);
    crate::hex::encode(&encoded.bytes)
}

/// The header and body of the message a command becomes, read back by
/// the framing code (flags, escapes and check code verified).
fn parsed(device: &str, command: &Command, serial: u16) -> (Header, Vec<u8>) {
    let encoded = encode(device, command, serial, Transport::Tcp).expect("encodes");
    let wire = &encoded.bytes[..];
    assert_eq!((wire[0], wire[wire.len() - 1]), (0x7E, 0x7E));
    let content = framing::escaping(usize::MAX)
        .unescape(&wire[1..wire.len() - 1])
        .expect("valid escapes");
    let (header, body) = framing::parse(&content).expect("a valid frame");
    assert_eq!(header.serial, serial);
    assert_eq!(header.phone_digits(), device);
    (header, body.to_vec())
}

const PHONE: &str = "013912345678";
const PHONE_2019: &str = "00000000013912345678";

#[test]
fn published_examples_are_reproduced() {
    // Location queries, as published for two terminals.
    assert_eq!(
        hex_of("001256256927", &Command::LocationRequest, 0x000F),
        "7e82010000001256256927000fa37e"
    );
    assert_eq!(
        hex_of("015042020175", &Command::LocationRequest, 1),
        "7e820100000150420201750001e77e"
    );
    // A terminal number that is not BCD keeps its bytes, and a text
    // message carries flag 01 and the text.
    assert_eq!(
        hex_of("0b3a73ce2ff2", &Command::LocationRequest, 0),
        "7e820100000b3a73ce2ff20000d27e"
    );
    assert_eq!(
        hex_of(
            "0b3a73ce2ff2",
            &Command::Text("Test, Command, 123#".into()),
            0
        ),
        "7e830000140b3a73ce2ff2000001546573742c20436f6d6d616e642c2031323323a57e"
    );
}

#[test]
fn typed_commands_become_their_messages() {
    let (header, body) = parsed(PHONE, &Command::EngineBlock(true), 0x1234);
    assert_eq!((header.id, header.version, body), (0x8500, None, vec![1]));
    let (_, body) = parsed(PHONE, &Command::EngineBlock(false), 1);
    assert_eq!(body, vec![0]);
    let (header, body) = parsed(PHONE, &Command::Output { index: 1, on: true }, 2);
    assert_eq!((header.id, body), (0x8500, vec![1]));
    // 2019: version 1, one control of type 0001.
    let (header, body) = parsed(PHONE_2019, &Command::EngineBlock(true), 3);
    assert_eq!(
        (header.id, header.version, body),
        (0x8500, Some(1), vec![0, 1, 0, 1, 1])
    );
    let (header, body) = parsed(PHONE_2019, &Command::Text("STATUS#".into()), 4);
    assert_eq!(
        (header.id, &body[..2], &body[2..]),
        (0x8300, &[1, 1][..], &b"STATUS#"[..])
    );
    let (header, body) = parsed(PHONE_2019, &Command::LocationRequest, 5);
    assert_eq!((header.id, body.len()), (0x8201, 0));
    // Raw: message id, then body. A 7E in it is escaped on the wire.
    let raw = Command::Bytes(vec![0x81, 0x05, 0x04, 0x7E]);
    let (header, body) = parsed(PHONE, &raw, 0x7E7E);
    assert_eq!((header.id, body), (0x8105, vec![0x04, 0x7E]));
}

#[test]
fn a_general_answer_names_the_command() {
    let mut c = codec();
    // Terminal serial 3 answers platform serial 0x1234 (0x8300), success.
    let answer = encode_message(PHONE, None, 0x0001, 3, &[0x12, 0x34, 0x83, 0x00, 0]);
    let Some(Message::CommandResponse {
        device,
        text,
        answers,
        ack,
    }) = decode_one(&mut c, &answer)
    else {
        panic!("a general answer is a command response");
    };
    assert_eq!(device, Some(DeviceId(PHONE.into())));
    assert_eq!((answers, text.as_str()), (Some(0x1234), "8300 success"));
    assert_eq!(ack, None, "answers are not replied to");
    let failure = encode_message(PHONE, None, 0x0001, 4, &[0, 9, 0x85, 0x00, 1]);
    assert!(matches!(
        decode_one(&mut c, &failure),
        Some(Message::CommandResponse { answers: Some(9), text, .. }) if text == "8500 failure"
    ));
}

/// 22.543210 N, 114.123456 E, valid, 2024-01-02 11:04:05 Beijing time
/// (03:04:05 UTC).
const LOCATION: &str = "00000000000000020157fb6a06cd62c000100064005a240102110405";

#[test]
fn location_and_vehicle_control_answers_name_the_command_and_the_position() {
    let answer = |id: u16, serial: u16, version: Option<u8>, phone: &str| {
        let mut body = u16::to_be_bytes(serial).to_vec();
        body.extend_from_slice(&crate::test_support::unhex(LOCATION));
        let frame = encode_message(phone, version, id, 11, &body);
        match decode_one(&mut codec(), &frame) {
            Some(Message::CommandResponse {
                answers,
                text,
                ack: None,
                ..
            }) => (answers, text),
            other => panic!("expected a command response, got {other:?}"),
        }
    };
    assert_eq!(
        answer(0x0201, 0x0102, None, PHONE),
        (
            Some(0x0102),
            "22.543210,114.123456 valid at 2024-01-02 03:04:05 UTC".into()
        )
    );
    assert_eq!(
        answer(0x0500, 7, Some(1), PHONE_2019),
        (
            Some(7),
            "vehicle control: status 00000002, 22.543210,114.123456 valid at 2024-01-02 03:04:05 UTC"
                .into()
        )
    );
}

#[test]
fn what_cannot_be_sent_says_why() {
    let invalid = |device: &str, command: Command| {
        assert!(
            matches!(
                encode(device, &command, 1, Transport::Tcp),
                Err(CommandError::Invalid(_))
            ),
            "{device} {command:?}"
        );
    };
    invalid(PHONE, Command::Output { index: 2, on: true });
    invalid(
        PHONE,
        Command::Output {
            index: 0,
            on: false,
        },
    );
    invalid(PHONE, Command::Text("断油".into()));
    invalid(PHONE, Command::Bytes(vec![0x83]));
    invalid(PHONE, Command::Bytes(vec![0x83; 2 + 1024]));
    invalid("12345", Command::LocationRequest);
    invalid("01391234567x", Command::LocationRequest);
    assert!(
        encode(
            PHONE,
            &Command::Bytes(vec![0x83; 2 + 1023]),
            1,
            Transport::Tcp
        )
        .is_ok()
    );
    assert!(matches!(
        encode(PHONE, &Command::LocationRequest, 1, Transport::Udp),
        Err(CommandError::Unsupported(_))
    ));
}
