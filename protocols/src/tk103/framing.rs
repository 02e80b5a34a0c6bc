//! Cutting TK103 frames out of a byte stream.
//!
//! A frame is `(` … `)`. Text answers (`ZC03`) wrap free text in `$` … `$`,
//! and that text may hold `)` and line breaks, so a `)` between an opening
//! and a closing `$` does not end the frame. Bytes before a `(` are
//! skipped (the stream resynchronises at every frame start); a frame
//! longer than the limit is refused once that many bytes are buffered
//! without its end.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// Cuts the next `(…)` frame, both markers kept.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    match buf.iter().position(|&b| b == b'(') {
        Some(at) => {
            let _ = buf.split_to(at);
        }
        None => {
            buf.clear();
            return Ok(None);
        }
    }
    match end(buf) {
        Some(len) if len > max_len => Err(DecodeError::Oversize { len, max: max_len }),
        Some(len) => Ok(Some(buf.split_to(len).freeze())),
        None if buf.len() >= max_len => Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        }),
        None => Ok(None),
    }
}

/// The length of the frame at the front of `buf` (which starts with `(`),
/// once its closing `)` is there.
pub fn end(buf: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in buf.iter().enumerate().skip(1) {
        match b {
            b'$' => quoted = !quoted,
            b')' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}
