//! Tests for the Wialon IPS codec.
//!
//! - `corpus`: every Wialon sample of the device corpus, replayed in order.
//! - `framing`: line framer edge cases.
//! - `replies`: exact bytes of every answer.
//! - `udp`: the datagram form.
//! - `props`: property tests (encode/decode round trips).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;
mod udp;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::Record;

use super::WialonCodec;

/// A 1.1 login, accepted by every test that needs a session.
pub(super) const LOGIN: &str = "#L#123456789012345;NA\r\n";

/// The corpus's Wialon samples, one JSON object each.
pub(super) fn samples() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wialon.jsonl");
    let text = std::fs::read_to_string(path).expect("corpus copy present");
    text.lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

/// Feeds `text` and decodes exactly one message from it.
pub(super) fn feed(codec: &mut WialonCodec, text: &str) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(text.as_bytes());
    let message = codec.decode(&mut buf)?.expect("a whole line");
    assert!(buf.is_empty(), "{} bytes left after the line", buf.len());
    Ok(message)
}

/// A codec that has seen [`LOGIN`].
pub(super) fn logged_in() -> WialonCodec {
    let mut codec = WialonCodec::new(Limits::default());
    let message = feed(&mut codec, LOGIN).expect("login decodes");
    assert!(matches!(message, Message::Login { .. }));
    codec
}

/// The bounds Traccar's tests apply to a decoded position (its 869-knot
/// speed limit in km/h).
pub(super) fn assert_plausible(name: &str, record: &Record) {
    if let Err(why) = crate::test_support::plausibility(record) {
        panic!("{name}: {why}");
    }
}
