//! Cutting TK102 frames out of a byte stream.
//!
//! A frame is `[`, a type byte, a sequence number of ten ASCII digits, a
//! length byte, that many bytes of data, and `]`: 14 bytes more than its
//! data. The length cuts the frame; the `]` where the length says it is
//! proves the cut, so a frame whose data does not decode can be skipped.
//! A stream that does not start with `[`, or a frame whose `]` is not
//! where its length puts it, has lost its position: the connection ends.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// The byte that starts a frame.
pub const START: u8 = b'[';
/// The byte that ends a frame.
pub const END: u8 = b']';
/// Bytes before the data: start, type, sequence (10), length.
pub const HEADER_LEN: usize = 13;

/// One frame's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The type byte.
    pub kind: u8,
    /// The ten sequence digits, as sent (answers echo them).
    pub sequence: [u8; 10],
    /// The data between the length byte and `]`.
    pub data: Bytes,
}

/// Cuts the next whole frame (`[` … `]` included), or `None` until one is
/// buffered. A frame over `max_len` bytes is refused from its header.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    if buf.first().is_some_and(|b| *b != START) {
        return Err(DecodeError::malformed("a frame starts with ["));
    }
    let Some(frame) = crate::framing::length::cut(buf, max_len, |b| {
        Ok(b.get(HEADER_LEN - 1)
            .map(|len| usize::from(*len) + HEADER_LEN + 1))
    })?
    else {
        return Ok(None);
    };
    if frame.last() != Some(&END) {
        return Err(DecodeError::malformed(
            "no ] where the frame's length ends it",
        ));
    }
    Ok(Some(frame))
}

/// The parts of a frame [`cut`] returned; its sequence must be digits.
pub fn parts(frame: &Bytes) -> Result<Frame, DecodeError> {
    let sequence: [u8; 10] = frame
        .get(2..12)
        .and_then(|s| s.try_into().ok())
        .filter(|s: &[u8; 10]| s.iter().all(u8::is_ascii_digit))
        .ok_or_else(|| DecodeError::malformed("the sequence is ten digits"))?;
    Ok(Frame {
        kind: frame[1],
        sequence,
        data: frame.slice(HEADER_LEN..frame.len() - 1),
    })
}

/// A frame of `kind` numbered `sequence` carrying `data` (at most 255
/// bytes), as it goes on the wire.
pub fn frame(kind: u8, sequence: &[u8; 10], data: &[u8]) -> Option<Bytes> {
    let len = u8::try_from(data.len()).ok()?;
    let mut out = Vec::with_capacity(data.len() + HEADER_LEN + 1);
    out.push(START);
    out.push(kind);
    out.extend_from_slice(sequence);
    out.push(len);
    out.extend_from_slice(data);
    out.push(END);
    Some(out.into())
}
