//! Tests for the Startek codec.
//!
//! - `corpus`: every Startek sample of the device corpus, replayed in order.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: what each message becomes; none is answered.
//! - `props`: property tests (mutated corpus messages).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::StartekCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> StartekCodec {
    StartekCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The decoder samples (not the frame-splitting ones), in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("startek")
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index` as the device sends it (its text ends with CR LF).
pub(super) fn message(index: usize) -> Vec<u8> {
    samples()[index]["payload"]
        .as_str()
        .expect("text")
        .as_bytes()
        .to_vec()
}
