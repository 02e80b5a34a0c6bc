//! Startek devices expect no answer: nothing any message becomes carries
//! bytes to write.

use crate::message::Message;
use crate::test_support::drain;

use super::super::framing;
use super::{codec, message};

#[test]
fn no_message_is_answered() {
    let stream: Vec<u8> = [0, 1, 2, 8, 12].into_iter().flat_map(message).collect();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.messages.len(), 5);
    for m in &drained.messages {
        match m {
            Message::Records { ack, .. } | Message::CommandResponse { ack, .. } => {
                assert!(ack.is_none(), "{m:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn messages_built_for_tests_carry_the_devices_length_and_checksum() {
    // Corpus #8, rebuilt from its fields.
    let built = framing::message(':', "860262050015424,129,OK");
    assert_eq!(&built[..], &message(8)[..]);
}
