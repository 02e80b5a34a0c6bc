//! Commands to Ruptela devices: exact command 108 packets (CRCs computed
//! apart from the code), answers, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::message::{DeviceId, Message};
use crate::test_support::encode_command;

use super::super::RuptelaCommands;
use super::{codec, decode_all, repaired};

fn encode(command: &Command) -> Result<Encoded, CommandError> {
    encode_command(
        &RuptelaCommands,
        command,
        "13226005504143",
        77,
        Transport::Tcp,
    )
}

fn hex_of(command: &Command) -> String {
    let encoded = encode(command).expect("encodes");
    assert_eq!(encoded.serial, None, "answers name no command");
    assert!(encoded.answered);
    crate::hex::encode(&encoded.bytes)
}

#[test]
fn a_text_command_is_the_published_sms_via_gprs_packet() {
    // `gsminfo` with SMS password `summer`, as the maker's support
    // material spells the packet out.
    assert_eq!(
        hex_of(&Command::Text("summer gsminfo".into())),
        "000f6c73756d6d65722067736d696e666fe76d"
    );
    assert_eq!(
        hex_of(&Command::Bytes(b"summer gsminfo".to_vec())),
        "000f6c73756d6d65722067736d696e666fe76d"
    );
}

#[test]
fn typed_commands_become_password_less_sms_texts() {
    // ` setio 1,2`: Dout1 high, Dout2 unchanged.
    assert_eq!(
        hex_of(&Command::Output { index: 1, on: true }),
        "000b6c20736574696f20312c32c1f8"
    );
    // ` setio 2,0`: Dout1 unchanged, Dout2 low.
    assert_eq!(
        hex_of(&Command::Output {
            index: 2,
            on: false
        }),
        "000b6c20736574696f20322c300d8e"
    );
    assert_eq!(
        hex_of(&Command::LocationRequest),
        "00086c20636f6f7264739637"
    );
    let text = |command: &Command| {
        let bytes = encode(command).expect("encodes").bytes;
        String::from_utf8(bytes[3..bytes.len() - 2].to_vec()).expect("ASCII")
    };
    assert_eq!(text(&Command::Output { index: 2, on: true }), " setio 2,1");
    assert_eq!(
        text(&Command::Output {
            index: 1,
            on: false
        }),
        " setio 0,2"
    );
}

#[test]
fn the_answer_is_text_naming_no_command() {
    // The corpus's answer to `setio` (#6), its length field repaired.
    let mut c = codec();
    let (messages, rest) = decode_all(&mut c, &repaired(6)).expect("decodes");
    assert!(rest.is_empty());
    match messages.as_slice() {
        [
            Message::CommandResponse {
                device,
                text,
                answers,
                ack,
            },
        ] => {
            assert_eq!(
                device.as_ref().map(DeviceId::as_str),
                Some("868204004248349")
            );
            assert_eq!(text, "SETIO configuration data ok");
            assert_eq!(*answers, None);
            assert_eq!(*ack, None);
        }
        other => panic!("expected one command answer, got {other:?}"),
    }
}

#[test]
fn what_cannot_be_sent_says_why() {
    for command in [
        Command::Output { index: 0, on: true },
        Command::Output { index: 3, on: true },
        Command::Text(String::new()),
        Command::Text(" ".repeat(161)),
    ] {
        assert!(
            matches!(encode(&command), Err(CommandError::Invalid(_))),
            "{command:?}"
        );
    }
    assert!(encode(&Command::Text(" ".repeat(160))).is_ok());
    for block in [true, false] {
        assert!(matches!(
            encode(&Command::EngineBlock(block)),
            Err(CommandError::Unsupported(_))
        ));
    }
}
