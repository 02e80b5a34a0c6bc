//! Cutting Gotop reports out of a byte stream.
//!
//! Reports are text ended by `#` (devices that also start them with `#`
//! make an empty report between two, which is dropped). There is no
//! checksum: the delimiter is what bounds a report, so a damaged one costs
//! that report only. Line ends a device adds after the `#` are trimmed
//! from the next report.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};

/// The byte that ends a report.
pub const END: u8 = b'#';

/// Cuts the next report (its `#` dropped), or `None` until one is buffered.
/// A report over `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    Ok(match cut_at_any(buf, &[END], max_len)? {
        Cut::Frame(report) => Some(report),
        Cut::Incomplete => None,
    })
}

/// The report's text, line ends around it trimmed.
pub fn text(report: &[u8]) -> Result<&str, DecodeError> {
    let text = std::str::from_utf8(report)
        .map_err(|_| DecodeError::malformed("a report is ASCII text"))?;
    Ok(text.trim_matches(['\r', '\n']))
}
