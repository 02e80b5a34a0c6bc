//! Tests for the TZone codec.
//!
//! - `corpus`: every TZone sample of the device corpus, replayed in order.
//! - `framing`: packet edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the answer.
//! - `props`: property tests (mutated corpus packets).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::TzoneCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// The answer's time at [`NOW_MS`].
pub(super) const NOW_TEXT: &str = "2024-03-01 12:00:00";

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> TzoneCodec {
    TzoneCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("tzone");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index`'s bytes, as the device sends them.
pub(super) fn packet(index: usize) -> Vec<u8> {
    crate::test_support::unhex(samples()[index]["payload"].as_str().expect("hex"))
}

/// Decodes one whole packet with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole packet");
    assert!(buf.is_empty(), "{} bytes left after the packet", buf.len());
    Ok(message)
}
