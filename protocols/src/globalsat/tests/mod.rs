//! Tests for the GlobalSat codec.
//!
//! - `corpus`: every GlobalSat sample of the device corpus, replayed in order.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus messages).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::GlobalsatCodec;

/// A codec for one connection.
pub(super) fn codec() -> GlobalsatCodec {
    GlobalsatCodec::new(Limits::default())
}

/// Sample `index` as the device sends it: ended by `!` (which the corpus
/// strips from some).
pub(super) fn message(index: usize) -> Vec<u8> {
    let mut list = crate::test_support::corpus("globalsat");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    let text = list[index]["payload"].as_str().expect("text");
    match text.ends_with('!') {
        true => text.as_bytes().to_vec(),
        false => format!("{text}!").into_bytes(),
    }
}

/// Decodes one whole message with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole message");
    assert!(buf.is_empty(), "{} bytes left after the message", buf.len());
    Ok(message)
}
