//! Tests for the Cellocator codecs.
//!
//! - `corpus`: every Cellocator sample of the device corpus, replayed in order.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: the acknowledgements, byte for byte.
//! - `props`: property tests (mutated corpus messages, over TCP and UDP).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::CellocatorCodec;

/// A codec with the default limits.
pub(super) fn codec() -> CellocatorCodec {
    CellocatorCodec::new(Limits::default())
}

/// The decoder samples (not the frame-splitting one), in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("cellocator")
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index`, as the unit sends it.
pub(super) fn message(index: usize) -> Vec<u8> {
    crate::test_support::unhex(samples()[index]["payload"].as_str().expect("hex"))
}

/// The frame-splitting sample: its chunk and the frame expected from it.
pub(super) fn frame_sample() -> (Vec<u8>, Vec<u8>) {
    let sample = crate::test_support::corpus("cellocator")
        .into_iter()
        .find(|s| s["assert"] == "frame")
        .expect("a frame sample");
    (
        crate::test_support::unhex(sample["payload"].as_str().expect("hex")),
        crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("hex")),
    )
}
