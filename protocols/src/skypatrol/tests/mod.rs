//! Tests for the Skypatrol codecs.
//!
//! - `corpus`: every Skypatrol sample of the device corpus, replayed in
//!   order as datagrams and over TCP.
//! - `framing`: TCP length edge cases, and what is skipped or closes the
//!   stream.
//! - `replies`: nothing is answered.
//! - `props`: property tests (mutated corpus messages, over UDP and TCP).

mod corpus;
mod framing;
mod props;
mod replies;

use crate::codec::Limits;

use super::SkypatrolCodec;

/// A stream codec for one connection.
pub(super) fn codec() -> SkypatrolCodec {
    SkypatrolCodec::new(Limits::default())
}

/// Sample `index` as its datagram.
pub(super) fn datagram(index: usize) -> Vec<u8> {
    let mut list = crate::test_support::corpus("skypatrol");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    crate::test_support::unhex(list[index]["payload"].as_str().expect("hex"))
}

/// Sample `index` as sent over TCP: its length in front.
pub(super) fn frame(index: usize) -> Vec<u8> {
    super::framing::with_length(&datagram(index)).to_vec()
}
