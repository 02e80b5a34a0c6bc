//! Commands to Galileosky terminals: exact command packets (CRCs computed
//! apart from the code), answers naming their command, and what cannot be
//! sent.

use crate::codec::Transport;
use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target};
use crate::message::{DeviceId, Message};

use super::super::GalileoCommands;
use super::super::framing::wrap;
use super::{codec, decode_all, sample};

const IMEI: &str = "868204005647838";

fn encode_to(imei: &str, command: &Command, serial: u16) -> Result<Encoded, CommandError> {
    let device = DeviceId(imei.into());
    GalileoCommands.encode(
        command,
        &Target {
            device: &device,
            serial,
            transport: Transport::Tcp,
        },
    )
}

fn hex_of(command: &Command, serial: u16) -> String {
    let encoded = encode_to(IMEI, command, serial).expect("encodes");
    assert_eq!(encoded.serial, Some(u32::from(serial)));
    assert!(encoded.answered);
    crate::hex::encode(&encoded.bytes)
}

/// The `E1` text of the command packet a command becomes.
fn text(command: &Command) -> String {
    let bytes = encode_to(IMEI, command, 1).expect("encodes").bytes;
    // Header 3, IMEI 16, user id 3, number 5, then E1 and its length.
    assert_eq!(bytes[27], 0xE1);
    assert_eq!(usize::from(bytes[28]), bytes.len() - 31);
    String::from_utf8(bytes[29..bytes.len() - 2].to_vec()).expect("ASCII")
}

#[test]
fn a_command_is_imei_user_id_number_and_text() {
    // IMEI, user id 0, command number 0x0102 (LE), `Out 1,1`, CRC LE.
    assert_eq!(
        hex_of(&Command::Text("Out 1,1".into()), 0x0102),
        concat!(
            "012100",
            "03383638323034303035363437383338",
            "040000",
            "e002010000",
            "e1074f757420312c31",
            "6da1"
        )
    );
    assert_eq!(
        hex_of(&Command::LocationRequest, 5),
        "01200003383638323034303035363437383338040000e005000000e1065374617475735b4e"
    );
    assert_eq!(
        hex_of(&Command::Bytes(b"Status".to_vec()), 5),
        hex_of(&Command::Text("Status".into()), 5)
    );
}

#[test]
fn outputs_are_numbered_from_zero_on_the_wire() {
    assert_eq!(text(&Command::Output { index: 2, on: true }), "Out 1,1");
    assert_eq!(
        text(&Command::Output {
            index: 1,
            on: false
        }),
        "Out 0,0"
    );
    assert_eq!(text(&Command::Output { index: 4, on: true }), "Out 3,1");
    assert_eq!(text(&Command::LocationRequest), "Status");
}

/// The one command answer `bytes` decode to: its `answers` and text.
fn answer(bytes: &[u8]) -> (Option<u32>, String) {
    let mut c = codec();
    let (messages, rest) = decode_all(&mut c, bytes).expect("decodes");
    assert!(rest.is_empty());
    match messages.as_slice() {
        [
            Message::CommandResponse {
                answers, text, ack, ..
            },
        ] => {
            assert!(ack.is_some(), "answers are confirmed");
            (*answers, text.clone())
        }
        other => panic!("expected one command answer, got {other:?}"),
    }
}

#[test]
fn answers_name_the_command_by_its_number() {
    // The corpus's answer to an `Out` command numbered 0 (#5).
    assert_eq!(answer(&sample(5)), (Some(0), "OUT(3..0) = 1110".to_owned()));
    // An answer to command number 0x0102 from a terminal with user id 0x66.
    let mut data = vec![0x03];
    data.extend_from_slice(IMEI.as_bytes());
    data.extend_from_slice(&[0x04, 0x66, 0x00, 0xE0, 0x02, 0x01, 0x00, 0x00, 0xE1, 16]);
    data.extend_from_slice(b"OUT(3..0) = 0010");
    let bytes = wrap(0x01, false, &data).expect("fits");
    assert_eq!(
        answer(&bytes),
        (Some(0x0102), "OUT(3..0) = 0010".to_owned())
    );
}

#[test]
fn what_cannot_be_sent_says_why() {
    for command in [
        Command::Output { index: 0, on: true },
        Command::Output { index: 5, on: true },
        Command::Text(String::new()),
        Command::Text("Ø".into()),
        Command::Text("a".repeat(256)),
    ] {
        assert!(
            matches!(encode_to(IMEI, &command, 1), Err(CommandError::Invalid(_))),
            "{command:?}"
        );
    }
    assert!(encode_to(IMEI, &Command::Text("a".repeat(255)), 1).is_ok());
    for imei in ["86820400564783", "86820400564783x", "8682040056478380"] {
        assert!(matches!(
            encode_to(imei, &Command::LocationRequest, 1),
            Err(CommandError::Invalid(_))
        ));
    }
    assert!(matches!(
        encode_to(IMEI, &Command::EngineBlock(true), 1),
        Err(CommandError::Unsupported(_))
    ));
}
