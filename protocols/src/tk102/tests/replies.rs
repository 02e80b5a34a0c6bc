//! The TK102 answers, byte for byte.

use crate::message::Message;
use crate::test_support::drain;

use super::{codec, frame};

#[test]
fn logins_are_answered_with_mode_30_and_their_data() {
    let drained = drain(&mut codec(), &frame(0));
    let [Message::Login { accept, reject, .. }] = drained.messages.as_slice() else {
        panic!("{drained:?}");
    };
    assert_eq!(
        accept.as_deref(),
        Some(&b"[\x000000000000\x09021315452]"[..])
    );
    assert!(reject.is_none());

    let drained = drain(&mut codec(), &frame(4));
    let [Message::Login { accept, .. }] = drained.messages.as_slice() else {
        panic!("{drained:?}");
    };
    let sent = frame(4);
    let mut answer = b"[\x000000000081".to_vec();
    answer.push(115);
    answer.push(b'0');
    answer.extend_from_slice(&sent[13..sent.len() - 1]);
    answer.push(b']');
    assert_eq!(accept.as_deref(), Some(&answer[..]));
}

#[test]
fn heartbeats_are_echoed_with_type_ff() {
    let stream = [frame(0), frame(1)].concat();
    let drained = drain(&mut codec(), &stream);
    let [_, Message::Heartbeat { reply, .. }] = drained.messages.as_slice() else {
        panic!("{drained:?}");
    };
    assert_eq!(reply.as_deref(), Some(&b"[\xff0000000000\x0821315452]"[..]));
}

#[test]
fn reports_get_no_answer() {
    let stream = [frame(4), frame(8), frame(10)].concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.messages.len(), 3);
    for message in &drained.messages[1..] {
        assert!(
            matches!(message, Message::Records { ack: None, .. }),
            "{message:?}"
        );
    }
}
