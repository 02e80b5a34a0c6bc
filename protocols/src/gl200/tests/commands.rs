//! Commands to Queclink devices: exact texts, the serial they carry and
//! the `+ACK` that names it, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::message::Message;
use crate::test_support::encode_command;

use super::super::Gl200Commands;
use super::{codec, decode_one};

fn encode(command: &Command, serial: u16) -> Result<Encoded, CommandError> {
    encode_command(
        &Gl200Commands,
        command,
        "135790246811220",
        serial,
        Transport::Udp,
    )
}

fn text(command: &Command, serial: u16) -> String {
    let encoded = encode(command, serial).expect("encodes");
    assert_eq!(encoded.serial, Some(u32::from(serial)));
    assert!(encoded.answered);
    String::from_utf8(encoded.bytes.to_vec()).expect("ASCII")
}

/// The answer a device sends for `serial`.
fn answers(ack: &str) -> Option<u32> {
    match decode_one(&mut codec(), ack.as_bytes()).expect("decodes") {
        Message::CommandResponse { answers, .. } => answers,
        other => panic!("expected an answer, got {other:?}"),
    }
}

#[test]
fn a_location_request_is_rto_sub_command_1_with_the_serial() {
    assert_eq!(
        text(&Command::LocationRequest, 0x000B),
        "AT+GTRTO=gv300,1,,,,,,000B$"
    );
    assert_eq!(
        text(&Command::LocationRequest, 0xBEEF),
        "AT+GTRTO=gv300,1,,,,,,BEEF$"
    );
}

#[test]
fn outputs_set_one_triplet_and_leave_the_rest_empty() {
    assert_eq!(
        text(&Command::Output { index: 1, on: true }, 4),
        "AT+GTOUT=gv300,1,0,0,,,,,,,,,,,,,,0004$"
    );
    let third = text(
        &Command::Output {
            index: 3,
            on: false,
        },
        0x1F,
    );
    let fields: Vec<&str> = third.strip_suffix('$').unwrap().split(',').collect();
    assert_eq!(fields.len(), 1 + 16 + 1, "password, fields, serial");
    assert_eq!(fields[0], "AT+GTOUT=gv300");
    assert_eq!(&fields[7..10], ["0", "0", "0"]);
    assert!(
        fields[1..7]
            .iter()
            .chain(&fields[10..17])
            .all(|f| f.is_empty())
    );
    assert_eq!(fields[17], "001F");
    assert_eq!(
        text(&Command::EngineBlock(true), 4),
        text(&Command::Output { index: 1, on: true }, 4)
    );
    assert_eq!(
        text(&Command::EngineBlock(false), 9),
        "AT+GTOUT=gv300,0,0,0,,,,,,,,,,,,,,0009$"
    );
}

#[test]
fn text_is_sent_as_written_and_its_own_serial_is_the_one_answered() {
    let mine = "AT+GTRTO=secret,8,,,,,,0A1B$";
    let encoded = encode(&Command::Text(mine.into()), 7).expect("encodes");
    assert_eq!(&encoded.bytes[..], mine.as_bytes());
    assert_eq!(encoded.serial, Some(0x0A1B));
    let bytes = encode(&Command::Bytes(b"AT+GTRTO=gl300,3$".to_vec()), 7).expect("encodes");
    assert_eq!(&bytes.bytes[..], b"AT+GTRTO=gl300,3$");
    assert_eq!(bytes.serial, None, "no serial field: answers in order");
}

#[test]
fn acks_name_the_serial_before_their_send_time() {
    assert_eq!(
        answers("+ACK:GTOUT,080100,135790246811220,,0004,20090214093254,11F0$"),
        Some(4)
    );
    assert_eq!(
        answers("+ACK:GTRTO,1A0800,860599000773978,GL300,VER,FFFF,20161006053520,0C19$"),
        Some(0xFFFF)
    );
    // The older GT300 layout: IMEI first, no version.
    assert_eq!(
        answers("+ACK:GTRTO,135790246811220,RTL,0004,20090202172647,000A,0102070202$"),
        Some(4)
    );
    // No serial field where one would be.
    assert_eq!(
        answers("+ACK:GTRTO,357344020001500,LGT,20090202170812,20090202170812,000a$"),
        None
    );
}

#[test]
fn an_encoded_serial_comes_back_in_its_ack() {
    let encoded = encode(&Command::Output { index: 2, on: true }, 0x3C5A).expect("encodes");
    let ack = "+ACK:GTOUT,060100,135790246811220,,3C5A,20240101000000,0001$";
    assert_eq!(answers(ack), encoded.serial);
}

#[test]
fn outputs_outside_the_gv300_three_are_invalid() {
    for index in [0, 4] {
        assert!(matches!(
            encode(&Command::Output { index, on: true }, 1),
            Err(CommandError::Invalid(_))
        ));
    }
}
