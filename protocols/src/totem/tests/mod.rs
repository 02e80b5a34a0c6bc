//! Tests for the Totem codec.
//!
//! - `corpus`: every Totem sample of the device corpus, replayed in order,
//!   and the corpus's frame-splitting samples.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of every answer.
//! - `props`: property tests (mutated corpus messages).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::TotemCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> TotemCodec {
    TotemCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The corpus's decoder samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("totem")
        .into_iter()
        .filter(|s| s["kind"] == "text")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// The corpus's frame-splitting samples, in `seq.index` order.
pub(super) fn frame_samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("totem")
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index` as the device sends it (the corpus keeps any
/// line end it had).
pub(super) fn wire(index: usize) -> Vec<u8> {
    samples()[index]["payload"]
        .as_str()
        .expect("text")
        .as_bytes()
        .to_vec()
}

/// Decodes one whole message with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let mut codec = codec();
    let message = codec.decode(&mut buf)?.expect("a whole message");
    assert!(codec.decode(&mut buf)?.is_none());
    assert!(buf.is_empty(), "{} bytes left after the message", buf.len());
    Ok(message)
}
