//! The TZone answer, byte for byte.

use crate::message::Message;

use super::super::encode::ack;
use super::{NOW_MS, decode_one, packet};

#[test]
fn packets_are_answered_with_their_index_and_the_server_time() {
    // #13's index is 0x00F2 (242).
    let Message::Records { ack: answer, .. } = decode_one(&packet(13)).expect("decodes") else {
        panic!("a report");
    };
    assert_eq!(
        answer.as_deref(),
        Some(&b"@ACK,242#@UTC time:2024-03-01 12:00:00"[..])
    );
    assert_eq!(&ack(1, 0)[..], b"@ACK,1#@UTC time:1970-01-01 00:00:00");
    assert_eq!(
        &ack(65535, NOW_MS + 59_000)[..],
        b"@ACK,65535#@UTC time:2024-03-01 12:00:59"
    );
}
