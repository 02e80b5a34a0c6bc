//! Tests for the Xexun2 codec.
//!
//! - `commands`: every command is refused as unsupported.
//! - `corpus`: every Xexun2 decoder sample of the device corpus.
//! - `framing`: the frame samples, escaping, checksum and limits.
//! - `replies`: exact bytes of the acknowledgement.
//! - `props`: property tests (mutated corpus frames, position round trips).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::Xexun2Codec;
use super::framing::escaping;

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("xexun2")
}

/// A de-escaped corpus frame (flags included) as it goes on the wire.
pub(super) fn wire(frame: &[u8]) -> Vec<u8> {
    escaping(usize::MAX)
        .escape(&frame[2..frame.len() - 2])
        .to_vec()
}

/// Decoder samples' frames, on the wire.
pub(super) fn decoder_frames() -> Vec<Vec<u8>> {
    samples()
        .iter()
        .filter(|s| s["assert"] != "frame")
        .map(|s| {
            wire(&crate::test_support::unhex(
                s["payload"].as_str().expect("hex"),
            ))
        })
        .collect()
}

/// Decodes one whole wire frame and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = Xexun2Codec::new(Limits::default())
        .decode(&mut buf)?
        .expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}
