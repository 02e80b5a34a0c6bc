//! Sanav devices expect no answer: none is sent, over TCP or UDP.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::drain;

use super::super::SanavDatagram;
use super::{codec, line, text};

#[test]
fn reports_are_not_answered() {
    let stream: Vec<u8> = (2..7).flat_map(line).collect();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.messages.len(), 5);
    for index in 2..7 {
        let over_udp = SanavDatagram
            .decode_datagram(&line(index))
            .expect("decodes");
        assert!(matches!(
            over_udp.as_slice(),
            [Message::Records { ack: None, .. }]
        ));
        assert_eq!(
            over_udp,
            SanavDatagram
                .decode_datagram(&text(index))
                .expect("decodes")
        );
    }
    assert!(
        drained
            .messages
            .iter()
            .all(|m| matches!(m, Message::Records { ack: None, .. }))
    );
}
