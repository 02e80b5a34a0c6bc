//! Tests for the Fifotrack codec.
//!
//! - `corpus`: every Fifotrack sample of the device corpus, replayed in
//!   order, and the corpus's frame-splitting sample.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of the answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus messages).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::FifotrackCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> FifotrackCodec {
    FifotrackCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The corpus's decoder samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("fifotrack")
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index` as the device sends it: text with CR LF, the
/// binary photo chunk as it is.
pub(super) fn wire(index: usize) -> Vec<u8> {
    let sample = &samples()[index];
    let payload = sample["payload"].as_str().expect("payload");
    match sample["kind"].as_str() {
        Some("binary") => crate::test_support::unhex(payload),
        _ => format!("{payload}\r\n").into_bytes(),
    }
}

/// Decodes one whole message with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let mut codec = codec();
    let message = codec.decode(&mut buf)?.expect("a whole message");
    assert!(codec.decode(&mut buf)?.is_none());
    assert!(buf.is_empty(), "{} bytes left after the message", buf.len());
    Ok(message)
}
