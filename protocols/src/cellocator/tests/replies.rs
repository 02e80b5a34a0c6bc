//! The acknowledgements, byte for byte, over TCP and UDP.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::{drain, unhex};

use super::super::CellocatorDatagram;
use super::{codec, frame_sample, message};

fn acks(bytes: &[u8]) -> Vec<Vec<u8>> {
    drain(&mut codec(), bytes)
        .messages
        .into_iter()
        .map(|m| match m {
            Message::Records { ack: Some(ack), .. } => ack.to_vec(),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn status_messages_get_a_type_4_acknowledgement_naming_their_numerator() {
    // Unit 0x000f3103, numerator 0x33; the sum from byte 4 on.
    let expected = unhex("4d4347500403310f000000000000003300000000000000000000007a");
    assert_eq!(acks(&message(0)), std::slice::from_ref(&expected));
    let over_udp = CellocatorDatagram
        .decode_datagram(&message(0))
        .expect("decodes");
    let [Message::Records { ack: Some(ack), .. }] = over_udp.as_slice() else {
        panic!("{over_udp:?}");
    };
    assert_eq!(ack.to_vec(), expected);
}

#[test]
fn modular_messages_get_a_modular_acknowledgement() {
    // Unit 0x000b88a9, numerator 0x7e.
    let (chunk, _) = frame_sample();
    let expected = unhex("4d4347500ba9880b007e00000000800a00000000000903000000005b");
    assert_eq!(acks(&chunk), [expected]);
}
