//! Tests for the Pretrace codec.
//!
//! - `corpus`: both Pretrace samples of the device corpus, replayed in order.
//! - `framing`: report edge cases, and what is skipped or closes the stream.
//! - `replies`: reports get no answer.
//! - `props`: property tests (mutated corpus reports).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::PretraceCodec;

/// A codec for a new connection.
pub(super) fn codec() -> PretraceCodec {
    PretraceCodec::new(Limits::default())
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("pretrace");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` as the device sends it: its text and the `)` the
/// corpus strips.
pub(super) fn report(index: usize) -> Vec<u8> {
    let text = samples()[index]["payload"]
        .as_str()
        .expect("text")
        .to_owned();
    format!("{text})").into_bytes()
}
