//! Tests for the Gotop codec.
//!
//! - `corpus`: every Gotop sample of the device corpus, replayed in order.
//! - `framing`: report edge cases, and what is skipped or closes the stream.
//! - `replies`: nothing is ever answered.
//! - `props`: property tests (mutated corpus reports, reports round trip).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::GotopCodec;

/// A codec for one connection.
pub(super) fn codec() -> GotopCodec {
    GotopCodec::new(Limits::default())
}

/// The corpus samples' texts, in `seq.index` order.
pub(super) fn texts() -> Vec<String> {
    let mut list = crate::test_support::corpus("gotop");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list.iter()
        .map(|s| s["payload"].as_str().expect("text").to_owned())
        .collect()
}

/// Sample `index` as the device sends it: its text and `#`.
pub(super) fn report(index: usize) -> Vec<u8> {
    format!("{}#", texts()[index]).into_bytes()
}

/// Decodes one whole report with a fresh codec and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole report");
    assert!(buf.is_empty(), "{} bytes left after the report", buf.len());
    Ok(message)
}
