//! Cutting MiniFinder messages out of a byte stream.
//!
//! Every message is text ending with `;`, some devices adding a NUL after
//! it. The NUL, and line ends around a message, are not part of it; empty
//! messages between two ends are dropped. There is no checksum.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};

/// Bytes that end a message (a NUL after the `;` ends an empty one).
const ENDS: &[u8] = b";\0";

/// Cuts the next non-empty message (its end dropped, line ends trimmed),
/// or `None` until one is buffered. A message over `max_len` bytes is
/// refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    loop {
        let Cut::Frame(frame) = cut_at_any(buf, ENDS, max_len)? else {
            return Ok(None);
        };
        let start = frame.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let end = frame.len()
            - frame
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if start < end {
            return Ok(Some(frame.slice(start..end)));
        }
    }
}
