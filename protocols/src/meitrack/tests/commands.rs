//! Commands to Meitrack devices: exact frames, lengths and checksums
//! recomputed here, answers in order, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::message::{DeviceId, Message};
use crate::test_support::encode_command;

use super::super::MeitrackCommands;
use super::decode_one;

const IMEI: &str = "353358017784062";

fn encode(command: &Command) -> Result<Encoded, CommandError> {
    encode_command(&MeitrackCommands, command, IMEI, 42, Transport::Tcp)
}

/// Checks a frame's length field and checksum by counting and summing
/// here, and returns its body after the IMEI.
fn body(command: &Command) -> String {
    let encoded = encode(command).expect("encodes");
    assert_eq!(encoded.serial, None, "answers come in order");
    let text = String::from_utf8(encoded.bytes.to_vec()).expect("ASCII");
    let rest = text
        .strip_prefix("@@Q")
        .expect("server head and identifier");
    let (length, after) = rest.split_once(',').expect("length field");
    assert_eq!(length.parse::<usize>().unwrap(), after.len() + 1, "{text}");
    let star = text.rfind('*').expect("checksum marker");
    let sum = text.as_bytes()[..=star]
        .iter()
        .map(|&b| u32::from(b))
        .sum::<u32>()
        % 256;
    assert_eq!(&text[star + 1..], format!("{sum:02X}\r\n"), "{text}");
    let body = &after[..after.len() - 5];
    body.strip_prefix(&format!("{IMEI},"))
        .expect("the device's IMEI")
        .to_owned()
}

#[test]
fn a_location_request_is_the_documented_a10_frame() {
    let encoded = encode(&Command::LocationRequest).expect("encodes");
    assert_eq!(&encoded.bytes[..], b"@@Q25,353358017784062,A10*6A\r\n");
    assert!(!encoded.answered, "its answer is an AAA position report");
}

#[test]
fn text_is_framed_with_its_parameters() {
    let encoded = encode(&Command::Text("A11,10".into())).expect("encodes");
    // The documented `@@S28,…,A11,10*FD`, sent under `Q` (two less than `S`).
    assert_eq!(&encoded.bytes[..], b"@@Q28,353358017784062,A11,10*FB\r\n");
    assert!(encoded.answered);
    assert_eq!(body(&Command::Text("A11,10".into())), "A11,10");
    assert_eq!(body(&Command::Bytes(b"E91".to_vec())), "E91");
}

#[test]
fn outputs_are_c01_with_the_others_unchanged() {
    assert_eq!(body(&Command::Output { index: 1, on: true }), "C01,0,12222");
    assert_eq!(
        body(&Command::Output {
            index: 5,
            on: false
        }),
        "C01,0,22220"
    );
    assert_eq!(body(&Command::EngineBlock(true)), "C01,0,12222");
    assert_eq!(body(&Command::EngineBlock(false)), "C01,0,02222");
    assert!(encode(&Command::EngineBlock(true)).unwrap().answered);
}

#[test]
fn answers_name_the_command_but_no_serial() {
    let answer = decode_one(b"$$S28,353358017784062,A11,OK*FE\r\n").expect("decodes");
    assert_eq!(
        answer,
        Message::CommandResponse {
            device: Some(DeviceId(IMEI.into())),
            text: "A11,OK".into(),
            answers: None,
            ack: None,
        }
    );
}

#[test]
fn what_cannot_be_sent_says_why() {
    for index in [0, 6] {
        assert!(matches!(
            encode(&Command::Output { index, on: true }),
            Err(CommandError::Invalid(_))
        ));
    }
    for bad in ["", ",10", "A 1,2"] {
        assert!(
            matches!(
                encode(&Command::Text(bad.into())),
                Err(CommandError::Invalid(_))
            ),
            "{bad:?}"
        );
    }
}
