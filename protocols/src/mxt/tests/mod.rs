//! Tests for the MXT codec.
//!
//! - `corpus`: every MXT sample of the device corpus, replayed in order.
//! - `framing`: frame edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the answer.
//! - `props`: property tests (mutated corpus frames, the stuffing).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::MxtCodec;

/// A codec with the default limits.
pub(super) fn codec() -> MxtCodec {
    MxtCodec::new(Limits::default())
}

/// The decoder samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("mxt");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` as the device sends it (the corpus holds the stuffed
/// wire bytes, `01` and `04` included).
pub(super) fn wire(index: usize) -> Vec<u8> {
    crate::test_support::unhex(samples()[index]["payload"].as_str().expect("payload"))
}
