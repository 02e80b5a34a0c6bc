//! Cutting Queclink frames out of a byte stream.
//!
//! Three frame shapes share one port, told apart by their first bytes:
//!
//! - `+XXXX:` … `$`: the ASCII @Track sentence (`+RESP:`, `+BUFF:`,
//!   `+ACK:`, `+NACK:`). It has no length field; it ends at the first `$`,
//!   or at a NUL byte, which older GT300-family firmware uses instead.
//! - `+RSP`, `+BSP`, `+EVT`, `+BVT`, `+INF`, `+BNF`, `+ACK` (not followed by
//!   `:`), `+HBD`, `+CRD`, `+BRD`, `+LGN`, …: the HEX form of the same
//!   protocol. A length field, whose offset depends on the header, gives
//!   the whole frame's length (header and `0D 0A` tail included).
//! - `+` or `-` then `00` then a 2-byte length: a Protocol Pro report
//!   (`-` marks a buffered one); `+` `10` then a 1-byte length: its
//!   heartbeat.
//!
//! Bytes before a `+` (or a `-` that starts a Protocol Pro report) are
//! skipped, so text streams resynchronise. A binary frame's length is
//! checked against the limit from its header, before it is buffered.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, Delimited};

/// One frame, as it was on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// An ASCII sentence, without its `$` (or NUL) terminator.
    Text(Bytes),
    /// A HEX-form frame (`+RSP…` to `0D 0A`).
    Binary(Bytes),
    /// A Protocol Pro report or heartbeat (to its `$`).
    Pro(Bytes),
}

impl Frame {
    /// The frame's bytes, whatever its form.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Text(b) | Self::Binary(b) | Self::Pro(b) => b,
        }
    }
}

/// HEX-form headers and where their length field sits: (header, offset, width).
const BINARY: &[(&[u8; 4], usize, usize)] = &[
    (b"+RSP", 9, 2),
    (b"+BSP", 9, 2),
    (b"+EVT", 9, 2),
    (b"+BVT", 9, 2),
    (b"+DAT", 9, 2),
    (b"+CAN", 9, 2),
    (b"+INF", 7, 2),
    (b"+BNF", 7, 2),
    (b"+CRD", 6, 2),
    (b"+BRD", 6, 2),
    (b"+LGN", 6, 2),
    (b"+ACK", 6, 1),
    (b"+HBD", 5, 1),
];

/// Bytes needed before a frame's shape and length can be told.
const HEAD: usize = 11;

/// What kind of frame starts at the front of `buf`, if it can be told yet.
enum Shape {
    Text,
    Binary { at: usize, width: usize },
    Pro { at: usize, width: usize },
}

fn shape(buf: &[u8]) -> Option<Shape> {
    match buf {
        [b'+' | b'-', 0x00, ..] => Some(Shape::Pro { at: 2, width: 2 }),
        [b'+', 0x10, ..] => Some(Shape::Pro { at: 2, width: 1 }),
        _ if buf.len() < 5 => None,
        _ if buf.starts_with(b"+ACK") && buf[4] == b':' => Some(Shape::Text),
        _ => Some(
            BINARY
                .iter()
                .find(|(header, _, _)| buf.starts_with(&header[..]))
                .map_or(Shape::Text, |&(_, at, width)| Shape::Binary { at, width }),
        ),
    }
}

/// Cuts the next frame from `buf`, or `None` when more bytes are needed.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    loop {
        match buf
            .iter()
            .enumerate()
            .position(|(i, &b)| b == b'+' || (b == b'-' && buf.get(i + 1) == Some(&0)))
        {
            Some(at) => {
                let _ = buf.split_to(at);
            }
            None => {
                // Keep a final `-`: it may start a buffered Protocol Pro report.
                let keep = usize::from(buf.last() == Some(&b'-'));
                let _ = buf.split_to(buf.len() - keep);
                return Ok(None);
            }
        }
        let Some(shape) = shape(buf) else {
            return Ok(None);
        };
        match shape {
            Shape::Text => match text(buf, max_len)? {
                Some(frame) if frame.len() > 1 => return Ok(Some(Frame::Text(frame))),
                // A lone `+` before a terminator: skip it and look again.
                Some(_) => continue,
                None => return Ok(None),
            },
            Shape::Binary { at, width } => {
                return Ok(sized(buf, at, width, max_len)?.map(Frame::Binary));
            }
            Shape::Pro { at, width } => {
                return Ok(sized(buf, at, width, max_len)?.map(Frame::Pro));
            }
        }
    }
}

/// A sentence up to `$` or NUL, whichever comes first; the terminator is dropped.
fn text(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let end: &[u8] = match buf.iter().position(|&b| b == b'$' || b == 0) {
        Some(i) if buf[i] == 0 => b"\0",
        _ => b"$",
    };
    let sentence = Delimited {
        start: b"",
        end,
        keep_end: false,
        max_len,
    };
    match sentence.cut(buf)? {
        Cut::Frame(frame) => Ok(Some(frame)),
        Cut::Incomplete => Ok(None),
    }
}

/// A frame whose total length is a big-endian field of `width` bytes at `at`.
fn sized(
    buf: &mut BytesMut,
    at: usize,
    width: usize,
    max_len: usize,
) -> Result<Option<Bytes>, DecodeError> {
    if buf.len() < HEAD.max(at + width) {
        return Ok(None);
    }
    crate::framing::length::cut(buf, max_len, |head| {
        let len = head[at..at + width]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        if len < at + width {
            return Err(DecodeError::malformed(format!(
                "frame length {len} does not cover its own header"
            )));
        }
        Ok(Some(len))
    })
}
