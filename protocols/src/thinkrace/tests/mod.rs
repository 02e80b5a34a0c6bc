//! Tests for the ThinkRace codec.
//!
//! - `corpus`: every ThinkRace sample of the device corpus, replayed in order.
//! - `framing`: packet edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the login answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus packets).

mod corpus;
mod framing;
mod props;
mod replies;

use crate::codec::Limits;

pub(super) use crate::test_support::unhex;

use super::ThinkraceCodec;

/// A codec for one connection.
pub(super) fn codec() -> ThinkraceCodec {
    ThinkraceCodec::new(Limits::default())
}

/// Sample `index`'s bytes, in `seq.index` order.
pub(super) fn packet(index: usize) -> Vec<u8> {
    let mut list = crate::test_support::corpus("thinkrace");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    unhex(list[index]["payload"].as_str().expect("hex"))
}

/// The samples' device id from the header.
pub(super) const ID: &[u8; 12] = b"SIH014700148";
