//! Tests for the Enfora codecs.
//!
//! - `corpus`: every Enfora sample of the device corpus, replayed in order
//!   over TCP and as datagrams.
//! - `framing`: TCP length edge cases, and what is skipped or closes the
//!   stream.
//! - `replies`: nothing is answered.
//! - `props`: property tests (mutated corpus messages, over TCP and UDP).

mod corpus;
mod framing;
mod props;
mod replies;

use crate::codec::Limits;

use super::EnforaCodec;

/// A stream codec for one connection.
pub(super) fn codec() -> EnforaCodec {
    EnforaCodec::new(Limits::default())
}

/// Sample `index`'s bytes, as the corpus gives them (#1–#4 with their TCP
/// length in front).
pub(super) fn sample(index: usize) -> Vec<u8> {
    let mut list = crate::test_support::corpus("enfora");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    crate::test_support::unhex(list[index]["payload"].as_str().expect("hex"))
}
