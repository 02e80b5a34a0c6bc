//! Commands to Eelink devices: exact 0x80 bytes, the texts typed commands
//! become, answers naming their command, and what cannot be sent.

use crate::codec::{DatagramCodec, Transport};
use crate::command::{Command, CommandError, Encoded};
use crate::message::{DeviceId, Message};
use crate::test_support::encode_command;

use super::super::EelinkCommands;
use super::super::encode::{packet, udp_wrap};
use super::{IMEI, datagram, decode_all, logged_in, unhex};

fn encode(command: &Command, serial: u16, transport: Transport) -> Result<Encoded, CommandError> {
    encode_command(&EelinkCommands, command, IMEI, serial, transport)
}

/// The text of the TCP instruction a command becomes, after checking the
/// header, size, sequence, type and server flag field by field.
fn text(command: &Command, serial: u16) -> (String, bool) {
    let encoded = encode(command, serial, Transport::Tcp).expect("encodes");
    assert_eq!(encoded.serial, Some(u32::from(serial)));
    let b = &encoded.bytes[..];
    assert_eq!(&b[..3], &[0x67, 0x67, 0x80]);
    assert_eq!(usize::from(u16::from_be_bytes([b[3], b[4]])), b.len() - 5);
    assert_eq!(&b[5..7], &serial.to_be_bytes(), "sequence");
    assert_eq!(b[7], 0x01, "instruction type");
    assert_eq!(&b[8..12], &u32::from(serial).to_be_bytes(), "server flag");
    let text = String::from_utf8(b[12..].to_vec()).expect("ASCII");
    (text, encoded.answered)
}

#[test]
fn a_text_command_is_one_instruction_packet() {
    let encoded =
        encode(&Command::Text("RELAY,1#".into()), 0x0102, Transport::Tcp).expect("encodes");
    assert_eq!(
        &encoded.bytes[..],
        &unhex("676780000f0102010000010252454c41592c3123")[..]
    );
    assert_eq!(encoded.serial, Some(0x0102));
    assert!(encoded.answered);
    let bytes = encode(&Command::Bytes(b"RESET#".to_vec()), 3, Transport::Tcp).expect("encodes");
    assert_eq!(text(&Command::Text("RESET#".into()), 3).0, "RESET#");
    assert_eq!(
        &bytes.bytes[..],
        &unhex("676780000d00030100000003524553455423")[..]
    );
}

#[test]
fn typed_commands_become_their_texts() {
    let on = ("RELAY,1#".to_owned(), true);
    let off = ("RELAY,0#".to_owned(), true);
    assert_eq!(text(&Command::Output { index: 1, on: true }, 9), on);
    assert_eq!(
        text(
            &Command::Output {
                index: 1,
                on: false
            },
            9
        ),
        off
    );
    assert_eq!(text(&Command::EngineBlock(true), 9), on);
    assert_eq!(text(&Command::EngineBlock(false), 9), off);
    // The position comes back as a record, not as a command answer.
    assert_eq!(
        text(&Command::LocationRequest, 9),
        ("WHERE#".to_owned(), false)
    );
}

#[test]
fn over_udp_the_instruction_goes_in_the_envelope() {
    let tcp = encode(&Command::Text("RESET#".into()), 7, Transport::Tcp).expect("encodes");
    let udp = encode(&Command::Text("RESET#".into()), 7, Transport::Udp).expect("encodes");
    assert_eq!(udp.serial, Some(7));
    assert_eq!(&udp.bytes[..2], b"EL");
    assert_eq!(
        usize::from(u16::from_be_bytes([udp.bytes[2], udp.bytes[3]])),
        udp.bytes.len() - 4
    );
    assert_eq!(&udp.bytes[6..14], &unhex("0352544071750518")[..]);
    assert_eq!(&udp.bytes[14..], &tcp.bytes[..]);
}

/// An instruction answer: type 01, server `flag`, `text`.
fn answer(flag: u32, text: &str, sequence: u16) -> Vec<u8> {
    let mut content = vec![0x01];
    content.extend_from_slice(&flag.to_be_bytes());
    content.extend_from_slice(text.as_bytes());
    packet(0x80, sequence, &content).to_vec()
}

#[test]
fn answers_name_the_command_by_its_server_flag() {
    let mut c = logged_in();
    let (messages, rest) = decode_all(
        &mut c,
        &answer(0x0102, "Cut off the fuel supply: Success!", 0x21),
    );
    assert!(rest.is_empty());
    match messages.as_slice() {
        [
            Message::CommandResponse {
                answers, text, ack, ..
            },
        ] => {
            assert_eq!(*answers, Some(0x0102));
            assert_eq!(text, "Cut off the fuel supply: Success!");
            assert_eq!(ack.as_deref(), Some(&unhex("67678000020021")[..]));
        }
        other => panic!("expected one command answer, got {other:?}"),
    }
    // Over UDP the envelope names the device, and the flag the command.
    let messages = datagram()
        .decode_datagram(&udp_wrap(IMEI, &answer(0xBEEF, "OK", 1)))
        .expect("decodes");
    match messages.as_slice() {
        [
            Message::CommandResponse {
                answers, device, ..
            },
        ] => {
            assert_eq!(*answers, Some(0xBEEF));
            assert_eq!(device.as_ref().map(DeviceId::as_str), Some(IMEI));
        }
        other => panic!("expected one command answer, got {other:?}"),
    }
    // Broadcast data names no command.
    let (messages, _) = decode_all(&mut c, &packet(0x81, 2, b"\x01hello"));
    assert!(matches!(
        messages.as_slice(),
        [Message::CommandResponse { answers: None, .. }]
    ));
}

#[test]
fn what_cannot_be_sent_says_why() {
    let invalid = |command: Command| {
        assert!(
            matches!(
                encode(&command, 1, Transport::Tcp),
                Err(CommandError::Invalid(_))
            ),
            "{command:?}"
        );
    };
    invalid(Command::Output { index: 2, on: true });
    invalid(Command::Output {
        index: 0,
        on: false,
    });
    invalid(Command::Text(String::new()));
    invalid(Command::Text("WHERE#é".into()));
    invalid(Command::Text("A".repeat(161)));
    assert!(encode(&Command::Text("A".repeat(160)), 1, Transport::Tcp).is_ok());
    assert!(matches!(
        encode(&Command::LocationRequest, 1, Transport::Http),
        Err(CommandError::Unsupported(_))
    ));
}
