//! Cutting Cellocator messages out of a byte stream.
//!
//! A message is `MCGP`, a type byte, the unit id (4 LE) and a body whose
//! size the type gives: 70 bytes in all for a status message (type 0),
//! `16 +` the length at bytes 13–14 (LE) for a modular message (type 11).
//! The last byte is the sum of every byte from the type on, modulo 256.
//! The stream has no end marker, so only the header places the next
//! message: a stream that does not start with `MCGP`, a type whose size
//! we cannot tell, or a checksum that fails loses the position and ends
//! the connection.

use bytes::{Bytes, BytesMut};

use crate::checksum::sum8;
use crate::codec::DecodeError;

/// The bytes that open every message from a unit.
pub const SYSTEM_CODE: &[u8] = b"MCGP";
/// A status (location) message.
pub const STATUS: u8 = 0;
/// A modular message (its modules sized by their own lengths).
pub const MODULAR: u8 = 11;
/// The size of a status message, checksum included.
pub const STATUS_LEN: usize = 70;

/// The size of the message at the start of `buf`, once its header is
/// buffered; an error if the header cannot open a message.
pub fn size(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let head = &buf[..buf.len().min(SYSTEM_CODE.len())];
    if !SYSTEM_CODE.starts_with(head) {
        return Err(DecodeError::malformed("a message starts with MCGP"));
    }
    let Some(&kind) = buf.get(4) else {
        return Ok(None);
    };
    match kind {
        STATUS => Ok(Some(STATUS_LEN)),
        MODULAR => Ok(crate::framing::length::le_u16(buf, 13).map(|len| 16 + usize::from(len))),
        other => Err(DecodeError::Unsupported(format!(
            "message type {other} (its size is not known)"
        ))),
    }
}

/// Checks the byte sum that ends `message` (from its type byte on).
pub fn check(message: &[u8]) -> Result<(), DecodeError> {
    let Some((&carried, body)) = message.split_last() else {
        return Err(DecodeError::malformed("an empty message"));
    };
    let computed = sum8(body.get(4..).unwrap_or_default());
    if computed == carried {
        Ok(())
    } else {
        Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        })
    }
}

/// Cuts the next whole message, checked, or `None` until one is buffered.
/// A size over `max_len` is refused from the header; a failed checksum is
/// returned as it is (the connection ends, so the consumed bytes do not
/// matter).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let Some(message) = crate::framing::length::cut(buf, max_len, size)? else {
        return Ok(None);
    };
    check(&message)?;
    Ok(Some(message))
}
