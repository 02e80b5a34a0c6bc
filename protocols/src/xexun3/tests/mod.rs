//! Tests for the Xexun3 codec.
//!
//! - `commands`: every command is refused as unsupported.
//! - `corpus`: every Xexun3 sample of the device corpus.
//! - `framing`: the frame sample, CRC, start/end bytes and the limit.
//! - `replies`: exact bytes of the acknowledgement.
//! - `props`: property tests (mutated corpus frames, GNSS round trips).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::Xexun3Codec;

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("xexun3")
}

/// The decoder samples' frames, in `seq.index` order.
pub(super) fn decoder_frames() -> Vec<Vec<u8>> {
    let mut list: Vec<Json> = samples()
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64());
    list.iter()
        .map(|s| crate::test_support::unhex(s["payload"].as_str().expect("hex")))
        .collect()
}

/// Decodes one whole frame and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = Xexun3Codec::new(Limits::default())
        .decode(&mut buf)?
        .expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}
