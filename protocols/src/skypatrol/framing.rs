//! Messages of the Enfora modem family (Skypatrol builds on it): their
//! header, and cutting them out of a TCP stream.
//!
//! A message starts with its header: the API number (2 bytes, big
//! endian), the command type (1) and the message type (1). Over UDP a
//! datagram is one message. Over TCP each message is preceded by its
//! length in 2 bytes, big endian, counting those 2 bytes too; some
//! devices send that length in datagrams as well, so a datagram whose
//! first 2 bytes are its own length has them dropped ([`unwrap`]).

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length::{be_u16, cut as cut_length};

/// The shortest message: its length and the 4 header bytes.
pub const MIN_LEN: usize = 6;

/// Cuts the next length-prefixed message (the length kept), or `None`
/// until a whole one is buffered. A length below [`MIN_LEN`] cannot be a
/// message and ends the stream, as does one over `max_len`, refused from
/// the header.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    cut_length(buf, max_len, |head| match be_u16(head, 0) {
        None => Ok(None),
        Some(len) if usize::from(len) < MIN_LEN => Err(DecodeError::malformed(format!(
            "a message length of {len}, below the {MIN_LEN} of its header"
        ))),
        Some(len) => Ok(Some(usize::from(len))),
    })
}

/// A message without the length that prefixes it, if it starts with its
/// own length; as it is otherwise.
pub fn unwrap(message: &[u8]) -> &[u8] {
    match be_u16(message, 0) {
        Some(len) if usize::from(len) == message.len() && message.len() >= MIN_LEN => &message[2..],
        _ => message,
    }
}

/// A message's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The API number.
    pub api: u16,
    /// The command type.
    pub command: u8,
    /// The message type byte as sent.
    pub kind: u8,
}

impl Header {
    /// The header at the start of `message` (its length already dropped).
    pub fn read(message: &[u8]) -> Result<Self, DecodeError> {
        match message {
            [a, b, command, kind, ..] => Ok(Self {
                api: u16::from_be_bytes([*a, *b]),
                command: *command,
                kind: *kind,
            }),
            _ => Err(DecodeError::malformed("a message has a 4-byte header")),
        }
    }
}

/// `message` with its length in front, as sent over TCP.
pub fn with_length(message: &[u8]) -> Bytes {
    let len = u16::try_from(message.len() + 2).unwrap_or(u16::MAX);
    Bytes::from([&len.to_be_bytes()[..], message].concat())
}
