//! Cutting Sanav messages out of a byte stream.
//!
//! A message is one line, `imei=<id>&rmc=<sentence>,<fields…>`. Devices
//! end it with CR LF (a lone CR or LF is taken as an end too); one that
//! sends none is still cut when the next message's `imei` begins, so at
//! most the last message of a burst waits for its line end.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// Cuts the next message (its line end dropped), or `None` until one is
/// buffered. A message over `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    loop {
        match buf.first() {
            Some(b'\r' | b'\n') => {
                let _ = buf.split_to(1);
            }
            Some(_) => break,
            None => return Ok(None),
        }
    }
    let line_end = buf.iter().position(|b| matches!(b, b'\r' | b'\n'));
    let next = next_start(buf);
    let end = match (line_end, next) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match end {
        Some(at) if at > max_len => Err(DecodeError::Oversize {
            len: at,
            max: max_len,
        }),
        Some(at) => Ok(Some(buf.split_to(at).freeze())),
        None if buf.len() >= max_len => Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        }),
        None => Ok(None),
    }
}

/// Where a second message (`imei`, any case) starts, after the first byte.
fn next_start(buf: &[u8]) -> Option<usize> {
    buf.windows(4)
        .skip(1)
        .position(|w| w.eq_ignore_ascii_case(b"imei"))
        .map(|at| at + 1)
}
