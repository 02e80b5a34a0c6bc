//! Commands to TK103 devices: exact sentences, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::test_support::encode_command;

use super::super::Tk103Commands;

fn encode(command: &Command) -> Result<Encoded, CommandError> {
    encode_command(&Tk103Commands, command, "027044702512", 9, Transport::Udp)
}

fn sentence(command: &Command) -> String {
    let encoded = encode(command).expect("encodes");
    assert_eq!(encoded.serial, None, "answers come in order");
    String::from_utf8(encoded.bytes.to_vec()).expect("ASCII")
}

#[test]
fn typed_commands_are_their_documented_sentences() {
    assert_eq!(sentence(&Command::LocationRequest), "(027044702512AP00)");
    assert_eq!(sentence(&Command::EngineBlock(true)), "(027044702512AV010)");
    assert_eq!(
        sentence(&Command::EngineBlock(false)),
        "(027044702512AV011)"
    );
    assert_eq!(
        sentence(&Command::Output { index: 1, on: true }),
        "(027044702512AV010)"
    );
    assert_eq!(
        sentence(&Command::Output {
            index: 1,
            on: false
        }),
        "(027044702512AV011)"
    );
    assert!(!encode(&Command::LocationRequest).unwrap().answered);
}

#[test]
fn text_follows_the_device_id() {
    assert_eq!(
        sentence(&Command::Text("AP07".into())),
        "(027044702512AP07)"
    );
    assert_eq!(
        sentence(&Command::Bytes(b"AR00000A0000".to_vec())),
        "(027044702512AR00000A0000)"
    );
    assert!(encode(&Command::Text("AP07".into())).unwrap().answered);
}

#[test]
fn what_cannot_be_sent_says_why() {
    for index in [0, 2] {
        assert!(matches!(
            encode(&Command::Output { index, on: true }),
            Err(CommandError::Invalid(_))
        ));
    }
    for text in ["", "AP00)(x", "AP0("] {
        assert!(matches!(
            encode(&Command::Text(text.into())),
            Err(CommandError::Invalid(_))
        ));
    }
}
