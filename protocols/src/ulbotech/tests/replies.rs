//! The Ulbotech answers, byte for byte.

use crate::message::Message;
use crate::test_support::{drain, unhex};

use super::{codec, wire};

fn answer(index: usize) -> Vec<u8> {
    match drain(&mut codec(), &wire(index)).messages.remove(0) {
        Message::Records { ack, .. } => ack.expect("an ack").to_vec(),
        Message::Heartbeat { reply, .. } => reply.expect("a reply").to_vec(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn binary_frames_are_answered_with_the_fe_frame() {
    // F8 01 FE, the frame's F8 and version 01, CRC-16/XMODEM of 01 FE F8 01.
    let expected = unhex("f801fef80104aef8");
    assert_eq!(answer(0), expected);
    assert_eq!(answer(6), expected);
    assert_eq!(answer(26), expected);
}

#[test]
fn text_frames_are_answered_with_the_crc_of_their_body() {
    assert_eq!(
        String::from_utf8(answer(1)).expect("text"),
        format!(
            "*TS01,ACK:{:04X}#",
            crate::checksum::crc16_xmodem(b"TS01,353323081464660")
        )
    );
    assert_eq!(
        String::from_utf8(answer(2)).expect("text"),
        format!(
            "*TS01,ACK:{:04X}#",
            crate::checksum::crc16_xmodem(b"TS01,868323025245751,134955140317,WFE:0")
        )
    );
}
