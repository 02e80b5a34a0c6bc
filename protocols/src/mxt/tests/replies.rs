//! The MXT answer, byte for byte.

use crate::checksum::crc16_xmodem;
use crate::message::Message;
use crate::test_support::{drain, unhex};

use super::{codec, wire};

fn answer(index: usize) -> Vec<u8> {
    match drain(&mut codec(), &wire(index)).messages.remove(0) {
        Message::Records { ack, .. } => ack.expect("an ack").to_vec(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_position_is_answered_with_its_id_and_crc() {
    // #1: device byte A6, type 02, id 14 4C 7E 00, the position's CRC
    // (1F DA as carried, LE), then the CRC-16/XMODEM of those 8 bytes, LE.
    let content = unhex("a602144c7e001fda");
    let crc = crc16_xmodem(&content).to_le_bytes();
    let mut expected = vec![0x01];
    expected.extend_from_slice(&content);
    expected.extend_from_slice(&crc);
    expected.push(0x04);
    assert!(!crc.contains(&0x01) && !crc.contains(&0x04) && !crc.contains(&0x10));
    assert_eq!(answer(1), expected);
}

#[test]
fn bytes_of_the_answer_that_would_break_the_framing_are_stuffed() {
    // #7: the position's CRC is 10 30 8C on the wire, i.e. 10 8C: the
    // answer stuffs the 10 again.
    let got = answer(7);
    let content = unhex("a60218787d00108c");
    let crc = crc16_xmodem(&content).to_le_bytes();
    let mut expected = unhex("01a60218787d001030 8c".replace(' ', "").as_str());
    for byte in crc {
        match byte {
            0x01 | 0x04 | 0x10 => expected.extend_from_slice(&[0x10, byte + 0x20]),
            other => expected.push(other),
        }
    }
    expected.push(0x04);
    assert_eq!(got, expected);
}
