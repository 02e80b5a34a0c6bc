//! Commands to Suntech devices: exact sentences, answers in order, and
//! what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target};
use crate::message::{DeviceId, Message};

use super::super::{SuntechCommands, SuntechOptions};
use super::{codec, decode_one};

fn encode_to(id: &str, command: &Command) -> Result<Encoded, CommandError> {
    let device = DeviceId(id.into());
    SuntechCommands.encode(
        command,
        &Target {
            device: &device,
            serial: 3,
            transport: Transport::Tcp,
        },
    )
}

fn sentence(command: &Command) -> (String, bool) {
    let encoded = encode_to("100850000", command).expect("encodes");
    assert_eq!(encoded.serial, None, "answers name no serial");
    let text = String::from_utf8(encoded.bytes.to_vec()).expect("ASCII");
    (text, encoded.answered)
}

#[test]
fn typed_commands_are_the_st300_command_sentences() {
    // The manual's status request, CR-ended.
    assert_eq!(
        sentence(&Command::LocationRequest),
        ("ST300CMD;100850000;02;StatusReq\r".to_owned(), false)
    );
    assert_eq!(
        sentence(&Command::Output { index: 1, on: true }),
        ("ST300CMD;100850000;02;Enable1\r".to_owned(), true)
    );
    assert_eq!(
        sentence(&Command::Output {
            index: 2,
            on: false
        }),
        ("ST300CMD;100850000;02;Disable2\r".to_owned(), true)
    );
}

#[test]
fn text_commands_go_as_written() {
    for text in [
        "ST300CMD;100850000;02;Reboot",
        "ST300CMD;100850000;02;Reboot\r",
    ] {
        assert_eq!(
            sentence(&Command::Text(text.into())),
            ("ST300CMD;100850000;02;Reboot\r".to_owned(), true)
        );
    }
    assert_eq!(
        sentence(&Command::Bytes(b"CMD;4309999001;04;02".to_vec())),
        ("CMD;4309999001;04;02\r".to_owned(), true)
    );
}

/// The command answer `text` decodes to: its device, text and `answers`.
fn answer(text: &str) -> (Option<String>, String, Option<u32>) {
    let mut c = codec(SuntechOptions::default());
    match decode_one(&mut c, format!("{text}\r").as_bytes()).expect("decodes") {
        Message::CommandResponse {
            device,
            text,
            answers,
            ack: None,
        } => (device.map(|d| d.0), text, answers),
        other => panic!("expected a command answer, got {other:?}"),
    }
}

#[test]
fn answers_echo_the_command_id_but_name_no_serial() {
    // The corpus's confirmation of `Disable1` (#61) and a universal
    // answer (#7): matched in order.
    assert_eq!(
        answer("ST300CMD;Res;511848119;319H;Disable1"),
        (Some("511848119".into()), "319H;Disable1".into(), None)
    );
    assert_eq!(
        answer("RES;4309999001;04;02;TEST"),
        (Some("4309999001".into()), "04;02;TEST".into(), None)
    );
    assert_eq!(answer("-Error"), (None, "-Error".into(), None));
}

#[test]
fn what_cannot_be_sent_says_why() {
    for command in [
        Command::Output { index: 0, on: true },
        Command::Output { index: 3, on: true },
        Command::Text(String::new()),
        Command::Text("\r".into()),
        Command::Text("ST300CMD;1;02;A\rST300CMD;1;02;B".into()),
        Command::Text("A".repeat(501)),
    ] {
        assert!(
            matches!(
                encode_to("100850000", &command),
                Err(CommandError::Invalid(_))
            ),
            "{command:?}"
        );
    }
    assert!(encode_to("100850000", &Command::Text("A".repeat(500))).is_ok());
    for id in ["", "ST300", "12345678901234567890123"] {
        assert!(matches!(
            encode_to(id, &Command::LocationRequest),
            Err(CommandError::Invalid(_))
        ));
    }
    assert!(matches!(
        encode_to("100850000", &Command::EngineBlock(true)),
        Err(CommandError::Unsupported(_))
    ));
}
