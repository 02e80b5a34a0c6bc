//! Tests for the ATrack codec.
//!
//! - `commands`: exact command lines, and their answers.
//! - `corpus`: every ATrack decoder sample of the device corpus, replayed
//!   in order.
//! - `framing`: framer edge cases and the corpus's frame samples.
//! - `replies`: exact bytes of every reply, and the UDP path.
//! - `props`: property tests (encode/decode).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::Limits;
use crate::message::Message;

use super::AtrackCodec;

pub(super) fn codec() -> AtrackCodec {
    AtrackCodec::new(Limits::default())
}

/// A keep-alive of the corpus (unit 352964052096642, sequence 1).
pub(super) const KEEP_ALIVE: &str = "fe0200014104d8f196820001";

/// The bytes of a sample: hex for binary ones, the text's bytes otherwise.
pub(super) fn payload(sample: &Json) -> Vec<u8> {
    let text = sample["payload"].as_str().expect("payload");
    if sample["kind"] == "binary" {
        crate::test_support::unhex(text)
    } else {
        text.chars().map(|c| c as u32 as u8).collect()
    }
}

pub(super) fn is_frame_sample(sample: &Json) -> bool {
    sample["assert"] == "frame" || sample["assert"] == "frame_null"
}

/// The decoder sample of `method` with this index.
pub(super) fn sample(method: &str, index: u64) -> Json {
    crate::test_support::corpus("atrack")
        .into_iter()
        .filter(|s| !is_frame_sample(s))
        .find(|s| s["seq"]["method"] == method && s["seq"]["index"] == index)
        .expect("sample present")
}

/// Every message the codec cuts from `bytes`, and what stays buffered.
pub(super) fn decode_all(codec: &mut AtrackCodec, bytes: &[u8]) -> (Vec<Message>, BytesMut) {
    let drained = crate::test_support::drain(codec, bytes);
    assert!(
        drained.closed.is_none(),
        "within the frame limit: {drained:?}"
    );
    (drained.messages, drained.rest)
}
