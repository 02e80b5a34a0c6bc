//! Exact bytes of every answer.

use bytes::Bytes;

use crate::message::Message;

use super::super::encode::{login_reply, packet, reply};
use super::{NOW_MS, codec, decode_all, logged_in, unhex};

/// 2024-03-01 12:00:00 UTC as Unix seconds, big-endian.
const NOW_HEX: &str = "65e1c340";

fn answer(message: &Message) -> Option<&Bytes> {
    match message {
        Message::Login { accept, .. } => accept.as_ref(),
        Message::Records { ack, .. } | Message::CommandResponse { ack, .. } => ack.as_ref(),
        Message::Heartbeat { reply, .. } => reply.as_ref(),
    }
}

#[test]
fn a_login_is_answered_with_the_server_time_version_and_mask() {
    let mut c = codec();
    let (messages, _) = decode_all(&mut c, &unhex("676701000c007b03525440717505180104"));
    let want = unhex(&format!("676701000900 7b{NOW_HEX}000100").replace(' ', ""));
    assert_eq!(answer(&messages[0]).map(|b| b.to_vec()), Some(want));
    assert_eq!(login_reply(0x7b, NOW_MS).len(), 14);
}

#[test]
fn every_packet_but_gps_and_data_is_answered_with_its_type_and_sequence() {
    let cases = [
        // heartbeat #19, alarm #28, state #29, OBD #5, location #22, warning #9, instruction #10
        ("67670300040021006e", Some("6767030002 0021")),
        (
            "676704001c01a4569ff2dd0517a0f7020b0d9a06011000d8001e005b0004450183",
            Some("6767040002 01a4"),
        ),
        (
            "676705002200ba569fc3520517a0d8020b0f740f007100d8001e005b0004460101569fd162001f",
            Some("6767050002 00ba"),
        ),
        ("6767070006000e0077035d", Some("6767070002 000e")),
        (
            "676712002d066c592cca6803002631a60b22127700240046005c08020d000301af000da0fd12007f11ce05820000001899c0",
            Some("6767120002 066c"),
        ),
        (
            "676714002414b05ad43a7d03026b92b10c395499ffd7000000000701cc00002495000014203604067b",
            Some("6767140002 14b0"),
        ),
        // GPS #30: never answered.
        (
            "676702002500bb569fc3610517a091020b116000001900d8001e005b00044601001f1170003200000000",
            None,
        ),
        // Broadcast data: never answered.
        ("67678100040009415a", None),
        // An unread type (SMS 0x06) is still answered.
        ("67670600040005abcd", Some("6767060002 0005")),
    ];
    for (input, want) in cases {
        let mut c = logged_in();
        let (messages, rest) = decode_all(&mut c, &unhex(input));
        assert!(
            rest.is_empty() && messages.len() == 1,
            "{input}: {messages:?}"
        );
        let want = want.map(|w| unhex(&w.replace(' ', "")));
        assert_eq!(answer(&messages[0]).map(|b| b.to_vec()), want, "{input}");
    }
}

#[test]
fn answers_are_built_from_type_sequence_and_content() {
    assert_eq!(reply(0x14, 0xBEEF).to_vec(), unhex("6767140002beef"));
    assert_eq!(
        packet(0x80, 1, b"AB").to_vec(),
        unhex("67678000040001 4142".replace(' ', "").as_str())
    );
}
