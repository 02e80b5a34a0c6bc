//! Tests for the Galileosky codec.
//!
//! - `commands`: exact bytes of command packets, and answers naming them.
//! - `corpus`: every Galileosky decoder sample of the device corpus,
//!   replayed in order.
//! - `framing`: framer edge cases and the corpus's frame samples.
//! - `replies`: exact bytes of every reply.
//! - `props`: property tests (encode/decode).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::GalileoCodec;

pub(super) use crate::test_support::unhex;

pub(super) fn codec() -> GalileoCodec {
    GalileoCodec::new(Limits::default())
}

/// Every message the codec cuts from `bytes` and what stays buffered, or
/// the error that ended the stream.
pub(super) fn decode_all(
    codec: &mut GalileoCodec,
    bytes: &[u8],
) -> Result<(Vec<Message>, BytesMut), DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let mut out = Vec::new();
    while let Some(message) = codec.decode(&mut buf)? {
        out.push(message);
    }
    Ok((out, buf))
}

pub(super) fn is_frame_sample(sample: &Json) -> bool {
    sample["assert"] == "frame" || sample["assert"] == "frame_null"
}

/// The payload of the decoder sample of `testDecode` with this index.
pub(super) fn sample(index: u64) -> Vec<u8> {
    let samples = crate::test_support::corpus("galileo");
    let sample = samples
        .iter()
        .filter(|s| !is_frame_sample(s))
        .find(|s| s["seq"]["method"] == "testDecode" && s["seq"]["index"] == index)
        .expect("sample present");
    unhex(sample["payload"].as_str().expect("payload"))
}

/// A codec that has read the corpus's first head packet.
pub(super) fn identified() -> GalileoCodec {
    let mut c = codec();
    let (messages, _) = decode_all(&mut c, &sample(0)).expect("head packet decodes");
    assert_eq!(messages.len(), 1);
    c
}
