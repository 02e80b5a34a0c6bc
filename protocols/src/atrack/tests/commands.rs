//! Commands to ATrack devices: exact command lines, answers in order, and
//! what cannot be sent.

use crate::codec::{DatagramCodec, DeviceCodec, Transport};
use crate::command::{Command, CommandError, Encoded};
use crate::message::Message;
use crate::test_support::encode_command;

use super::super::{AtrackCommands, AtrackDatagram};
use super::codec;

fn encode(command: &Command, transport: Transport) -> Result<Encoded, CommandError> {
    encode_command(&AtrackCommands, command, "352964052096642", 12, transport)
}

#[test]
fn a_text_command_is_one_crlf_line() {
    let encoded = encode(&Command::Text("AT$INFO=?".into()), Transport::Tcp).expect("encodes");
    assert_eq!(&encoded.bytes[..], b"AT$INFO=?\r\n");
    assert_eq!(encoded.serial, None, "answers name no command");
    assert!(encoded.answered);
    // A line break the operator wrote is not doubled.
    for text in ["AT$INFO=?\r\n", "AT$INFO=?\n"] {
        let encoded = encode(&Command::Text(text.into()), Transport::Tcp).expect("encodes");
        assert_eq!(&encoded.bytes[..], b"AT$INFO=?\r\n");
    }
    let bytes = encode(&Command::Bytes(b"AT$REBOOT=1".to_vec()), Transport::Tcp).expect("encodes");
    assert_eq!(&bytes.bytes[..], b"AT$REBOOT=1\r\n");
}

#[test]
fn over_udp_the_answer_cannot_be_attributed() {
    let encoded = encode(&Command::Text("AT$INFO=?".into()), Transport::Udp).expect("encodes");
    assert_eq!(&encoded.bytes[..], b"AT$INFO=?\r\n");
    assert!(!encoded.answered);
    assert!(AtrackDatagram.decode_datagram(b"$OK\r\n").is_err());
}

#[test]
fn answers_come_as_text_naming_no_command() {
    // The corpus's `$OK` and `$ERROR=101` (#27, #28), back to back.
    let mut c = codec();
    let mut buf = bytes::BytesMut::from(&b"$OK\r\n$ERROR=101\r\n"[..]);
    let mut texts = Vec::new();
    while let Some(message) = c.decode(&mut buf).expect("decodes") {
        match message {
            Message::CommandResponse {
                answers: None,
                text,
                ack: None,
                ..
            } => texts.push(text),
            other => panic!("expected a command answer, got {other:?}"),
        }
    }
    assert_eq!(texts, ["OK", "ERROR=101"]);
}

#[test]
fn what_cannot_be_sent_says_why() {
    for command in [
        Command::Text(String::new()),
        Command::Text("\r\n".into()),
        Command::Text("AT$A=1\r\nAT$B=2".into()),
        Command::Text("AT$MSG=é".into()),
        Command::Text("A".repeat(1001)),
    ] {
        assert!(
            matches!(
                encode(&command, Transport::Tcp),
                Err(CommandError::Invalid(_))
            ),
            "{command:?}"
        );
    }
    assert!(encode(&Command::Text("A".repeat(1000)), Transport::Tcp).is_ok());
    for command in [
        Command::Output { index: 1, on: true },
        Command::EngineBlock(true),
        Command::LocationRequest,
    ] {
        assert!(
            matches!(
                encode(&command, Transport::Tcp),
                Err(CommandError::Unsupported(_))
            ),
            "{command:?}"
        );
    }
    assert!(matches!(
        encode(&Command::Text("AT$INFO=?".into()), Transport::Http),
        Err(CommandError::Unsupported(_))
    ));
}
