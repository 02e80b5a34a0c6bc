//! Pretrace devices expect no answer, and get none.

use crate::message::Message;
use crate::test_support::drain;

use super::{codec, report};

#[test]
fn reports_are_not_answered() {
    let drained = drain(&mut codec(), &[report(0), report(1)].concat());
    assert_eq!(drained.messages.len(), 2);
    assert!(
        drained
            .messages
            .iter()
            .all(|m| matches!(m, Message::Records { ack: None, .. }))
    );
}
