//! Cutting Suntech frames out of a byte stream.
//!
//! Three shapes share one port, told apart by their first byte:
//!
//! - `0x02`: an ST300-family "zip" report: STX, a 2-byte big-endian length
//!   of the content, the content, ETX (`0x03`).
//! - `0x80..=0x8F`: a universal-protocol zip report: header byte, a 2-byte
//!   big-endian length of what follows, the rest.
//! - anything else: a text sentence ending with `\r`. `UEX` sentences
//!   (serial data passed through from an external device) carry a length
//!   and data that may itself hold `\r`, `\n` or `;`: the data is skipped
//!   by its length before the terminator is looked for ([`uex_data`]).
//!
//! Line ends (`\r`, `\n`) and NULs before a frame are skipped. A zip
//! frame's length is checked against the limit from its header.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length;

/// One frame, as it was on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A text sentence without its `\r`.
    Text(Bytes),
    /// An ST300-family zip report, STX to ETX.
    Zip(Bytes),
    /// A universal zip report, header byte to the end.
    Universal(Bytes),
}

impl Frame {
    /// The frame's bytes, whatever its form.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Text(b) | Self::Zip(b) | Self::Universal(b) => b,
        }
    }
}

/// Cuts the next frame from `buf`, or `None` when more bytes are needed.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    let skip = buf
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n' | 0))
        .unwrap_or(buf.len());
    let _ = buf.split_to(skip);
    match buf.first() {
        None => Ok(None),
        Some(0x02) => Ok(sized(buf, max_len, 4)?
            .map(|frame| {
                if frame.last() == Some(&0x03) {
                    Ok(Frame::Zip(frame))
                } else {
                    Err(DecodeError::malformed("zip report does not end with ETX"))
                }
            })
            .transpose()?),
        Some(0x80..=0x8F) => Ok(sized(buf, max_len, 3)?.map(Frame::Universal)),
        Some(_) => text(buf, max_len),
    }
}

/// A frame whose content length is at offset 1, plus `overhead` bytes.
fn sized(
    buf: &mut BytesMut,
    max_len: usize,
    overhead: usize,
) -> Result<Option<Bytes>, DecodeError> {
    length::cut(buf, max_len, |head| {
        Ok(length::be_u16(head, 1).map(|n| usize::from(n) + overhead))
    })
}

/// A sentence up to `\r`, `UEX` data skipped by its length.
fn text(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    let from = match uex_data(buf) {
        Uex::Not => 0,
        Uex::Incomplete => return wait(buf, max_len),
        Uex::Data { start, len } => match raw_len(&buf[start..], len) {
            Some(raw) => start + raw,
            None => return wait(buf, max_len),
        },
    };
    match buf[from.min(buf.len())..].iter().position(|&b| b == b'\r') {
        Some(at) => {
            let end = from + at;
            if end + 1 > max_len {
                return Err(DecodeError::Oversize {
                    len: end + 1,
                    max: max_len,
                });
            }
            let frame = buf.split_to(end + 1).freeze();
            Ok(Some(Frame::Text(frame.slice(..end))))
        }
        None => wait(buf, max_len),
    }
}

fn wait(buf: &BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    if buf.len() >= max_len {
        return Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        });
    }
    Ok(None)
}

/// Where a `UEX` sentence's data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uex {
    /// Not a `UEX` sentence (or one that ends before its length field).
    Not,
    /// The fields before the data are not all here yet.
    Incomplete,
    /// The data starts at `start` and holds `len` bytes once unescaped.
    Data {
        /// Offset of the data's first byte.
        start: usize,
        /// Its declared (unescaped) length.
        len: usize,
    },
}

/// Finds a `UEX` sentence's data: its length field follows the I/O field,
/// located from the time field (`hh:mm:ss`) and the first coordinate
/// after it in the legacy forms, or from the report map in the universal
/// form (`UEX;<id>;<map>;…`, one field per map bit 0..=17).
pub fn uex_data(bytes: &[u8]) -> Uex {
    let end = bytes
        .iter()
        .position(|&b| b == b'\r')
        .unwrap_or(bytes.len());
    let head = &bytes[..end];
    let mut fields = Vec::new();
    let mut at = 0;
    while let Some(i) = head[at..].iter().position(|&b| b == b';') {
        fields.push((at, at + i));
        at += i + 1;
        if fields.len() >= 64 {
            break;
        }
    }
    let field = |i: usize| fields.get(i).map(|&(a, b)| &head[a..b]);
    let Some(name) = field(0) else {
        return if end < bytes.len() {
            Uex::Not
        } else {
            Uex::Incomplete
        };
    };
    if !name.ends_with(b"UEX") || name.len() > 8 {
        return Uex::Not;
    }
    let len_index = if name == b"UEX" {
        let Some(map) = field(2) else {
            return incomplete(end, bytes);
        };
        let Some(map) = std::str::from_utf8(map)
            .ok()
            .and_then(|m| u32::from_str_radix(m, 16).ok())
        else {
            return Uex::Not;
        };
        3 + (map & 0x3FFFF).count_ones() as usize
    } else {
        let Some(time) = (1..fields.len()).find(|&i| field(i).is_some_and(is_time)) else {
            return incomplete(end, bytes);
        };
        let Some(lat) =
            (time + 1..fields.len()).find(|&i| field(i).is_some_and(|f| f.contains(&b'.')))
        else {
            return incomplete(end, bytes);
        };
        lat + 9
    };
    let Some(len) = field(len_index) else {
        return incomplete(end, bytes);
    };
    match std::str::from_utf8(len)
        .ok()
        .and_then(|l| l.parse::<usize>().ok())
    {
        Some(len) if len <= 4096 => Uex::Data {
            start: fields[len_index].1 + 1,
            len,
        },
        _ => Uex::Not,
    }
}

fn incomplete(end: usize, bytes: &[u8]) -> Uex {
    if end < bytes.len() {
        Uex::Not
    } else {
        Uex::Incomplete
    }
}

/// `hh:mm:ss`.
pub fn is_time(field: &[u8]) -> bool {
    field.len() == 8
        && field.iter().enumerate().all(|(i, &b)| {
            if i == 2 || i == 5 {
                b == b':'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Raw bytes that `len` unescaped data bytes take (`01 10` stands for
/// `00`, `01 11` for `01`), or `None` when they are not all here yet.
pub fn raw_len(data: &[u8], len: usize) -> Option<usize> {
    let (mut raw, mut count) = (0, 0);
    while count < len {
        let escaped =
            data.get(raw) == Some(&0x01) && matches!(data.get(raw + 1), Some(0x10 | 0x11));
        raw += if escaped { 2 } else { 1 };
        if raw > data.len() {
            return None;
        }
        count += 1;
    }
    Some(raw)
}

/// Removes the data's escapes.
pub fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match (raw[i], raw.get(i + 1)) {
            (0x01, Some(&code @ (0x10 | 0x11))) => {
                out.push(code - 0x10);
                i += 2;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}
