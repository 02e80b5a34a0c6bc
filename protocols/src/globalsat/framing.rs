//! Cutting GlobalSat messages out of a byte stream, and checking them.
//!
//! Every message ends with `!` (devices may add CR LF, which is trimmed
//! from the next message). `GS…` messages end their text with `*XX`, the
//! XOR of every byte before the `*` in two hex digits, which is verified;
//! `$…` messages carry no checksum trackgate can verify (samples of
//! different content end with the same `*37`), so theirs is dropped
//! unread.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};

/// The byte that ends a message.
pub const END: u8 = b'!';

/// Cuts the next message (its `!` dropped), or `None` until one is
/// buffered. A message over `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    Ok(match cut_at_any(buf, &[END], max_len)? {
        Cut::Frame(message) => Some(message),
        Cut::Incomplete => None,
    })
}

/// A message's text without line ends and, checked, without its checksum.
pub fn check(message: &[u8]) -> Result<&str, DecodeError> {
    let text = std::str::from_utf8(message)
        .map_err(|_| DecodeError::malformed("a message is ASCII text"))?
        .trim_matches(['\r', '\n']);
    let gs = text.starts_with("GS");
    let Some((body, checksum)) = text.rsplit_once('*') else {
        return match gs {
            true => Err(DecodeError::malformed("a GS message ends with *XX")),
            false => Ok(text),
        };
    };
    if !gs {
        return Ok(body);
    }
    crate::checksum::check_hex_xor8(body, checksum)?;
    Ok(body)
}

/// `body*XX!`: a `GS…` message with its checksum and end, for tests.
pub fn message(body: &str) -> Bytes {
    Bytes::from(format!(
        "{body}*{:02x}!",
        crate::checksum::xor8(body.as_bytes())
    ))
}
