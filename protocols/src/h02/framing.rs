//! Cutting H02 frames out of a byte stream.
//!
//! Two frame shapes share one stream, told apart by their first byte:
//!
//! - `*` … `#`: a text sentence (`*HQ,<id>,<type>,…#`). Devices follow it
//!   with CR LF, which is skipped as bytes between frames.
//! - `$` (or `X`, a variant start byte) + fixed-length binary: 32 bytes
//!   ("short") or 45 bytes ("long"; the same 29-byte core plus cell data).
//!
//! The binary form carries no length field, so the length is inferred:
//! a frame is short when a frame start (`*`, `$`, `X`) or the end of what
//! the device has sent sits at byte 32, long when one sits at byte 45.
//! Once a following frame start confirms a length, the connection keeps
//! it, since a device does not switch forms. `X` frames are always short.
//!
//! If a long frame's first 32 bytes arrive on their own, it is cut as a
//! short one: its position is still right (the core is the same), and its
//! tail is skipped as bytes before the next frame start.
//!
//! The stream resynchronises at every frame start, so bytes before one are
//! dropped. A `$` frame that fits neither length is `Malformed`.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, Delimited};

/// Length of a short binary frame.
pub const SHORT: usize = 32;
/// Length of a long binary frame.
pub const LONG: usize = 45;

/// One frame, exactly as it was on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// `*…#`, both markers kept.
    Text(Bytes),
    /// `$…` or `X…`, fixed length.
    Binary(Bytes),
}

/// Whether a byte starts a frame.
fn is_start(byte: u8) -> bool {
    matches!(byte, b'*' | b'$' | b'X')
}

/// Cuts frames; remembers the binary length a device has been seen to use.
#[derive(Debug, Clone, Default)]
pub struct Framer {
    binary_len: Option<usize>,
}

impl Framer {
    /// Cuts the next frame from `buf`, or `None` when more bytes are needed.
    pub fn cut(
        &mut self,
        buf: &mut BytesMut,
        max_len: usize,
    ) -> Result<Option<Frame>, DecodeError> {
        match buf.iter().position(|&b| is_start(b)) {
            Some(at) => {
                let _ = buf.split_to(at);
            }
            None => {
                buf.clear();
                return Ok(None);
            }
        }
        match buf.first() {
            Some(b'*') => {
                let text = Delimited {
                    start: b"*",
                    end: b"#",
                    keep_end: true,
                    max_len,
                };
                match text.cut(buf)? {
                    Cut::Frame(frame) => Ok(Some(Frame::Text(frame))),
                    Cut::Incomplete => Ok(None),
                }
            }
            Some(b'X') => Ok(take(buf, SHORT)),
            _ => match self.binary_len(buf)? {
                Some(len) => Ok(take(buf, len)),
                None => Ok(None),
            },
        }
    }

    /// The length of the `$` frame at the front of `buf`, once it can be told.
    fn binary_len(&mut self, buf: &[u8]) -> Result<Option<usize>, DecodeError> {
        if let Some(len) = self.binary_len {
            return Ok((buf.len() >= len).then_some(len));
        }
        for len in [SHORT, LONG] {
            match buf.get(len) {
                None if buf.len() == len => return Ok(Some(len)),
                None => return Ok(None),
                Some(&next) if is_start(next) => {
                    self.binary_len = Some(len);
                    return Ok(Some(len));
                }
                Some(_) => {}
            }
        }
        Err(DecodeError::malformed(
            "binary frame is followed by no frame start at 32 or 45 bytes",
        ))
    }
}

fn take(buf: &mut BytesMut, len: usize) -> Option<Frame> {
    (buf.len() >= len).then(|| Frame::Binary(buf.split_to(len).freeze()))
}
