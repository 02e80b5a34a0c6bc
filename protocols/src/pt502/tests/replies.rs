//! PT502 devices get no answer: reports are not acknowledged, and photo
//! announcements ask for no chunk (trackgate stores no images).

use crate::message::Message;
use crate::test_support::drain;

use super::{codec, wire};

#[test]
fn nothing_is_answered_not_even_photo_announcements() {
    let stream: Vec<u8> = [0, 3, 5, 7, 11, 14, 21]
        .into_iter()
        .flat_map(wire)
        .collect();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.messages.len(), 7);
    assert!(
        drained
            .messages
            .iter()
            .all(|m| matches!(m, Message::Records { ack: None, .. }))
    );
}
