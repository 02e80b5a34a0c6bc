//! The Gator answer, byte for byte, over TCP and UDP.

use crate::codec::DatagramCodec;
use crate::message::Message;

use super::super::GatorDatagram;
use super::{NOW_MS, decode_one, packet, unhex};

fn answer_of(message: Message) -> Vec<u8> {
    match message {
        Message::Records { ack, .. } => ack,
        Message::Heartbeat { reply, .. } => reply,
        other => panic!("{other:?}"),
    }
    .expect("an answer")
    .to_vec()
}

#[test]
fn positions_and_keep_alives_are_answered_with_their_checksum_and_type() {
    // #7: checksum 0A, type 80; XOR of 21 00 05 0A 80 00 is AE.
    assert_eq!(
        answer_of(decode_one(&packet(7)).expect("decodes")),
        unhex("24242100050a8000ae0d")
    );
    // #8: checksum CB, type 81.
    assert_eq!(
        answer_of(decode_one(&packet(8)).expect("decodes")),
        unhex("2424210005cb81006e0d")
    );
    // #4: a keep-alive, checksum 15, type 21.
    assert_eq!(
        answer_of(decode_one(&packet(4)).expect("decodes")),
        unhex("2424210005152100100d")
    );
}

#[test]
fn a_datagram_is_one_packet_answered_the_same_way() {
    let udp = GatorDatagram::with_clock(|| NOW_MS);
    let messages = udp.decode_datagram(&packet(9)).expect("decodes");
    let [message] = messages.as_slice() else {
        panic!("{messages:?}");
    };
    assert_eq!(message.device().map(|d| d.as_str()), Some("13866993000"));
    assert_eq!(answer_of(message.clone()), unhex("2424210005558000f10d"));
    let mut two = packet(9);
    two.extend_from_slice(&packet(4));
    assert!(udp.decode_datagram(&two).is_err(), "one packet a datagram");
    assert!(udp.decode_datagram(&packet(9)[1..]).is_err());
}
