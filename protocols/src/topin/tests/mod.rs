//! Tests for the Topin codec.
//!
//! - `corpus`: every Topin sample of the device corpus, replayed in order.
//! - `framing`: packet edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of every answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus packets).

mod corpus;
mod framing;
mod props;
mod replies;

use crate::codec::Limits;

pub(super) use crate::test_support::unhex;

use super::TopinCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> TopinCodec {
    TopinCodec::with_clock(Limits::default(), || NOW_MS)
}

/// Sample `index`'s bytes, in `seq.index` order.
pub(super) fn packet(index: usize) -> Vec<u8> {
    let mut list = crate::test_support::corpus("topin");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    unhex(list[index]["payload"].as_str().expect("hex"))
}

/// The corpus's login (#1).
pub(super) fn login() -> Vec<u8> {
    packet(1)
}
