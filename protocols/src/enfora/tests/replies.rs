//! Enfora devices expect no answer: none is sent, over TCP or UDP.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::drain;

use super::super::EnforaDatagram;
use super::{codec, sample};

#[test]
fn nothing_is_answered() {
    let stream: Vec<u8> = (2..5).flat_map(sample).collect();
    let mut messages = drain(&mut codec(), &stream).messages;
    for index in [0, 2, 3, 4] {
        messages.extend(
            EnforaDatagram
                .decode_datagram(&sample(index))
                .expect("decodes"),
        );
    }
    assert_eq!(messages.len(), 7);
    for message in &messages {
        assert!(
            matches!(
                message,
                Message::Records { ack: None, .. } | Message::Heartbeat { reply: None, .. }
            ),
            "{message:?}"
        );
    }
}
