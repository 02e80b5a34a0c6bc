//! Every command kind, byte for byte, and how trackers answer them.

use crate::codec::Transport;
use crate::command::{Command, CommandError};
use crate::message::Message;
use crate::test_support::encode_command;

use super::super::commands::MeiligaoCommands;
use super::super::encode;
use super::super::framing::id_bytes;
use super::{decode_one, unhex};

const ID: &str = "1361234567";

fn bytes(command: Command) -> Result<(Vec<u8>, bool), CommandError> {
    encode_command(&MeiligaoCommands, &command, ID, 7, Transport::Tcp).map(|e| {
        assert_eq!(e.serial, None, "answers name no serial");
        (e.bytes.to_vec(), e.answered)
    })
}

#[test]
fn commands_are_server_packets_with_their_crc() {
    let cases = [
        (
            Command::LocationRequest,
            "404000111361234567ffff4101abef0d0a",
            false,
        ),
        (
            Command::Output { index: 1, on: true },
            "404000161361234567ffff41140102020202d8f40d0a",
            true,
        ),
        (
            Command::Output {
                index: 3,
                on: false,
            },
            "404000161361234567ffff4114020200020258460d0a",
            true,
        ),
        (
            Command::EngineBlock(true),
            "404000161361234567ffff41140102020202d8f40d0a",
            true,
        ),
        (
            Command::Text("4102 0006".into()),
            "404000131361234567ffff41020006f2390d0a",
            true,
        ),
        (
            Command::Bytes(vec![0x41, 0x02, 0x00, 0x06]),
            "404000131361234567ffff41020006f2390d0a",
            true,
        ),
    ];
    for (command, hex, answered) in cases {
        let (got, waits) = bytes(command.clone()).expect("encodes");
        assert_eq!(crate::hex::encode(&got), hex, "{command:?}");
        assert_eq!(waits, answered, "{command:?}");
    }
}

#[test]
fn what_cannot_be_said_is_refused() {
    for command in [
        Command::Output { index: 6, on: true },
        Command::Text("41".into()),
        Command::Text("zz".into()),
        Command::Bytes(vec![0x41]),
    ] {
        assert!(
            matches!(bytes(command.clone()), Err(CommandError::Invalid(_))),
            "{command:?}"
        );
    }
    assert!(matches!(
        bytes(Command::ElectronicLock {
            seal: true,
            password: None
        }),
        Err(CommandError::Unsupported(_))
    ));
    let too_long = encode_command(
        &MeiligaoCommands,
        &Command::LocationRequest,
        "123456789012345",
        1,
        Transport::Udp,
    );
    assert!(matches!(too_long, Err(CommandError::Invalid(_))));
    let http = encode_command(
        &MeiligaoCommands,
        &Command::LocationRequest,
        ID,
        1,
        Transport::Http,
    );
    assert!(matches!(http, Err(CommandError::Unsupported(_))));
}

#[test]
fn answers_come_back_under_the_command_code() {
    let id = id_bytes(ID).expect("digits");
    let ok = encode::device(&id, 0x4114, &[0x01]);
    let Message::CommandResponse { text, answers, .. } = decode_one(&ok).expect("decodes") else {
        panic!("an answer");
    };
    assert_eq!((text.as_str(), answers), ("4114,01", None));
    // Track on demand is answered with a position, stored as a record.
    let report = b"120000.000,A,2232.6083,N,11404.8137,E,0.00,,010809,,*1C|1.0|10|0000|0000,0000";
    let position = encode::device(&id, 0x4101, report);
    assert!(matches!(
        decode_one(&position).expect("decodes"),
        Message::Records { ref records, .. } if records.len() == 1 && records[0].valid
    ));
    let text = encode::device(&id, 0x4108, b"OK");
    assert!(matches!(
        decode_one(&text).expect("decodes"),
        Message::CommandResponse { ref text, .. } if text == "4108,OK"
    ));
    assert_eq!(&ok[..2], &unhex("2424")[..]);
}
