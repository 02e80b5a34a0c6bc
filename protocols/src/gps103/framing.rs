//! Cutting GPS103 messages out of a byte stream.
//!
//! A message ends with `;`, `*`, CR or LF (devices send `;` or `*`, some
//! followed by CR LF, some only a line break). The end byte is dropped and
//! empty messages between ends are skipped, so every combination cuts the
//! same. A message longer than the limit without an end is `Oversize`.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};

/// The bytes that end a message.
pub const ENDS: &[u8] = b";*\r\n";

/// Cuts the next message, without its end byte.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    match cut_at_any(buf, ENDS, max_len)? {
        Cut::Frame(frame) => Ok(Some(frame)),
        Cut::Incomplete => Ok(None),
    }
}
