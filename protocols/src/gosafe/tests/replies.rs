//! The answer, byte for byte, over TCP and UDP.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::drain;

use super::{codec, datagram, datagrams, message};

fn answer(message: &Message) -> Vec<u8> {
    match message {
        Message::Records { ack: Some(ack), .. }
        | Message::Heartbeat {
            reply: Some(ack), ..
        } => ack.to_vec(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reports_and_keep_alives_are_answered_1234() {
    let stream = [message(2), message(22), message(1)].concat();
    let drained = drain(&mut codec(), &stream);
    let answers: Vec<Vec<u8>> = drained.messages.iter().map(answer).collect();
    assert_eq!(
        answers,
        [b"1234".to_vec(), b"1234".to_vec(), b"1234".to_vec()]
    );
    for index in [2, 21, 26] {
        let udp = datagrams()
            .decode_datagram(&datagram(index))
            .expect("decodes");
        assert_eq!(answer(&udp[0]), b"1234", "#{index}");
    }
}

#[test]
fn unreadable_datagrams_are_refused() {
    assert!(datagrams().decode_datagram(b"hello").is_err());
    assert!(datagrams().decode_datagram(&[0xF8, 0x00]).is_err());
    assert!(datagrams().decode_datagram(&[0xF8]).is_err());
}
