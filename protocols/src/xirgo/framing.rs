//! Cutting Xirgo messages out of a byte stream.
//!
//! A message is `$$<fields>##`: over TCP the `##` ends it (line ends a
//! device may add after it are dropped); a datagram holds one message,
//! its `##` optional.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, Delimited};

/// The bytes that end a message.
pub const END: &[u8] = b"##";

/// Cuts the next message (its `##` dropped), or `None` until one is
/// buffered. A message over `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let framer = Delimited {
        start: b"",
        end: END,
        keep_end: false,
        max_len,
    };
    Ok(match framer.cut(buf)? {
        Cut::Frame(message) => Some(message),
        Cut::Incomplete => None,
    })
}

/// A message's fields: its text between `$$` and `##` (either end's line
/// breaks trimmed, the `##` optional), split at commas.
pub fn fields(message: &[u8]) -> Result<Vec<&str>, DecodeError> {
    let text = std::str::from_utf8(message)
        .map_err(|_| DecodeError::malformed("a message is ASCII text"))?
        .trim_matches(['\r', '\n']);
    let text = text.strip_suffix("##").unwrap_or(text);
    let body = text
        .strip_prefix("$$")
        .ok_or_else(|| DecodeError::malformed("a message starts with $$"))?;
    Ok(body.split(',').collect())
}
