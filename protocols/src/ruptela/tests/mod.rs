//! Tests for the Ruptela codec.
//!
//! - `commands`: exact bytes of SMS-via-GPRS commands, and their answers.
//! - `corpus`: every Ruptela sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases and the refused samples, repaired.
//! - `replies`: exact bytes of every reply.
//! - `props`: property tests (encode/decode).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::RuptelaCodec;

pub(super) use crate::test_support::unhex;

pub(super) fn codec() -> RuptelaCodec {
    RuptelaCodec::new(Limits::default())
}

/// Every message the codec cuts from `bytes` and what stays buffered, or
/// the error that ended the stream.
pub(super) fn decode_all(
    codec: &mut RuptelaCodec,
    bytes: &[u8],
) -> Result<(Vec<Message>, BytesMut), DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let mut out = Vec::new();
    while let Some(message) = codec.decode(&mut buf)? {
        out.push(message);
    }
    Ok((out, buf))
}

/// The payload of the corpus sample with this `seq.index`.
pub(super) fn sample(index: u64) -> Vec<u8> {
    let samples = crate::test_support::corpus("ruptela");
    let sample = samples
        .iter()
        .find(|s| s["seq"]["index"] == index)
        .expect("sample present");
    unhex(sample["payload"].as_str().expect("payload"))
}

/// A corpus packet with its length field set to what it really holds.
pub(super) fn repaired(index: u64) -> Vec<u8> {
    let mut bytes = sample(index);
    let len = (bytes.len() - 4) as u16;
    bytes[..2].copy_from_slice(&len.to_be_bytes());
    bytes
}
