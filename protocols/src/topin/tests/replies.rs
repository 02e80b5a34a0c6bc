//! The Topin answers, byte for byte, and the packets that get none.

use bytes::Bytes;

use crate::message::Message;
use crate::test_support::drain;

use super::{codec, login, packet, unhex};

/// 2024-03-01 12:00:00: `07 E8` `03 01 0C 00 00`.
const TIME: &str = "7878073007e803010c00000d0a";

/// What the codec answers to `index` after the login.
fn answer(index: usize) -> Option<Bytes> {
    let drained = drain(&mut codec(), &[login(), packet(index)].concat());
    match &drained.messages[..] {
        [_, Message::Records { ack, .. }] => ack.clone(),
        [_, Message::Heartbeat { reply, .. }] => reply.clone(),
        other => panic!("#{index}: {other:?}"),
    }
}

#[test]
fn the_login_is_answered_with_its_length_byte_then_the_time() {
    let drained = drain(&mut codec(), &login());
    let [Message::Login { accept, reject, .. }] = drained.messages.as_slice() else {
        panic!("{drained:?}");
    };
    let accepted = ["78780d0101 0d0a".replace(' ', ""), TIME.to_owned()].concat();
    assert_eq!(accept.as_deref(), Some(&unhex(&accepted)[..]));
    assert_eq!(reject.as_deref(), Some(&unhex("78780d01440d0a")[..]));
}

#[test]
fn located_packets_are_answered_with_their_time() {
    assert_eq!(answer(7), Some(unhex("78781510120b05030d240d0a").into()));
    assert_eq!(answer(10), Some(unhex("787812100a03170f32170d0a").into()));
    assert_eq!(
        answer(2),
        Some(unhex("78780318160413031849 0d0a".replace(' ', "").as_str()).into())
    );
    assert_eq!(
        answer(3),
        Some(unhex("78780069211204125658 0d0a".replace(' ', "").as_str()).into())
    );
}

#[test]
fn status_is_echoed_and_time_requests_get_the_time() {
    assert_eq!(answer(6), Some(packet(6).into()));
    assert_eq!(answer(14), Some(packet(14).into()));
    assert_eq!(answer(15), Some(unhex(TIME).into()));
}

#[test]
fn alarms_keep_alives_and_wifi_reports_are_not_answered() {
    for index in [4, 5, 8, 9] {
        assert_eq!(answer(index), None, "#{index}");
    }
    assert_eq!(answer(0), None);
}
