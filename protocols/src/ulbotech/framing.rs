//! Cutting Ulbotech frames out of a byte stream.
//!
//! Two kinds of frame share a connection:
//!
//! - binary, between `F8` flags, stuffed: `F7 00` stands for `F7` and
//!   `F7 0F` for `F8` ([`ESCAPING`], the shared [`crate::framing::escaped`]
//!   framer);
//! - text, `*TS01,…#`, from `*` to `#`.
//!
//! Bytes before a frame's start (`F8` or `*`) are skipped as one frame of
//! garbage, so the stream resynchronises at the next start.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::escaped::Escaping;

/// The flag that starts and ends a binary frame.
pub const FLAG: u8 = 0xF8;

/// The binary frames' stuffing; `max_len` is replaced by the codec's limit.
pub const ESCAPING: Escaping<'static> = Escaping {
    flag: &[FLAG],
    escape: &[0xF7],
    codes: &[(0x00, &[0xF7]), (0x0F, &[FLAG])],
    max_len: usize::MAX,
};

/// One frame as cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A binary frame's content, unstuffed, flags removed.
    Binary(Bytes),
    /// A text frame, `*` and `#` included.
    Text(Bytes),
}

/// Cuts the next frame, or `None` until one is buffered. A frame over
/// `max_len` bytes is refused; bad stuffing or garbage before a start is
/// skipped.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    if buf.is_empty() {
        return Ok(None);
    }
    let start = buf
        .iter()
        .position(|&b| b == FLAG || b == b'*')
        .unwrap_or(buf.len());
    if start > 0 {
        let garbage = buf.split_to(start);
        return Err(DecodeError::malformed("bytes before a frame's start").skip(&garbage));
    }
    if buf[0] == FLAG {
        let escaping = Escaping {
            max_len,
            ..ESCAPING
        };
        return Ok(escaping.cut(buf)?.map(Frame::Binary));
    }
    match buf.iter().position(|&b| b == b'#') {
        Some(end) if end + 1 > max_len => Err(DecodeError::Oversize {
            len: end + 1,
            max: max_len,
        }),
        Some(end) => Ok(Some(Frame::Text(buf.split_to(end + 1).freeze()))),
        None if buf.len() > max_len => Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        }),
        None => Ok(None),
    }
}

/// A binary frame's content as it goes on the wire: stuffed, between flags.
pub fn wire(content: &[u8]) -> Bytes {
    ESCAPING.escape(content)
}
