//! The JT600 answers, byte for byte, and the frames that get none.

use crate::message::Message;

use super::{decode_one, wire};

fn ack(index: usize) -> Option<String> {
    match decode_one(&wire(index)).expect("decodes") {
        Message::Records { ack, .. } => ack.map(|a| String::from_utf8(a.to_vec()).expect("text")),
        Message::Heartbeat { reply, .. } => {
            reply.map(|a| String::from_utf8(a.to_vec()).expect("text"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn long_binary_records_asking_for_an_answer_get_p35_before_version_0x19() {
    // Status 0x00F0 / 0x20E0 (bit 5 set), versions 0x01, 0x16, 0x17.
    for index in [3, 7, 8, 18, 19] {
        assert_eq!(ack(index).as_deref(), Some("(P35)"), "#{index}");
    }
}

#[test]
fn long_binary_records_from_version_0x19_get_p69_with_the_last_byte() {
    // #5: version 0x19, status 0x20E0, last byte 0x6E.
    assert_eq!(ack(5).as_deref(), Some("(P69,0,110)"));
}

#[test]
fn long_binary_records_without_status_bit_5_are_not_answered() {
    // Status 0x20C0.
    for index in [6, 11, 17] {
        assert_eq!(ack(index), None, "#{index}");
    }
}

#[test]
fn short_binary_batches_are_not_answered() {
    for index in [9, 10, 12, 14, 15, 16, 30, 31, 32, 33] {
        assert_eq!(ack(index), None, "#{index}");
    }
}

#[test]
fn text_reports_get_their_answers() {
    for index in [20, 21, 22, 25, 26, 36, 38, 40] {
        assert_eq!(ack(index).as_deref(), Some("(S39)"), "#{index} U01-U03");
    }
    for index in [24, 28, 29, 39] {
        assert_eq!(ack(index).as_deref(), Some("(S20)"), "#{index} U06");
    }
    // P45: the last field is the index answered.
    assert_eq!(ack(2).as_deref(), Some("(P69,0,0)"));
    assert_eq!(ack(4).as_deref(), Some("(P69,0,0)"));
    let p45 = b"(2050018634,P45,051124,204046,9.861502,N,83.950336,W,A,1,0,1,1,0012260888,0,0,17)";
    let Message::Records { ack, .. } = decode_one(p45).expect("decodes") else {
        panic!("records");
    };
    assert_eq!(ack.as_deref(), Some(&b"(P69,0,17)"[..]));
}

#[test]
fn w01_reports_and_keep_alives_are_not_answered() {
    for index in [23, 27, 34, 35] {
        assert_eq!(ack(index), None, "#{index}");
    }
}
