//! Cutting Topin packets out of a byte stream.
//!
//! A packet is `78 78`, a length byte, the type, the content and `0D 0A`;
//! there is no checksum. The length byte counts the type and content, but
//! devices fill it loosely: Wi-Fi and cell packets put a count there (or
//! `00`), logins a length longer than what they send. So a packet is cut
//! by its length when the two bytes it points at are `0D 0A`, and
//! otherwise at the first `0D 0A` after the type once the length's end is
//! buffered or the buffered bytes end with `0D 0A` (a device writes one
//! packet at a time and waits for its answer). The markers make the stream
//! self-synchronising: bytes before `78 78` are skipped by the codec.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::find;

/// A packet's start marker.
pub const START: [u8; 2] = [0x78, 0x78];
/// A packet's end marker.
pub const END: [u8; 2] = [0x0D, 0x0A];

/// How many bytes before the first `78 78` in `buf` are not part of a
/// packet (a trailing `78` may start one, and is kept).
pub fn garbage_len(buf: &[u8]) -> usize {
    match find(buf, &START) {
        Some(at) => at,
        None if buf.last() == Some(&START[0]) => buf.len() - 1,
        None => buf.len(),
    }
}

/// Cuts the next whole packet (markers included) from `buf`, which
/// starts with `78 78`, or `None` until one is buffered. A packet with no
/// end within `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let Some(&length) = buf.get(2) else {
        return Ok(None);
    };
    let declared = usize::from(length) + 5;
    let at_declared = buf.get(declared - 2..declared);
    if at_declared == Some(&END[..]) && declared <= max_len {
        return Ok(Some(buf.split_to(declared).freeze()));
    }
    let whole = at_declared.is_some() || buf.ends_with(&END);
    let from = 4.min(buf.len());
    match find(&buf[from..], &END) {
        Some(at) if whole && from + at + 2 <= max_len => {
            Ok(Some(buf.split_to(from + at + 2).freeze()))
        }
        Some(at) if whole => Err(DecodeError::Oversize {
            len: from + at + 2,
            max: max_len,
        }),
        _ if buf.len() >= max_len => Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        }),
        _ => Ok(None),
    }
}

/// A packet of `kind` carrying `content`, its length byte counting both.
pub fn packet(kind: u8, content: &[u8]) -> Bytes {
    let length = u8::try_from(content.len() + 1).expect("short content");
    Bytes::from([&START[..], &[length, kind], content, &END].concat())
}
