//! Cutting Laipac sentences out of a byte stream, and checking them.
//!
//! A sentence is `$<type>,<fields…>*XX` on a line of its own: `XX` is the
//! NMEA checksum, the XOR of every byte between `$` and `*`, in two hex
//! digits. Lines end with CR LF (a lone CR or LF is taken as an end too),
//! so a damaged line costs that line only.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};

/// Bytes that end a line.
const ENDS: &[u8] = b"\r\n";

/// Cuts the next line (its end dropped), or `None` until one is buffered.
/// A line over `max_len` bytes is refused.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    Ok(match cut_at_any(buf, ENDS, max_len)? {
        Cut::Frame(line) => Some(line),
        Cut::Incomplete => None,
    })
}

/// A checked sentence: its body between `$` and `*`, and the two checksum
/// digits as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Everything between `$` and `*`.
    pub body: &'a str,
    /// The checksum's two hex digits, as the device wrote them.
    pub checksum: &'a str,
}

/// Checks a line's form and checksum.
pub fn check(line: &[u8]) -> Result<Sentence<'_>, DecodeError> {
    let text = std::str::from_utf8(line)
        .map_err(|_| DecodeError::malformed("a sentence is ASCII text"))?;
    let rest = text
        .strip_prefix('$')
        .ok_or_else(|| DecodeError::malformed("a sentence starts with $"))?;
    let (body, checksum) = rest
        .rsplit_once('*')
        .ok_or_else(|| DecodeError::malformed("a sentence ends with *XX"))?;
    crate::checksum::check_hex_xor8(body, checksum)?;
    Ok(Sentence { body, checksum })
}

/// `$<body>*XX` with its checksum, and CR LF.
pub fn sentence(body: &str) -> Bytes {
    Bytes::from(format!(
        "${body}*{:02X}\r\n",
        crate::checksum::xor8(body.as_bytes())
    ))
}
