//! Commands to GPS103 devices: exact messages, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::test_support::encode_command;

use super::super::Gps103Commands;

fn encode(command: &Command) -> Result<Encoded, CommandError> {
    encode_command(
        &Gps103Commands,
        command,
        "359586015829802",
        5,
        Transport::Tcp,
    )
}

fn message(command: &Command) -> String {
    let encoded = encode(command).expect("encodes");
    assert_eq!(encoded.serial, None);
    assert!(
        !encoded.answered,
        "answers are reports, not command answers"
    );
    String::from_utf8(encoded.bytes.to_vec()).expect("ASCII")
}

#[test]
fn typed_commands_are_single_letters() {
    assert_eq!(
        message(&Command::LocationRequest),
        "**,imei:359586015829802,B;"
    );
    assert_eq!(
        message(&Command::EngineBlock(true)),
        "**,imei:359586015829802,J;"
    );
    assert_eq!(
        message(&Command::EngineBlock(false)),
        "**,imei:359586015829802,K;"
    );
    assert_eq!(
        message(&Command::Output { index: 1, on: true }),
        "**,imei:359586015829802,J;"
    );
    assert_eq!(
        message(&Command::Output {
            index: 1,
            on: false
        }),
        "**,imei:359586015829802,K;"
    );
}

#[test]
fn text_follows_the_imei() {
    assert_eq!(
        message(&Command::Text("C,30s".into())),
        "**,imei:359586015829802,C,30s;"
    );
    assert_eq!(
        message(&Command::Bytes(b"A".to_vec())),
        "**,imei:359586015829802,A;"
    );
}

#[test]
fn what_cannot_be_sent_says_why() {
    for index in [0, 2] {
        assert!(matches!(
            encode(&Command::Output { index, on: true }),
            Err(CommandError::Invalid(_))
        ));
    }
    for text in ["", "B;C", "B\r\n"] {
        assert!(matches!(
            encode(&Command::Text(text.into())),
            Err(CommandError::Invalid(_))
        ));
    }
}
