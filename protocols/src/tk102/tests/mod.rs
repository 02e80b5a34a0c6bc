//! Tests for the TK102 codec.
//!
//! - `corpus`: every TK102 sample of the device corpus, replayed in order.
//! - `framing`: frame edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of every answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus frames).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::Tk102Codec;

/// A codec for a new connection.
pub(super) fn codec() -> Tk102Codec {
    Tk102Codec::new(Limits::default())
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("tk102");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` as the device sends it: the ISO-8859-1 bytes of its text.
pub(super) fn frame(index: usize) -> Vec<u8> {
    samples()[index]["payload"]
        .as_str()
        .expect("text")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("ISO-8859-1"))
        .collect()
}
