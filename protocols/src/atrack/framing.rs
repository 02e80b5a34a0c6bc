//! Cutting ATrack frames out of a byte stream.
//!
//! Four shapes share one connection:
//!
//! - keep-alive: `FE 02` | unit id (8) | sequence (2), 12 bytes;
//! - binary report: `@` and a kind letter (`P` reports, `R` and others) |
//!   CRC (2) | length (2) | sequence (2) | unit id (8) | records. The
//!   length counts what follows it; the CRC is CRC-16/ARC over the length
//!   and everything after it;
//! - text report: `@P,<crc>,<length>,<sequence>,<unit id>,…` with one
//!   record per line (`\r\n`). The length counts from the comma after it
//!   to the end, the last `\r\n` included;
//! - text answer to a command: `$…\r\n`.
//!
//! Text reports hold several `\r\n`, so the frame ends at the first line
//! break that reaches the declared length (less two bytes of slack for the
//! final `\r\n`, which some firmware leaves out of the count), or at an
//! earlier one followed by something other than a next record's digits.
//!
//! A line ends at `\n`: normally `\r\n`, but some firmware sends a bare
//! `\n`, and the `\r` is kept in the frame either way.
//!
//! Anything else before a frame start is skipped: the stream
//! resynchronises on the next `@`, `$` or `FE 02`.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::find;
use crate::framing::length::be_u16;

/// The keep-alive's marker.
pub const KEEP_ALIVE: [u8; 2] = [0xFE, 0x02];
/// A keep-alive's (and an acknowledgement's) length.
pub const KEEP_ALIVE_LEN: usize = 12;
/// A binary report's header: marker, CRC and length.
pub const BINARY_HEAD: usize = 6;
/// Lines end at `\n` (normally `\r\n`; some firmware omits the `\r`).
const LF: &[u8] = b"\n";

/// Whether `buf` starts with a frame's first bytes.
fn starts_frame(buf: &[u8]) -> bool {
    matches!(buf, [b'@' | b'$', ..] | [0xFE] | [0xFE, 0x02, ..])
}

/// Cuts the next whole frame from `buf`, or returns `None` until one is
/// buffered. Leading garbage is dropped; a frame longer than `max_len`
/// is [`DecodeError::Oversize`].
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let skip = (0..buf.len())
        .find(|&i| starts_frame(&buf[i..]))
        .unwrap_or(buf.len());
    let _ = buf.split_to(skip);
    let Some(len) = frame_len(buf, max_len)? else {
        return Ok(None);
    };
    if len > max_len {
        return Err(DecodeError::Oversize { len, max: max_len });
    }
    if buf.len() < len {
        return Ok(None);
    }
    Ok(Some(buf.split_to(len).freeze()))
}

/// The length of the frame at the front of `buf`, once it is known.
fn frame_len(buf: &[u8], max_len: usize) -> Result<Option<usize>, DecodeError> {
    match buf {
        [] | [0xFE] | [b'@'] => Ok(None),
        [0xFE, ..] => Ok(Some(KEEP_ALIVE_LEN)),
        [b'$', ..] => line_end(buf, 1, max_len),
        [b'@', _, b',', ..] if buf.len() < 8 => Ok(None),
        [b'@', _, b',', after @ ..] if is_text_head(after) => text_len(buf, max_len),
        [b'@', ..] => Ok(be_u16(buf, 4).map(|n| BINARY_HEAD + usize::from(n))),
        _ => Ok(None),
    }
}

/// Whether `frame` is a text report (`@P,` and a 4-hex-digit CRC).
pub fn is_text(frame: &[u8]) -> bool {
    matches!(frame, [b'@', _, b',', after @ ..] if is_text_head(after))
}

/// Whether the bytes after `@P,` are a text report's CRC: four hex
/// digits and a comma. (A binary report whose CRC starts with `,` fails
/// this, and is cut by its length.)
fn is_text_head(after: &[u8]) -> bool {
    after.len() >= 5 && after[..4].iter().all(u8::is_ascii_hexdigit) && after[4] == b','
}

/// The end of the first line break at or after `from`, bounded by the limit.
fn line_end(buf: &[u8], from: usize, max_len: usize) -> Result<Option<usize>, DecodeError> {
    match buf.get(from..).and_then(|rest| find(rest, LF)) {
        Some(at) => Ok(Some(from + at + LF.len())),
        None => waiting(buf, max_len),
    }
}

fn waiting(buf: &[u8], max_len: usize) -> Result<Option<usize>, DecodeError> {
    if buf.len() > max_len {
        Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        })
    } else {
        Ok(None)
    }
}

/// A text report's length: the header's fields, then the first line break
/// that reaches the declared length.
fn text_len(buf: &[u8], max_len: usize) -> Result<Option<usize>, DecodeError> {
    // `@P,<crc>,<length>,`: the length field is the third.
    let mut commas = buf.iter().enumerate().filter(|(_, b)| **b == b',');
    let (Some(_), Some((crc_end, _)), Some((len_end, _))) =
        (commas.next(), commas.next(), commas.next())
    else {
        return if buf.len() > max_len || buf.len() > 64 {
            Err(DecodeError::malformed(
                "text report header without its length",
            ))
        } else {
            Ok(None)
        };
    };
    let declared: usize = std::str::from_utf8(&buf[crc_end + 1..len_end])
        .ok()
        .filter(|s| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| DecodeError::malformed("text report length is not a number"))?;
    let least = len_end + declared;
    if least > max_len + 2 {
        return Err(DecodeError::Oversize {
            len: least,
            max: max_len,
        });
    }
    // A line break reaching the declared length ends the report; so does
    // one followed by anything but the digits a next record starts with
    // (a length field that overstates must not stall the stream).
    let reach = least.saturating_sub(2);
    let mut from = len_end;
    while let Some(at) = buf.get(from..).and_then(|rest| find(rest, LF)) {
        let end = from + at + LF.len();
        match buf.get(end) {
            _ if end >= reach => return Ok(Some(end)),
            Some(next) if !next.is_ascii_digit() => return Ok(Some(end)),
            Some(_) => from = end,
            None => return waiting(buf, max_len),
        }
    }
    waiting(buf, max_len)
}
