//! Commands to H02 devices: exact sentences, the serial carried in the
//! time field, confirmations naming their command, and what cannot be sent.

use crate::codec::{DatagramCodec, Transport};
use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target};
use crate::message::{DeviceId, Message};

use super::super::commands::{serial_of, serial_time};
use super::super::{H02Commands, H02Datagram};
use super::{codec, decode_one, fixed_clock};

const ID: &str = "123456789012345";

fn encode(command: &Command, serial: u16, transport: Transport) -> Result<Encoded, CommandError> {
    encode_to(ID, command, serial, transport)
}

fn encode_to(
    id: &str,
    command: &Command,
    serial: u16,
    transport: Transport,
) -> Result<Encoded, CommandError> {
    let device = DeviceId(id.into());
    H02Commands.encode(
        command,
        &Target {
            device: &device,
            serial,
            transport,
        },
    )
}

fn sentence(command: &Command, serial: u16) -> String {
    let encoded = encode(command, serial, Transport::Tcp).expect("encodes");
    assert_eq!(encoded.serial, Some(u32::from(serial)));
    assert!(encoded.answered);
    String::from_utf8(encoded.bytes.to_vec()).expect("ASCII")
}

#[test]
fn engine_block_is_the_published_s20_sentence() {
    // Published with the time 01:02:03, which is serial 3723.
    assert_eq!(
        sentence(&Command::EngineBlock(true), 3723),
        "*HQ,123456789012345,S20,010203,1,1#"
    );
    assert_eq!(
        sentence(&Command::EngineBlock(false), 3723),
        "*HQ,123456789012345,S20,010203,1,0#"
    );
    assert_eq!(
        sentence(&Command::Output { index: 1, on: true }, 0),
        "*HQ,123456789012345,S20,000000,1,1#"
    );
}

#[test]
fn text_and_bytes_get_the_header_and_the_serial() {
    assert_eq!(
        sentence(&Command::Text("S71,22,30".into()), 65535),
        "*HQ,123456789012345,S71,181215,22,30#"
    );
    assert_eq!(
        sentence(&Command::Bytes(b"R8".to_vec()), 61),
        "*HQ,123456789012345,R8,000101#"
    );
}

#[test]
fn every_serial_is_a_time_that_reads_back() {
    for serial in 0..=u16::MAX {
        let time = serial_time(serial);
        assert_eq!(serial_of(&time), Some(u32::from(serial)), "{time}");
    }
    for time in [
        "181216", "235959", "006000", "000060", "12345", "1234a6", "",
    ] {
        assert_eq!(serial_of(time), None, "{time}");
    }
}

/// A confirmation of `S20` sent at `time`, with a position.
fn confirmation(time: &str) -> String {
    format!(
        "*HQ,{ID},V4,S20,DONE,{time},050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,FFFFFBFF#"
    )
}

#[test]
fn a_confirmation_names_the_command_it_confirms() {
    let sent = sentence(&Command::EngineBlock(true), 4242);
    let time = sent.split(',').nth(3).expect("time field");
    let answer = decode_one(&mut codec(), confirmation(time).as_bytes()).expect("decodes");
    let Message::CommandResponse {
        device,
        text,
        answers,
        ack,
    } = answer
    else {
        panic!("a confirmation is a command response, got {answer:?}");
    };
    assert_eq!(device, Some(DeviceId(ID.into())));
    assert_eq!(
        (text.as_str(), answers, ack),
        ("S20,DONE", Some(4242), None)
    );
    // Over UDP too.
    let udp = H02Datagram::with_clock(fixed_clock);
    let messages = udp
        .decode_datagram(confirmation(time).as_bytes())
        .expect("decodes");
    assert!(matches!(
        messages.as_slice(),
        [Message::CommandResponse {
            answers: Some(4242),
            ..
        }]
    ));
}

#[test]
fn confirmations_with_parameters_or_without_a_position() {
    // The corpus's #64: `S14` with its parameters, sent at 13:03:05.
    let s14 = "*TH,2020916012,V4,S14,100,10,1,3,130305,050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,FFFFFBFF#";
    let answer = decode_one(&mut codec(), s14.as_bytes()).expect("decodes");
    assert!(
        matches!(&answer, Message::CommandResponse { text, answers: Some(46985), .. } if text == "S14,100,10,1,3"),
        "{answer:?}"
    );
    // Without a position, the command time is the next-to-last field.
    let bare = format!("*HQ,{ID},V4,S20,ERROR,000007,050316#");
    let answer = decode_one(&mut codec(), bare.as_bytes()).expect("decodes");
    assert!(
        matches!(&answer, Message::CommandResponse { text, answers: Some(7), .. } if text == "S20,ERROR"),
        "{answer:?}"
    );
    // A time no serial can be: the answer names none.
    let late = format!("*HQ,{ID},V4,S20,DONE,200000,050316#");
    assert!(matches!(
        decode_one(&mut codec(), late.as_bytes()).expect("decodes"),
        Message::CommandResponse { answers: None, .. }
    ));
}

#[test]
fn what_cannot_be_sent_says_why() {
    assert!(matches!(
        encode(&Command::LocationRequest, 1, Transport::Tcp),
        Err(CommandError::Unsupported(_))
    ));
    assert!(matches!(
        encode(&Command::EngineBlock(true), 1, Transport::Http),
        Err(CommandError::Unsupported(_))
    ));
    assert!(encode(&Command::EngineBlock(true), 1, Transport::Udp).is_ok());
    let invalid = |id: &str, command: Command| {
        assert!(
            matches!(
                encode_to(id, &command, 1, Transport::Tcp),
                Err(CommandError::Invalid(_))
            ),
            "{id} {command:?}"
        );
    };
    invalid(ID, Command::Output { index: 2, on: true });
    invalid(ID, Command::Text(String::new()));
    invalid(ID, Command::Text(",1".into()));
    invalid(ID, Command::Text("S20,1#".into()));
    invalid(ID, Command::Text("S20,é".into()));
    invalid(ID, Command::Bytes(vec![0xFF]));
    invalid("", Command::EngineBlock(true));
    invalid("12 34", Command::EngineBlock(true));
}
