//! Tests for the Laipac codec.
//!
//! - `corpus`: every Laipac sample of the device corpus, replayed in order.
//! - `framing`: line edge cases, and what is skipped or closes the stream.
//! - `replies`: exact bytes of every answer, and what goes unanswered.
//! - `props`: property tests (mutated corpus lines).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::LaipacCodec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> LaipacCodec {
    LaipacCodec::with_clock(Limits::default(), || NOW_MS)
}

/// The corpus samples, in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list = crate::test_support::corpus("laipac");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` as the device sends it: its text and CR LF.
pub(super) fn line(index: usize) -> Vec<u8> {
    let text = samples()[index]["payload"]
        .as_str()
        .expect("text")
        .to_owned();
    format!("{text}\r\n").into_bytes()
}

/// Decodes one whole line with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let mut codec = codec();
    let message = codec.decode(&mut buf)?.expect("a whole line");
    // The LF after the CR that ended the line is dropped with the next read.
    assert!(codec.decode(&mut buf)?.is_none());
    assert!(buf.is_empty(), "{} bytes left after the line", buf.len());
    Ok(message)
}
