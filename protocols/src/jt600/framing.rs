//! Cutting JT600 frames out of the stream.
//!
//! Two kinds of frame share the stream, told apart by their first byte:
//!
//! - binary, `$` (0x24): the device id (5 BCD bytes), then either the short
//!   header (one type byte, a 2-byte big-endian length at offset 7) or, when
//!   byte 7 is 0x10 or more, the long one (version and type at 6 and 7, the
//!   length at offset 8). The whole frame is the length + 10 bytes. No end
//!   marker, no checksum.
//! - text, `(` … `)`: the device escapes `(`, `)`, `,` and `=` inside as
//!   `3D 15`, `3D 14`, `3D 11` and `3D 00` ([`unescape`]).
//!
//! Anything else where a frame must start loses the stream's position: the
//! connection closes.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length::be_u16;

/// One frame cut from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A binary frame, whole, `$` included.
    Binary(Bytes),
    /// A text frame, whole (`(` and `)` included), escapes still in.
    Text(Bytes),
}

/// The byte that opens a binary frame.
pub const BINARY_START: u8 = b'$';
/// The byte that opens a text frame.
pub const TEXT_START: u8 = b'(';
/// The byte that closes a text frame.
pub const TEXT_END: u8 = b')';
/// The escape byte inside text frames.
pub const ESCAPE: u8 = 0x3D;

/// The whole length of the binary frame starting `buf`, once its header is
/// there: `None` until then.
pub fn binary_len(buf: &[u8]) -> Option<usize> {
    let long = *buf.get(7)? >= 0x10;
    let declared = be_u16(buf, if long { 8 } else { 7 })?;
    Some(usize::from(declared) + 10)
}

/// Cuts the next whole frame from `buf`: `Ok(None)` until one is there.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    match first {
        BINARY_START => {
            let Some(len) = binary_len(buf) else {
                return Ok(None);
            };
            if len > max_len {
                return Err(DecodeError::Oversize { len, max: max_len });
            }
            if buf.len() < len {
                return Ok(None);
            }
            Ok(Some(Frame::Binary(buf.split_to(len).freeze())))
        }
        TEXT_START => match buf.iter().position(|&b| b == TEXT_END) {
            Some(end) if end < max_len => Ok(Some(Frame::Text(buf.split_to(end + 1).freeze()))),
            Some(end) => Err(DecodeError::Oversize {
                len: end + 1,
                max: max_len,
            }),
            None if buf.len() >= max_len => Err(DecodeError::Oversize {
                len: buf.len(),
                max: max_len,
            }),
            None => Ok(None),
        },
        other => Err(DecodeError::malformed(format!(
            "frame starts with {other:#04x}, not `$` or `(`"
        ))),
    }
}

/// A text frame's content with its escapes resolved.
pub fn unescape(wire: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(wire.len());
    let mut bytes = wire.iter();
    while let Some(&b) = bytes.next() {
        if b != ESCAPE {
            out.push(b);
            continue;
        }
        out.push(match bytes.next() {
            Some(0x15) => b'(',
            Some(0x14) => b')',
            Some(0x11) => b',',
            Some(0x00) => b'=',
            other => {
                return Err(DecodeError::malformed(format!(
                    "escape 3D followed by {other:02x?}"
                )));
            }
        });
    }
    Ok(out)
}
