//! Tests for the 3G watch codec.
//!
//! - `corpus`: every watch decoder sample of the device corpus, in order.
//! - `framing`: the frame samples, bracket balance, stuffing, limits.
//! - `replies`: exact bytes of every reply.
//! - `props`: property tests (position round trips).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::WatchCodec;
use super::framing::STUFFING;

/// The server time the tests run at: 2024-06-01 12:00:00 UTC.
pub(super) const NOW_MS: i64 = 1_717_243_200_000;

fn fixed_clock() -> i64 {
    NOW_MS
}

/// A codec on the fixed clock.
pub(super) fn codec() -> WatchCodec {
    WatchCodec::with_clock(Limits::default(), fixed_clock)
}

pub(super) fn samples() -> Vec<Json> {
    crate::test_support::corpus("watch")
}

/// A decoder sample as the device puts it on the wire. Text samples are
/// their ISO-8859-1 bytes. The two binary samples (voice) are stored
/// unstuffed: their AMR audio, from `#!AMR` to the closing bracket, is
/// stuffed again.
pub(super) fn wire(sample: &Json) -> Vec<u8> {
    let payload = sample["payload"].as_str().expect("payload");
    if sample["kind"] != "binary" {
        return payload
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect();
    }
    let bytes = crate::test_support::unhex(payload);
    let at = bytes
        .windows(5)
        .position(|w| w == b"#!AMR")
        .expect("AMR audio");
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(&STUFFING.escape(&bytes[at..bytes.len() - 1]));
    out.push(b']');
    out
}

/// Decodes one whole frame and checks it was consumed.
pub(super) fn decode_one(codec: &mut WatchCodec, bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec.decode(&mut buf)?.expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}
