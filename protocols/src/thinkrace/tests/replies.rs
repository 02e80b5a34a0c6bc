//! The ThinkRace login answer, byte for byte; positions get none.

use crate::message::Message;
use crate::test_support::drain;

use super::{codec, packet, unhex};

#[test]
fn the_login_is_answered_hr_with_the_header_id() {
    let drained = drain(&mut codec(), &packet(0));
    let [Message::Login { accept, reject, .. }] = drained.messages.as_slice() else {
        panic!("{drained:?}");
    };
    // `HR`, `SIH014700148`, `,`, type 80, length 2, `80 00`, `00 00`.
    assert_eq!(
        accept.as_deref(),
        Some(
            &unhex(
                "48525349483031343730303134382c8000028000 0000"
                    .replace(' ', "")
                    .as_str()
            )[..]
        )
    );
    assert!(reject.is_none());
}

#[test]
fn positions_are_not_answered() {
    let drained = drain(&mut codec(), &[packet(0), packet(1)].concat());
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Login { .. }, Message::Records { ack: None, .. }]
    ));
}
