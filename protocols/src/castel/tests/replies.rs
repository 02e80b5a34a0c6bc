//! The Castel answers, byte for byte, and the packets that get none.

use crate::message::Message;

use super::super::encode;
use super::super::framing::id_bytes;
use super::{NOW_MS, decode_one, sample, unhex};

fn answer(index: usize) -> Option<Vec<u8>> {
    match decode_one(&sample(index)).expect("decodes") {
        Message::Records { ack, .. } => ack.map(|a| a.to_vec()),
        Message::Heartbeat { reply, .. } => reply.map(|a| a.to_vec()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_login_is_answered_9001_with_the_server_time() {
    // #17, device 213EP2016000585, version 4: FFFFFFFF 0000 and 1709294400
    // (65E1C340) little-endian.
    let expected =
        unhex("404029000432313345503230313630303035383500000000009001ffffffff000040c3e16593810d0a");
    assert_eq!(answer(17), Some(expected.clone()));
    assert_eq!(NOW_MS / 1000, 0x65E1_C340);
    // The corpus's own answer (#18) has this shape, with its own time.
    assert_eq!(&sample(18)[..33], &expected[..33]);
}

#[test]
fn heartbeats_and_alarms_are_answered() {
    // #48: 9003, no content.
    assert_eq!(
        answer(48),
        Some(unhex(
            "40401f000431303031313132353239393837000000000000009003cfbe0d0a"
        ))
    );
    // #19: C007 and the alarm index 08000000 as received.
    let id = id_bytes("213EP2016000585").expect("id");
    assert_eq!(
        answer(19),
        Some(encode::versioned(4, &id, 0xC007, &[8, 0, 0, 0]).to_vec())
    );
}

#[test]
fn other_versions_and_mpip_are_answered_in_their_forms() {
    // #41, version 12 login: 8001; #40, its heartbeat: 8206.
    let id = id_bytes("611150000956").expect("id");
    assert_eq!(
        answer(41),
        Some(encode::versioned(12, &id, 0x8001, &[]).to_vec())
    );
    assert_eq!(
        answer(40),
        Some(encode::versioned(12, &id, 0x8206, &[]).to_vec())
    );
    // #13, MPIP 4001: an @@ 4001 with version FF.
    let id = id_bytes("61711512C3136").expect("id");
    assert_eq!(
        answer(13),
        Some(encode::versioned(0xFF, &id, 0x4001, &[]).to_vec())
    );
    // #28, MPIP 2001: a version-less @@ 1001, 00000000 and eight FF.
    let mut expected = b"@@\x2a\x00".to_vec();
    expected.extend_from_slice(&id_bytes("gnghef6101112900174").expect("id"));
    expected.extend_from_slice(&unhex("100100000000ffffffffffffffff"));
    let crc = crate::checksum::crc16_x25(&expected);
    expected.extend_from_slice(&crc.to_le_bytes());
    expected.extend_from_slice(b"\r\n");
    assert_eq!(answer(28), Some(expected));
}

#[test]
fn data_packets_get_no_answer() {
    for index in [0, 5, 24, 30, 32, 35, 42, 51] {
        assert_eq!(answer(index), None, "#{index}");
    }
}
