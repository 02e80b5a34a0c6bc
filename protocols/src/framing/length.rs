//! Frames whose header carries their length.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// Cuts one frame whose total length `frame_len(buf)` reads from its header.
///
/// `frame_len` returns `Ok(None)` until enough header bytes are there, the
/// whole frame's length (header included) once they are, or an error for a
/// header that cannot be valid. A length over `max_len` is refused before
/// the rest of the frame is buffered.
pub fn cut(
    buf: &mut BytesMut,
    max_len: usize,
    frame_len: impl FnOnce(&[u8]) -> Result<Option<usize>, DecodeError>,
) -> Result<Option<Bytes>, DecodeError> {
    let Some(len) = frame_len(buf)? else {
        return Ok(None);
    };
    if len > max_len {
        return Err(DecodeError::Oversize { len, max: max_len });
    }
    if len == 0 {
        return Err(DecodeError::malformed("zero-length frame"));
    }
    if buf.len() < len {
        buf.reserve(len - buf.len());
        return Ok(None);
    }
    Ok(Some(buf.split_to(len).freeze()))
}

/// A length field's value (`None` until it is buffered) as a `usize`,
/// refused when it is below `min`, the fixed bytes every packet has.
pub fn at_least(field: Option<u16>, min: usize) -> Result<Option<usize>, DecodeError> {
    let Some(len) = field else {
        return Ok(None);
    };
    let len = usize::from(len);
    if len < min {
        return Err(DecodeError::malformed(format!(
            "length {len} is shorter than a packet's {min} fixed bytes"
        )));
    }
    Ok(Some(len))
}

/// [`cut`] for frames that also end with a marker: a frame whose `end` is
/// not where its length puts it is an error, not a frame. Only the length
/// found that end, so the stream's position is lost: callers close the
/// connection (the error is not a skip).
pub fn cut_ended(
    buf: &mut BytesMut,
    max_len: usize,
    frame_len: impl FnOnce(&[u8]) -> Result<Option<usize>, DecodeError>,
    end: &[u8],
) -> Result<Option<Bytes>, DecodeError> {
    match cut(buf, max_len, frame_len)? {
        Some(frame) if !frame.ends_with(end) => {
            let end: Vec<String> = end.iter().map(|b| format!("{b:02X}")).collect();
            Err(DecodeError::malformed(format!(
                "frame does not end with {} where its length says",
                end.join(" ")
            )))
        }
        cut => Ok(cut),
    }
}

/// A big-endian u16 at `at`, if the buffer is long enough.
pub fn be_u16(buf: &[u8], at: usize) -> Option<u16> {
    buf.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

/// A little-endian u16 at `at`, if the buffer is long enough.
pub fn le_u16(buf: &[u8], at: usize) -> Option<u16> {
    buf.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up shape: 2-byte big-endian length of the body, then the body.
    fn body_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
        Ok(be_u16(buf, 0).map(|n| usize::from(n) + 2))
    }

    #[test]
    fn waits_cuts_and_refuses_oversize_from_the_header() {
        let mut buf = BytesMut::from(&[0u8][..]);
        assert_eq!(cut(&mut buf, 64, body_len).expect("ok"), None);
        buf.extend_from_slice(&[3, b'a', b'b']);
        assert_eq!(cut(&mut buf, 64, body_len).expect("ok"), None);
        buf.extend_from_slice(&[b'c', 0, 1, b'z']);
        assert_eq!(
            cut(&mut buf, 64, body_len).expect("ok").as_deref(),
            Some(&[0, 3, b'a', b'b', b'c'][..])
        );
        assert_eq!(
            cut(&mut buf, 64, body_len).expect("ok").as_deref(),
            Some(&[0, 1, b'z'][..])
        );
        let mut huge = BytesMut::from(&[0xff, 0xff][..]);
        assert!(matches!(
            cut(&mut huge, 64, body_len),
            Err(DecodeError::Oversize {
                len: 65537,
                max: 64
            })
        ));
        assert_eq!(le_u16(&[1, 2], 0), Some(0x0201));
        assert_eq!(be_u16(&[1], 0), None);
    }
}
