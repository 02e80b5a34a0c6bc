//! Cutting Startek messages out of a byte stream, and checking them.
//!
//! A message is `&&`, an index character, a decimal length and a comma,
//! then its fields, a checksum of two hex digits and CR LF. The message is
//! the comma's position + 4 + the length bytes long (the length counts
//! from the comma to the checksum); the CR LF where the length puts it
//! proves the cut. The checksum is the sum, modulo 256, of every byte
//! before it, `&&` included, in upper-case hex.
//!
//! A stream that does not start with `&&` and a length, or a message whose
//! CR LF is not where its length puts it, has lost its position.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// The bytes that start a message.
pub const START: &[u8] = b"&&";
/// The longest length field read (five digits).
const MAX_LENGTH_DIGITS: usize = 5;

/// Cuts the next whole message (CR LF included), or `None` until one is
/// buffered. A message over `max_len` bytes is refused from its header.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let Some(frame) = crate::framing::length::cut(buf, max_len, total_len)? else {
        return Ok(None);
    };
    if !frame.ends_with(b"\r\n") {
        return Err(DecodeError::malformed(
            "no CR LF where the message's length ends it",
        ));
    }
    Ok(Some(frame))
}

/// The whole message's length from its header, `None` until the comma
/// after the length is buffered.
fn total_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let shown = buf.len().min(START.len());
    if buf[..shown] != START[..shown] {
        return Err(DecodeError::malformed("a message starts with &&"));
    }
    let digits = buf.get(3..).unwrap_or_default();
    let Some(comma) = digits.iter().position(|b| !b.is_ascii_digit()) else {
        if digits.len() > MAX_LENGTH_DIGITS {
            return Err(DecodeError::malformed("a length of more than five digits"));
        }
        return Ok(None);
    };
    if digits[comma] != b',' || comma == 0 || comma > MAX_LENGTH_DIGITS {
        return Err(DecodeError::malformed(
            "no decimal length before the first comma",
        ));
    }
    let length: usize = std::str::from_utf8(&digits[..comma])
        .ok()
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| DecodeError::malformed("length"))?;
    Ok(Some(3 + comma + 4 + length))
}

/// A checked message's text between the first comma and the checksum.
pub fn check(frame: &[u8]) -> Result<&str, DecodeError> {
    let text = std::str::from_utf8(frame)
        .map_err(|_| DecodeError::malformed("a message is ASCII text"))?;
    let body = text
        .get(..text.len().saturating_sub(4))
        .filter(|b| b.len() > 3)
        .ok_or_else(|| DecodeError::malformed("a message too short for its checksum"))?;
    let carried = &text[body.len()..text.len() - 2];
    let carried = u8::from_str_radix(carried, 16)
        .ok()
        .filter(|_| carried.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| DecodeError::malformed(format!("checksum {carried:?}")))?;
    let computed = crate::checksum::sum8(body.as_bytes());
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    let (_, fields) = body
        .split_once(',')
        .ok_or_else(|| DecodeError::malformed("no comma after the length"))?;
    Ok(fields)
}

/// `&&<index><length>,<fields><checksum>` and CR LF: a message as a device
/// sends it, for tests and the simulator.
pub fn message(index: char, fields: &str) -> Bytes {
    let length = fields.len() + 1;
    let body = format!("&&{index}{length},{fields}");
    Bytes::from(format!(
        "{body}{:02X}\r\n",
        crate::checksum::sum8(body.as_bytes())
    ))
}
