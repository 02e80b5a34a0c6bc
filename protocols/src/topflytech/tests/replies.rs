//! Topflytech devices expect no reply.

use crate::message::Message;

use super::{decode_one, sample_wire};

#[test]
fn nothing_is_answered() {
    match decode_one(&sample_wire()).expect("decodes") {
        Message::Records { ack, .. } => assert_eq!(ack, None),
        other => panic!("{other:?}"),
    }
    match decode_one(b"(880316890094910BP05)").expect("decodes") {
        Message::Heartbeat { reply, .. } => assert_eq!(reply, None),
        other => panic!("{other:?}"),
    }
}
