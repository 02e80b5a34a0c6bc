//! Tests for the MiniFinder codec.
//!
//! - `corpus`: every MiniFinder sample of the device corpus, replayed in order.
//! - `framing`: message edge cases, the login, and what is skipped or
//!   closes the stream.
//! - `props`: property tests (mutated corpus messages).
//!
//! The protocol has no answers, so no `replies` file: the corpus replay
//! checks that nothing is answered.

mod corpus;
mod framing;
mod props;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::MinifinderCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> MinifinderCodec {
    MinifinderCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("minifinder");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` as the device sends it: its text and `;`.
pub(super) fn wire(index: usize) -> Vec<u8> {
    let text = samples()[index]["payload"]
        .as_str()
        .expect("text")
        .to_owned();
    format!("{text};").into_bytes()
}
