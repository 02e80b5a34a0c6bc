//! Tests for the Queclink codec.
//!
//! - `corpus`: every Queclink sample of the device corpus, replayed in order
//!   over TCP and each one again as a UDP datagram.
//! - `framing`: framer edge cases.
//! - `replies`: exact bytes of every reply, and checksum refusals.
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

use super::Gl200Codec;

/// A fresh codec.
pub(super) fn codec() -> Gl200Codec {
    Gl200Codec::new(Limits::default())
}

/// Decodes one whole frame and checks it was consumed.
pub(super) fn decode_one(codec: &mut Gl200Codec, bytes: &[u8]) -> Result<Message, DecodeError> {
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
            IoValue::Bytes(bytes) => format!("{bytes:02x?}"),
        })
}
