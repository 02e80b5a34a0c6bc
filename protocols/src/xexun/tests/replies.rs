//! Xexun devices expect no reply: no message the codec returns carries one.

use crate::message::Message;

use super::super::encode;
use super::corpus::{samples, wire};
use super::{codec, decode_one};
use crate::record::Record;

fn reply_of(message: &Message) -> Option<&bytes::Bytes> {
    match message {
        Message::Login { accept, .. } => accept.as_ref(),
        Message::Records { ack, .. } | Message::CommandResponse { ack, .. } => ack.as_ref(),
        Message::Heartbeat { reply, .. } => reply.as_ref(),
    }
}

#[test]
fn no_report_is_answered() {
    let mut decoded = 0;
    for sample in samples().iter().filter(|s| s["assert"] != "frame") {
        let message = decode_one(&mut codec(), &wire(sample)).expect("decodes");
        assert_eq!(reply_of(&message), None, "{sample}");
        decoded += 1;
    }
    assert_eq!(decoded, 33);
}

#[test]
fn encoded_sentences_carry_a_valid_nmea_checksum() {
    let record = Record::at(1_367_096_161_250, -33.774_11, 150.955_14);
    let sentence = encode::rmc_sentence(&record);
    assert_eq!(
        sentence,
        "GPRMC,205601.250,A,3346.4466,S,15057.3084,E,0.00,0.00,270413,,,A*7C"
    );
    let (body, cs) = sentence.split_once('*').expect("checksum");
    let xor = body.bytes().fold(0u8, |acc, b| acc ^ b);
    assert_eq!(format!("{xor:02X}"), cs);
}
