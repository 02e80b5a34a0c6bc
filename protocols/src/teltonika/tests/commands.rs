//! Commands to Teltonika devices: exact Codec 12 bytes, typed commands'
//! texts, and what cannot be sent.

use bytes::BytesMut;

use crate::codec::{DeviceCodec, Transport};
use crate::command::{Command, CommandEncoder, CommandError, DeviceSetup, Target};
use crate::message::{DeviceId, Message};

use super::super::TeltonikaCommands;
use super::{logged_in, unhex};

fn encode(
    command: &Command,
    transport: Transport,
) -> Result<crate::command::Encoded, CommandError> {
    let device = DeviceId("352093081452251".into());
    TeltonikaCommands.encode(
        command,
        &Target {
            device: &device,
            serial: 7,
            transport,
        },
    )
}

/// The text a Codec 12 command packet carries, read back by the codec.
fn text_of(command: &Command) -> String {
    let encoded = encode(command, Transport::Tcp).expect("encodes");
    assert_eq!(encoded.serial, None, "answers come in order");
    assert!(encoded.answered);
    let mut buf = BytesMut::from(&encoded.bytes[..]);
    match logged_in().decode(&mut buf) {
        Ok(Some(Message::CommandResponse {
            text,
            answers: None,
            ..
        })) => text,
        other => panic!("expected a command item, got {other:?}"),
    }
}

#[test]
fn a_text_command_is_the_documented_codec_12_packet() {
    let encoded = encode(&Command::Text("getinfo".into()), Transport::Tcp).expect("encodes");
    assert_eq!(
        &encoded.bytes[..],
        &unhex("000000000000000f0c010500000007676574696e666f0100004312")[..]
    );
}

#[test]
fn typed_commands_become_their_texts() {
    assert_eq!(
        text_of(&Command::Output { index: 1, on: true }),
        "setdigout 1"
    );
    assert_eq!(
        text_of(&Command::Output {
            index: 3,
            on: false
        }),
        "setdigout ??0"
    );
    assert_eq!(text_of(&Command::EngineBlock(true)), "setdigout 1");
    assert_eq!(text_of(&Command::EngineBlock(false)), "setdigout 0");
    assert_eq!(text_of(&Command::LocationRequest), "getgps");
    assert_eq!(text_of(&Command::Bytes(b"getver".to_vec())), "getver");
}

#[test]
fn what_cannot_be_sent_says_why() {
    assert!(matches!(
        encode(&Command::Output { index: 5, on: true }, Transport::Tcp),
        Err(CommandError::Invalid(_))
    ));
    assert!(matches!(
        encode(&Command::Output { index: 0, on: true }, Transport::Tcp),
        Err(CommandError::Invalid(_))
    ));
    assert!(matches!(
        encode(&Command::LocationRequest, Transport::Udp),
        Err(CommandError::Unsupported(_))
    ));
}

#[test]
fn a_getgps_answer_is_read_as_a_position() {
    let answer = "GPS:1 Sat:7 Lat:54.687157 Long:-25.279652 Alt:112 Speed:36 Dir:450 Date: 2024/6/1 Time: 12:00:05";
    let record = TeltonikaCommands
        .answer_position(answer)
        .expect("a position");
    assert_eq!(record.fix_time_ms, 1_717_243_205_000);
    assert_eq!((record.latitude, record.longitude), (54.687157, -25.279652));
    assert_eq!(
        (record.altitude_m, record.speed_kmh, record.course_deg),
        (112.0, 36.0, 90.0)
    );
    assert_eq!(record.satellites, Some(7));
    for no_fix in [
        "GPS:0 Sat:0 Lat:0.000000 Long:0.000000 Alt:0 Speed:0 Dir:0 Date: 2024/6/1 Time: 12:00:05",
        "GPS:1 Sat:7 Lat:95.0 Long:25.0 Alt:0 Speed:0 Dir:0 Date: 2024/6/1 Time: 12:00:05",
        "GPS:1 Sat:7 Lat:54.6 Long:25.2 Date: 2024/13/1 Time: 12:00:05",
        "Ver:03.27.07",
    ] {
        assert_eq!(TeltonikaCommands.answer_position(no_fix), None, "{no_fix}");
    }
}

#[test]
fn by_sms_a_command_follows_the_empty_login_and_password() {
    assert_eq!(
        TeltonikaCommands.sms(&Command::LocationRequest).as_deref(),
        Some("  getgps")
    );
    assert_eq!(
        TeltonikaCommands
            .sms(&Command::Output {
                index: 2,
                on: false
            })
            .as_deref(),
        Some("  setdigout ?0")
    );
    assert_eq!(
        TeltonikaCommands.sms(&Command::Output {
            index: 9,
            on: false
        }),
        None
    );
    assert_eq!(TeltonikaCommands.sms(&Command::Bytes(vec![1])), None);
}

#[test]
fn the_setup_sms_sets_apn_server_and_tcp_in_one_setparam() {
    let setup = DeviceSetup {
        apn_name: "internet.example",
        apn_user: "u",
        apn_password: "",
        host: "gw.example.net",
        port: 5027,
    };
    assert_eq!(
        TeltonikaCommands.setup_sms(&setup),
        vec![
            "  setparam 2001:internet.example;2002:u;2003:;2004:gw.example.net;2005:5027;2006:0"
                .to_string()
        ]
    );
    let keep_apn = DeviceSetup {
        apn_name: "",
        ..setup
    };
    assert_eq!(
        TeltonikaCommands.setup_sms(&keep_apn),
        vec!["  setparam 2004:gw.example.net;2005:5027;2006:0".to_string()]
    );
}
