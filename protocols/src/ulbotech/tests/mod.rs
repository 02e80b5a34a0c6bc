//! Tests for the Ulbotech codec.
//!
//! - `corpus`: every Ulbotech sample of the device corpus, replayed in order.
//! - `framing`: frame edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of every answer.
//! - `props`: property tests (mutated corpus frames).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::UlbotechCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> UlbotechCodec {
    UlbotechCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The decoder samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("ulbotech")
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// The frame-splitting samples, in `seq.index` order.
pub(super) fn frame_samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("ulbotech")
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index` as the device sends it: binary frames stuffed
/// between their flags (sample #19, cut short, as it is), text as text.
pub(super) fn wire(index: usize) -> Vec<u8> {
    let sample = &samples()[index];
    let payload = sample["payload"].as_str().expect("payload");
    if sample["kind"] == "text" {
        return payload.as_bytes().to_vec();
    }
    let bytes = crate::test_support::unhex(payload);
    if index == 19 {
        return bytes;
    }
    super::framing::wire(&bytes[1..bytes.len() - 1]).to_vec()
}
