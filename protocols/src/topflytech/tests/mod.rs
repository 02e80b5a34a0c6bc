//! Tests for the Topflytech codec.
//!
//! - `corpus`: the corpus's one sample.
//! - `framing`: `(` … `)` cutting, resync and the limit.
//! - `replies`: Topflytech is never answered.
//! - `props`: property tests (report round trips).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::TopflytechCodec;

/// The corpus sample on the wire: its text and the closing `)`.
pub(super) fn sample_wire() -> Vec<u8> {
    let samples = crate::test_support::corpus("topflytech");
    assert_eq!(samples.len(), 1);
    let mut bytes = samples[0]["payload"]
        .as_str()
        .expect("payload")
        .as_bytes()
        .to_vec();
    bytes.push(b')');
    bytes
}

/// Decodes one whole report and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = TopflytechCodec::new(Limits::default())
        .decode(&mut buf)?
        .expect("a whole report");
    assert!(buf.is_empty(), "{} bytes left", buf.len());
    Ok(message)
}
