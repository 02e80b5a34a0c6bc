//! Tests for the Tramigo codec.
//!
//! - `corpus`: every Tramigo sample of the device corpus, replayed in order.
//! - `framing`: packet edge cases, the corpus's frame samples, and what is
//!   skipped or closes the stream.
//! - `replies`: exact bytes of both acknowledgements.
//! - `props`: property tests (mutated corpus packets).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

pub(super) use crate::test_support::unhex;

use super::TramigoCodec;

/// A codec for one connection.
pub(super) fn codec() -> TramigoCodec {
    TramigoCodec::new(Limits::default())
}

/// The samples of one of the corpus's two test files (`Protocol` or
/// `Frame`), in `seq.index` order.
pub(super) fn samples(file: &str) -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("tramigo")
        .into_iter()
        .filter(|s| {
            s["source"]
                .as_str()
                .is_some_and(|source| source.contains(&format!("Tramigo{file}DecoderTest")))
        })
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index`'s bytes.
pub(super) fn packet(index: usize) -> Vec<u8> {
    unhex(samples("Protocol")[index]["payload"].as_str().expect("hex"))
}

/// Decodes one whole packet with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole packet");
    assert!(buf.is_empty(), "{} bytes left after the packet", buf.len());
    Ok(message)
}
