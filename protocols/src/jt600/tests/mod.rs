//! Tests for the JT600 codec.
//!
//! - `corpus`: every JT600 sample of the device corpus, replayed in order.
//! - `framing`: frame edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of every answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus frames).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

pub(super) use crate::test_support::unhex;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::Jt600Codec;
use super::encode::text_frame;

/// A codec with the default limits.
pub(super) fn codec() -> Jt600Codec {
    Jt600Codec::new(Limits::default())
}

/// The corpus's decoder samples (not its frame-splitting ones), in
/// `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("jt600")
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// The corpus's frame-splitting samples, in `seq.index` order.
pub(super) fn frame_samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("jt600")
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index` as the device sends it: binary as is, text
/// escaped inside its parentheses (the corpus holds it unescaped).
pub(super) fn wire(index: usize) -> Vec<u8> {
    let sample = &samples()[index];
    let payload = sample["payload"].as_str().expect("payload");
    let bytes = if sample["kind"] == "text" {
        payload.as_bytes().to_vec()
    } else {
        unhex(payload)
    };
    if bytes.first() == Some(&b'(') {
        text_frame(&bytes[1..bytes.len() - 1])
    } else {
        bytes
    }
}

/// Decodes one whole frame with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}
