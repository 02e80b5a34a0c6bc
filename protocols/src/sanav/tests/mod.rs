//! Tests for the Sanav codecs.
//!
//! - `corpus`: every Sanav sample of the device corpus, replayed in order.
//! - `framing`: line edge cases, and what is skipped or closes the stream.
//! - `replies`: nothing is answered, over TCP or UDP.
//! - `props`: property tests (mutated corpus lines, over TCP and UDP).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::SanavCodec;

/// A codec for one connection.
pub(super) fn codec() -> SanavCodec {
    SanavCodec::new(Limits::default())
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("sanav");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` as its text, without a line end.
pub(super) fn text(index: usize) -> Vec<u8> {
    samples()[index]["payload"]
        .as_str()
        .expect("text")
        .as_bytes()
        .to_vec()
}

/// Sample `index` as a device sends it over TCP: its text and CR LF.
pub(super) fn line(index: usize) -> Vec<u8> {
    [&text(index)[..], b"\r\n"].concat()
}
