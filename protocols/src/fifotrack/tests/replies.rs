//! The Fifotrack answer, byte for byte, and the reports that get none.

use crate::message::Message;

use super::super::encode::a03;
use super::{NOW_MS, decode_one, wire};

fn ack(index: usize) -> Option<String> {
    match decode_one(&wire(index)).expect("decodes") {
        Message::Records { ack, .. } => ack.map(|a| String::from_utf8(a.to_vec()).expect("text")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a03_reports_are_answered_with_the_server_time() {
    // #1: IMEI 865413050150407, index 7F. The length counts
    // `865413050150407,7F,A03,240301120000*` (36 bytes); the sum covers
    // everything up to and including the `*`.
    let head = "##36,865413050150407,7F,A03,240301120000*";
    let sum = head.bytes().fold(0u8, |acc, b| acc.wrapping_add(b));
    assert_eq!(ack(1), Some(format!("{head}{sum:02X}\r\n")));
    assert_eq!(
        ack(1).as_deref(),
        Some("##36,865413050150407,7F,A03,240301120000*F8\r\n")
    );
    assert_eq!(
        &a03("866104023192332", "1", NOW_MS)[..],
        b"##35,866104023192332,1,A03,240301120000*AC\r\n"
    );
}

#[test]
fn a00_and_a01_reports_are_not_answered() {
    for index in [4, 6, 7, 9, 12, 15] {
        assert_eq!(ack(index), None, "#{index}");
    }
}
