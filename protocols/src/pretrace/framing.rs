//! Cutting Pretrace reports out of a byte stream.
//!
//! A report is `(` … `^XX` and ends with `)`; line ends a device may add
//! after the `)` are dropped from the next report. `XX` is a checksum of a
//! rule no public document gives and no common sum reproduces (neither
//! the XOR nor the byte sum of the samples' text), so it is dropped
//! unread.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};

/// The byte that ends a report.
pub const END: u8 = b')';

/// Cuts the next report (its `)` dropped), or `None` until one is
/// buffered. A report over `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    Ok(match cut_at_any(buf, &[END], max_len)? {
        Cut::Frame(report) => Some(report),
        Cut::Incomplete => None,
    })
}

/// A report's text between `(` and `^XX`, line ends trimmed.
pub fn body(report: &[u8]) -> Result<&str, DecodeError> {
    let text = std::str::from_utf8(report)
        .map_err(|_| DecodeError::malformed("a report is ASCII text"))?
        .trim_matches(['\r', '\n']);
    let text = text
        .strip_prefix('(')
        .ok_or_else(|| DecodeError::malformed("a report starts with ("))?;
    let (body, _checksum) = text
        .rsplit_once('^')
        .ok_or_else(|| DecodeError::malformed("a report ends with ^XX"))?;
    Ok(body)
}
