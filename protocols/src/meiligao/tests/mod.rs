//! Tests for the Meiligao codecs.
//!
//! - `corpus`: every Meiligao sample of the device corpus, replayed.
//! - `framing`: framer edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the answers, and UDP.
//! - `commands`: exact bytes of every command, and their answers.
//! - `props`: property tests (mutated corpus packets, reports round trip).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::MeiligaoCodec;

pub(super) use crate::test_support::unhex;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> MeiligaoCodec {
    MeiligaoCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The decoder samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("meiligao")
        .into_iter()
        .filter(|s| {
            !s["assert"]
                .as_str()
                .unwrap_or_default()
                .starts_with("frame")
        })
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// The bytes of decoder sample `index`.
pub(super) fn sample(index: usize) -> Vec<u8> {
    unhex(samples()[index]["payload"].as_str().expect("hex"))
}

/// Decodes one whole packet with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole packet");
    assert!(buf.is_empty(), "{} bytes left after the packet", buf.len());
    Ok(message)
}
