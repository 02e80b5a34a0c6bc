//! Tests for the Suntech codec.
//!
//! - `commands`: exact command sentences, and their answers.
//! - `corpus`: every Suntech sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases and the corpus's frame samples.
//! - `replies`: no reply is ever sent; command answers and refusals.
//! - `props`: property tests (sentence round trips).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};

use super::{SuntechCodec, SuntechOptions};

/// A fresh codec with these options.
pub(super) fn codec(options: SuntechOptions) -> SuntechCodec {
    SuntechCodec::with_options(Limits::default(), options)
}

/// Decodes one whole frame and checks it was consumed.
pub(super) fn decode_one(codec: &mut SuntechCodec, bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec.decode(&mut buf)?.expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}

/// The records of a message (none for other kinds).
pub(super) fn records(message: &Message) -> &[Record] {
    match message {
        Message::Records { records, .. } => records,
        _ => &[],
    }
}

/// A raw element's text (or number, as text) by name.
pub(super) fn raw(record: &Record, name: &str) -> Option<String> {
    record
        .io
        .iter()
        .find(|e| e.key == IoKey::Name(name.into()))
        .map(|e| match &e.value {
            IoValue::Text(text) => text.clone(),
            IoValue::Uint { value, .. } => value.to_string(),
            IoValue::Bytes(bytes) => crate::hex::encode(bytes),
        })
}
