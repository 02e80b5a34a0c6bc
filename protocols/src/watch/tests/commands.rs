//! Commands to 3G watches: exact frames, the echoed answer, and what
//! cannot be sent.

use bytes::BytesMut;

use crate::codec::{DeviceCodec, Transport};
use crate::command::{Command, CommandError, Encoded};
use crate::message::Message;
use crate::test_support::encode_command;

use super::super::WatchCommands;
use super::codec;

fn encode(command: &Command) -> Result<Encoded, CommandError> {
    encode_command(&WatchCommands, command, "1234567890", 11, Transport::Tcp)
}

fn frame(command: &Command) -> String {
    let encoded = encode(command).expect("encodes");
    assert_eq!(encoded.serial, None, "answers come in order");
    assert!(encoded.answered);
    String::from_utf8(encoded.bytes.to_vec()).expect("ASCII")
}

#[test]
fn a_location_request_is_cr() {
    assert_eq!(frame(&Command::LocationRequest), "[3G*1234567890*0002*CR]");
}

#[test]
fn text_is_framed_with_its_hex_length() {
    assert_eq!(
        frame(&Command::Text("UPLOAD,600".into())),
        "[3G*1234567890*000A*UPLOAD,600]"
    );
    let long = format!("SOS1,{}", "1".repeat(300));
    let framed = frame(&Command::Text(long.clone()));
    assert!(framed.starts_with("[3G*1234567890*0131*SOS1,"), "{framed}");
    assert_eq!(long.len(), 0x131);
    assert_eq!(
        frame(&Command::Bytes(b"FIND".to_vec())),
        "[3G*1234567890*0004*FIND]"
    );
}

#[test]
fn the_watch_echo_is_a_command_answer_in_order() {
    let mut buf = BytesMut::from(&b"[3G*1234567890*0002*CR]"[..]);
    match codec().decode(&mut buf).expect("decodes") {
        Some(Message::CommandResponse {
            text,
            answers: None,
            ..
        }) => assert_eq!(text, "CR"),
        other => panic!("expected the echoed answer, got {other:?}"),
    }
}

#[test]
fn what_cannot_be_sent_says_why() {
    for command in [
        Command::Output { index: 1, on: true },
        Command::EngineBlock(true),
    ] {
        assert!(matches!(
            encode(&command),
            Err(CommandError::Unsupported(_))
        ));
    }
    for text in [String::new(), "CR]".into(), "a".repeat(0x1_0000)] {
        assert!(matches!(
            encode(&Command::Text(text)),
            Err(CommandError::Invalid(_))
        ));
    }
}
