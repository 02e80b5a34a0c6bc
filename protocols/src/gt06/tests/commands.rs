//! Commands to GT06 devices: exact 0x80 bytes, the texts typed commands
//! become, answers naming their command, and what cannot be sent.

use crate::codec::Transport;
use crate::command::{Command, CommandEncoder, CommandError, DeviceSetup, Encoded};
use crate::message::Message;
use crate::test_support::drain;
use crate::test_support::encode_command;

use super::super::Gt06Commands;
use super::super::encode::packet;
use super::{logged_in, unhex};

fn encode(command: &Command, serial: u16, transport: Transport) -> Result<Encoded, CommandError> {
    encode_command(&Gt06Commands, command, "864717003283581", serial, transport)
}

/// The flag and text of the 0x80 packet a command becomes, read field by
/// field after checking the packet's length, CRC and serial.
fn fields(command: &Command, serial: u16) -> (u32, String, bool) {
    let encoded = encode(command, serial, Transport::Tcp).expect("encodes");
    assert_eq!(encoded.serial, Some(u32::from(serial)));
    let b = &encoded.bytes[..];
    assert_eq!(&b[..2], &[0x78, 0x78]);
    assert_eq!(usize::from(b[2]), b.len() - 5, "length byte");
    assert_eq!(b[3], 0x80);
    let text_len = usize::from(b[4]) - 4;
    let flag = u32::from_be_bytes([b[5], b[6], b[7], b[8]]);
    let text = String::from_utf8(b[9..9 + text_len].to_vec()).expect("ASCII");
    let tail = &b[9 + text_len..];
    assert_eq!(&tail[..2], &serial.to_be_bytes(), "packet serial");
    assert_eq!(&tail[4..], &[0x0D, 0x0A]);
    // Rebuilt from its parts, the packet must be the same bytes (CRC too).
    let mut content = vec![b[4]];
    content.extend_from_slice(&b[5..9 + text_len]);
    assert_eq!(&packet(false, 0x80, &content, serial)[..], b);
    (flag, text, encoded.answered)
}

#[test]
fn a_text_command_is_the_documented_online_command() {
    // `DYD#` with server flag and serial 0, as published for GT06 devices.
    let encoded = encode(&Command::Text("DYD#".into()), 0, Transport::Tcp).expect("encodes");
    assert_eq!(
        &encoded.bytes[..],
        &unhex("78780e80080000000044594423000053780d0a")[..]
    );
    assert_eq!(encoded.serial, Some(0));
    assert!(encoded.answered);
}

#[test]
fn the_serial_is_the_server_flag() {
    let (flag, text, _) = fields(&Command::Text("STATUS#".into()), 0x1234);
    assert_eq!((flag, text.as_str()), (0x1234, "STATUS#"));
    let bytes = encode(&Command::Bytes(b"PARAM#".to_vec()), 9, Transport::Tcp).expect("encodes");
    assert_eq!(
        &bytes.bytes[..],
        &encode(&Command::Text("PARAM#".into()), 9, Transport::Tcp)
            .expect("encodes")
            .bytes[..]
    );
}

#[test]
fn typed_commands_become_their_texts() {
    let text = |command: &Command| {
        let (flag, text, answered) = fields(command, 7);
        assert_eq!(flag, 7);
        (text, answered)
    };
    let relay_on = ("RELAY,1#".to_owned(), true);
    let relay_off = ("RELAY,0#".to_owned(), true);
    assert_eq!(text(&Command::Output { index: 1, on: true }), relay_on);
    assert_eq!(
        text(&Command::Output {
            index: 1,
            on: false
        }),
        relay_off
    );
    assert_eq!(text(&Command::EngineBlock(true)), relay_on);
    assert_eq!(text(&Command::EngineBlock(false)), relay_off);
    // The position comes back as a record, not as a command answer.
    assert_eq!(
        text(&Command::LocationRequest),
        ("WHERE#".to_owned(), false)
    );
}

/// The `answers` of the one command answer `hex` decodes to.
fn answers(hex: &str) -> (Option<u32>, String) {
    let drained = drain(&mut logged_in(), &unhex(hex));
    assert!(
        drained.rest.is_empty() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    match drained.messages.as_slice() {
        [Message::CommandResponse { answers, text, .. }] => (*answers, text.clone()),
        other => panic!("expected one command answer, got {other:?}"),
    }
}

#[test]
fn answers_name_the_command_by_its_server_flag() {
    // The corpus's answer to `DYD#` sent with flag 0 (#125).
    let dyd = concat!(
        "7878661500000000004459443d53756363657373210000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "00000000010009e82b0d0a",
    );
    assert_eq!(answers(dyd), (Some(0), "DYD=Success!".to_owned()));
    // A 0x21 answer in UTF-16 (#98), also flag 0.
    let utf16 =
        "797900262100000000020043006f006d006d0061006e00640020006500720072006f0072002100236e850d0a";
    assert_eq!(answers(utf16), (Some(0), "Command error!".to_owned()));
    // Answers to a command sent with serial 0x0102: 0x15 and 0x21.
    let mut short = vec![4 + 3];
    short.extend_from_slice(&0x0102_u32.to_be_bytes());
    short.extend_from_slice(b"OK!\x00\x02");
    let short = packet(false, 0x15, &short, 5);
    let mut long = 0x0102_u32.to_be_bytes().to_vec();
    long.push(1);
    long.extend_from_slice(b"Relay on");
    let long = packet(true, 0x21, &long, 6);
    assert_eq!(
        answers(&crate::hex::encode(short)),
        (Some(0x0102), "OK!".into())
    );
    assert_eq!(
        answers(&crate::hex::encode(long)),
        (Some(0x0102), "Relay on".into())
    );
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
    invalid(Command::Output { index: 0, on: true });
    invalid(Command::Text(String::new()));
    invalid(Command::Text("é#".into()));
    invalid(Command::Text("A".repeat(246)));
    assert!(encode(&Command::Text("A".repeat(245)), 1, Transport::Tcp).is_ok());
    assert!(matches!(
        encode(&Command::LocationRequest, 1, Transport::Udp),
        Err(CommandError::Unsupported(_))
    ));
}

#[test]
fn by_sms_the_same_texts_go() {
    use crate::command::CommandEncoder;
    let sms = |command: &Command| super::super::Gt06Commands.sms(command);
    assert_eq!(sms(&Command::LocationRequest).as_deref(), Some("WHERE#"));
    assert_eq!(
        sms(&Command::EngineBlock(true)).as_deref(),
        Some("RELAY,1#")
    );
    assert_eq!(sms(&Command::Output { index: 2, on: true }), None);
}

#[test]
fn the_setup_sms_sets_the_apn_then_the_server_by_ip_or_domain() {
    let setup = DeviceSetup {
        apn_name: "internet",
        apn_user: "",
        apn_password: "",
        host: "203.0.113.7",
        port: 5023,
    };
    assert_eq!(
        Gt06Commands.setup_sms(&setup),
        vec![
            "APN,internet#".to_string(),
            "SERVER,0,203.0.113.7,5023,0#".to_string()
        ]
    );
    let with_login = DeviceSetup {
        apn_user: "user",
        apn_password: "pw",
        host: "gw.example.net",
        ..setup
    };
    assert_eq!(
        Gt06Commands.setup_sms(&with_login),
        vec![
            "APN,internet,user,pw#".to_string(),
            "SERVER,1,gw.example.net,5023,0#".to_string()
        ]
    );
}
