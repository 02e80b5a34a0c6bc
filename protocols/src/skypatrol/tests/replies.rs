//! Skypatrol devices expect no answer: none is sent, to reports or
//! keep-alives, over UDP or TCP.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::drain;

use super::super::SkypatrolDatagram;
use super::{codec, datagram, frame};

#[test]
fn nothing_is_answered() {
    for index in [0, 1, 2, 5] {
        let messages = SkypatrolDatagram
            .decode_datagram(&datagram(index))
            .expect("decodes");
        let drained = drain(&mut codec(), &frame(index));
        for message in messages.iter().chain(&drained.messages) {
            assert!(
                matches!(
                    message,
                    Message::Records { ack: None, .. } | Message::Heartbeat { reply: None, .. }
                ),
                "#{index}: {message:?}"
            );
        }
    }
}
