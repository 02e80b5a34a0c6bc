//! Gotop devices expect no answer: nothing the codec decodes carries one.

use crate::message::Message;

use super::{decode_one, report};

#[test]
fn nothing_is_answered() {
    for index in (0..14).filter(|i| *i != 3) {
        match decode_one(&report(index)).expect("decodes") {
            Message::Records { ack: None, .. } | Message::Heartbeat { reply: None, .. } => {}
            other => panic!("#{index} answered: {other:?}"),
        }
    }
}
