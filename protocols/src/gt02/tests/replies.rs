//! The GT02 heartbeat answer, byte for byte, and the messages that get none.

use crate::message::Message;

use super::super::decode::{ANSWER, HEARTBEAT, LOCATION};
use super::super::encode;
use super::{decode_one, frames, unhex};

#[test]
fn every_heartbeat_is_answered_54_68_1a_0d_0a() {
    let corpus = frames();
    let heartbeats = [&corpus[2], &corpus[3], &corpus[4], &corpus[5], &corpus[7]];
    let built = encode::frame(0, 0, "350000000000018", 0xFFFF, HEARTBEAT, &[]);
    for frame in heartbeats.into_iter().chain([&built.to_vec()]) {
        let message = decode_one(frame).expect("decodes");
        let Message::Records { ack: Some(ack), .. } = &message else {
            panic!("{message:?}");
        };
        assert_eq!(&ack[..], &unhex("54681a0d0a")[..]);
    }
}

#[test]
fn locations_and_command_answers_are_not_answered() {
    let corpus = frames();
    for frame in [&corpus[0], &corpus[1], &corpus[6], &corpus[8]] {
        match decode_one(frame).expect("decodes") {
            Message::Records { ack: None, .. } | Message::CommandResponse { ack: None, .. } => {}
            other => panic!("answered: {other:?}"),
        }
    }
    let answer = encode::frame(0, 0, "350000000000018", 9, ANSWER, &encode::answer("OK"));
    assert!(matches!(
        decode_one(&answer).expect("decodes"),
        Message::CommandResponse { ack: None, answers: None, ref text, .. } if text == "OK"
    ));
    let location = encode::frame(
        0,
        0,
        "350000000000018",
        9,
        LOCATION,
        &unhex("010101010101026b3f3e026b3f3e00000000000000000001"),
    );
    assert!(matches!(
        decode_one(&location).expect("decodes"),
        Message::Records { ack: None, .. }
    ));
}

#[test]
fn the_encoder_writes_the_corpus_frames_byte_for_byte() {
    let corpus = frames();
    let heartbeat = encode::frame(5, 4, "358899058314017", 0x00DF, HEARTBEAT, &[0, 0]);
    assert_eq!(&heartbeat[..], &corpus[2][..]);
    let answer = encode::frame(
        0,
        0,
        "358899058952584",
        0x0083,
        ANSWER,
        &encode::answer("APEXOK!"),
    );
    assert_eq!(&answer[..], &corpus[0][..]);
}
