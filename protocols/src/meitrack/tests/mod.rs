//! Tests for the Meitrack codec.
//!
//! - `corpus`: every Meitrack sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases.
//! - `replies`: exact bytes of every reply, and decoded values.
//! - `props`: property tests (report round trips).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::Record;

use super::MeitrackCodec;

/// A codec with the default limits.
pub(super) fn codec() -> MeitrackCodec {
    MeitrackCodec::new(Limits::default())
}

/// Decodes one whole frame and checks it was consumed.
pub(super) fn decode_one(bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec().decode(&mut buf)?.expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}

/// The records of a message.
pub(super) fn records(message: &Message) -> &[Record] {
    match message {
        Message::Records { records, .. } => records,
        other => panic!("expected records, got {other:?}"),
    }
}

/// Replaces a frame's checksum with the right one.
pub(super) fn fix_checksum(frame: &[u8]) -> Vec<u8> {
    let body = frame.strip_suffix(b"\r\n").unwrap_or(frame);
    let star = body.len() - 3;
    let mut out = body[..=star].to_vec();
    let sum = crate::checksum::sum8(&out);
    out.extend_from_slice(format!("{sum:02X}\r\n").as_bytes());
    out
}
