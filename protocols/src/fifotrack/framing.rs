//! Cutting Fifotrack messages out of a byte stream, and checking them.
//!
//! A message is `$$<len>,` then `len` bytes (from after that comma through
//! a `*`), then two hex digits, the XOR of every byte before the `*`;
//! devices end it with CR LF, which is dropped. Photo chunks carry binary
//! bytes inside, so the length, not a delimiter, bounds a message: the `*`
//! where the length ends proves it. Bytes before a `$$` are skipped and
//! counted.

use bytes::{Buf, Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::find;

/// The start of every message.
pub const START: &[u8] = b"$$";
/// The most digits a length has.
const LENGTH_DIGITS: usize = 5;

/// Cuts the next message (without its line end), or `None` until one is
/// buffered. Bytes before a `$$` come back as a skipped frame; a length
/// that is not digits, one over `max_len`, or a message without its `*`
/// where the length ends is refused (the connection closes).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let ends = buf
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    buf.advance(ends);
    if buf.is_empty() {
        return Ok(None);
    }
    if !buf.starts_with(START) {
        let at = find(&buf[1..], START)
            .map(|at| at + 1)
            .unwrap_or_else(|| buf.len() - usize::from(buf.ends_with(b"$")));
        if at == 0 {
            return Ok(None);
        }
        let garbage = buf.split_to(at);
        return Err(DecodeError::malformed("bytes before $$").skip(&garbage));
    }
    let header = &buf[START.len()..buf.len().min(START.len() + LENGTH_DIGITS + 1)];
    let Some(comma) = header.iter().position(|&b| b == b',') else {
        if header.len() > LENGTH_DIGITS || !header.iter().all(u8::is_ascii_digit) {
            return Err(DecodeError::malformed("a length of more than 5 digits"));
        }
        return Ok(None);
    };
    let digits = &header[..comma];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(DecodeError::malformed(format!("length {digits:?}")));
    }
    let len: usize = std::str::from_utf8(digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| DecodeError::malformed("length"))?;
    let start = START.len() + comma + 1;
    let total = start + len + 2;
    if total > max_len {
        return Err(DecodeError::Oversize {
            len: total,
            max: max_len,
        });
    }
    if len == 0 {
        return Err(DecodeError::malformed("a length of 0"));
    }
    if buf.len() < total {
        buf.reserve(total - buf.len());
        return Ok(None);
    }
    if buf[start + len - 1] != b'*' {
        return Err(DecodeError::malformed("no * where the length ends"));
    }
    Ok(Some(buf.split_to(total).freeze()))
}

/// The message's bytes before its `*`, once its checksum is verified.
pub fn check(message: &[u8]) -> Result<&[u8], DecodeError> {
    let (body, carried) = message.split_at(message.len() - 3);
    let carried =
        std::str::from_utf8(&carried[1..]).map_err(|_| DecodeError::malformed("checksum"))?;
    // The XOR of the bytes, whatever they are: photo chunks are binary.
    let computed = crate::checksum::xor8(body);
    let parsed = (carried.len() == 2 && carried.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u8::from_str_radix(carried, 16).ok())
        .flatten()
        .ok_or_else(|| DecodeError::malformed(format!("checksum {carried:?}")))?;
    if parsed != computed {
        return Err(DecodeError::Checksum {
            carried: parsed.into(),
            computed: computed.into(),
        });
    }
    Ok(body)
}

/// `$$<len>,<rest>*XX` and CR LF, the length and checksum computed, as a
/// device sends it (for tests).
pub fn message(rest: &str) -> Bytes {
    let head = format!("$${},{rest}", rest.len() + 1);
    let xor = crate::checksum::xor8(head.as_bytes());
    Bytes::from(format!("{head}*{xor:02X}\r\n"))
}
