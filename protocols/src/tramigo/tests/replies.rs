//! The Tramigo acknowledgements, byte for byte.

use crate::message::Message;

use super::{decode_one, packet, unhex};

fn answer(index: usize) -> Vec<u8> {
    match decode_one(&packet(index)).expect("decodes") {
        Message::Records { ack, .. } => ack,
        Message::Heartbeat { reply, .. } => reply,
        other => panic!("{other:?}"),
    }
    .expect("an answer")
    .to_vec()
}

#[test]
fn text_packets_are_answered_with_their_index() {
    // #2: index C4 26.
    assert_eq!(answer(2), b"gprs,ack,50214");
    // #6, a ping: index 3D 1A.
    assert_eq!(answer(6), b"gprs,ack,15642");
}

#[test]
fn binary_packets_get_the_24_byte_acknowledgement() {
    // `04 18 00`, CRC-16/IBM-3740 with these bytes zero (LE), index
    // `5B 1B`, ids, time, `FF`, index, `00 00`.
    assert_eq!(
        answer(1),
        unhex("041800bf595b1b69101a023ef34f0090436d38ff5b1b0000")
    );
    assert_eq!(
        answer(0),
        unhex("041800268e5c1b69101a023ef34f00549eec63ff5c1b0000")
    );
}
