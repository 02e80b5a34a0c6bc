//! Tests for the GT02 codec.
//!
//! - `corpus`: every GT02 sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the heartbeat answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus frames, locations round trip).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::Gt02Codec;

pub(super) use crate::test_support::unhex;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> Gt02Codec {
    Gt02Codec::with_clock(Limits::default(), || NOW_MS)
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("gt02");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// The corpus samples' frames, in `seq.index` order.
pub(super) fn frames() -> Vec<Vec<u8>> {
    samples()
        .iter()
        .map(|s| unhex(s["payload"].as_str().expect("hex")))
        .collect()
}

/// Decodes one whole frame with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}
