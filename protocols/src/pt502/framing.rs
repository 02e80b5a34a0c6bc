//! Cutting PT502 messages out of a byte stream.
//!
//! Text messages are lines, ended by CR or LF (`$POS,…//#` and CR LF; a
//! `#` before the line end is kept). Photo data comes in binary frames:
//! `BF FB`, a byte, the frame's whole length (2 bytes, little endian),
//! then `$PHD…` and CR LF. Devices may put the same 5-byte prefix before
//! text lines too, its length then covering several lines: there the
//! prefix is dropped and the lines are cut as usual.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, cut_at_any};
use crate::framing::length::le_u16;

/// The bytes a binary frame starts with.
pub const PREFIX: [u8; 2] = [0xBF, 0xFB];

/// The prefix's length: marker, a byte, the length.
pub const PREFIX_LEN: usize = 5;

/// What came out of the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A text line, its end dropped.
    Line(Bytes),
    /// A photo chunk's `$PHD…` bytes, without the prefix and line end.
    Photo(Bytes),
}

/// Cuts the next frame, or `None` until one is buffered. A frame over
/// `max_len` bytes is refused (a binary one from its prefix), and so is a
/// prefix whose length cannot hold it.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    loop {
        while matches!(buf.first(), Some(b'\r' | b'\n')) {
            let _ = buf.split_to(1);
        }
        match &buf[..] {
            [] | [0xBF] => return Ok(None),
            [0xBF, 0xFB, ..] if buf.len() < PREFIX_LEN => return Ok(None),
            [0xBF, 0xFB, ..] => {}
            _ => {
                return Ok(match cut_at_any(buf, b"\r\n", max_len)? {
                    Cut::Frame(line) => Some(Frame::Line(line)),
                    Cut::Incomplete => None,
                });
            }
        }
        let len = usize::from(le_u16(buf, 3).unwrap_or_default());
        if len > max_len {
            return Err(DecodeError::Oversize { len, max: max_len });
        }
        let head = &buf[PREFIX_LEN..buf.len().min(PREFIX_LEN + 4)];
        if head.len() < 4 && len > PREFIX_LEN + head.len() {
            return Ok(None);
        }
        if head != b"$PHD" {
            // A prefix before text lines: dropped.
            let _ = buf.split_to(PREFIX_LEN);
            continue;
        }
        if len < PREFIX_LEN + 4 {
            return Err(DecodeError::malformed(format!(
                "a photo frame of {len} bytes, shorter than its prefix and $PHD"
            )));
        }
        if buf.len() < len {
            buf.reserve(len - buf.len());
            return Ok(None);
        }
        let frame = buf.split_to(len).freeze();
        let end = if frame.ends_with(b"\r\n") {
            len - 2
        } else {
            len
        };
        return Ok(Some(Frame::Photo(frame.slice(PREFIX_LEN..end))));
    }
}

/// A photo chunk as sent: the prefix (its third byte 0), `content` and
/// CR LF.
pub fn photo_frame(content: &[u8]) -> Bytes {
    let len = u16::try_from(content.len() + PREFIX_LEN + 2).unwrap_or(u16::MAX);
    let mut out = Vec::with_capacity(usize::from(len));
    out.extend_from_slice(&PREFIX);
    out.push(0);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(content);
    out.extend_from_slice(b"\r\n");
    Bytes::from(out)
}
