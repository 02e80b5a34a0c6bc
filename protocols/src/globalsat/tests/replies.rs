//! The GlobalSat answer, byte for byte, and the messages that get none.

use crate::message::Message;

use super::super::framing;
use super::{decode_one, message};

#[test]
fn gs_messages_are_answered_ack_cr() {
    for index in [0, 1, 2, 5, 9] {
        let answer = match decode_one(&message(index)).expect("decodes") {
            Message::Records { ack, .. } => ack,
            Message::Heartbeat { reply, .. } => reply,
            other => panic!("{other:?}"),
        };
        assert_eq!(answer.as_deref(), Some(&b"ACK\r"[..]), "#{index}");
    }
    let built = framing::message("GSh,135785412249986,3,M,ea04");
    assert!(matches!(
        decode_one(&built).expect("decodes"),
        Message::Heartbeat { reply: Some(ref r), .. } if &r[..] == b"ACK\r"
    ));
}

#[test]
fn dollar_reports_are_not_answered() {
    for index in [6, 7, 8, 10, 11] {
        assert!(
            matches!(
                decode_one(&message(index)).expect("decodes"),
                Message::Records { ack: None, .. }
            ),
            "#{index}"
        );
    }
}
