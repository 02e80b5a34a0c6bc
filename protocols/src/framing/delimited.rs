//! Frames that end with a delimiter (and may start with a marker).

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// How a delimited stream is cut.
#[derive(Debug, Clone, Copy)]
pub struct Delimited<'a> {
    /// Bytes a frame starts with; bytes before them are skipped (resync).
    /// Empty: frames start right after the previous one.
    pub start: &'a [u8],
    /// Bytes a frame ends with.
    pub end: &'a [u8],
    /// Whether the returned frame keeps the end delimiter.
    pub keep_end: bool,
    /// Longest frame accepted, delimiters included.
    pub max_len: usize,
}

/// What came out of the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cut {
    /// A whole frame (start marker kept, end marker kept if asked).
    Frame(Bytes),
    /// Not enough bytes yet.
    Incomplete,
}

impl Delimited<'_> {
    /// Cuts the next frame from `buf`, skipping garbage before a start
    /// marker. Leading empty frames (a stray delimiter) are dropped.
    pub fn cut(&self, buf: &mut BytesMut) -> Result<Cut, DecodeError> {
        loop {
            if !self.start.is_empty() {
                match find(buf, self.start) {
                    Some(0) => {}
                    Some(at) => {
                        let _ = buf.split_to(at);
                    }
                    None => {
                        // Keep a possible partial start marker, drop the rest.
                        let keep = self.start.len().saturating_sub(1).min(buf.len());
                        let _ = buf.split_to(buf.len() - keep);
                        return Ok(Cut::Incomplete);
                    }
                }
            }
            let from = self.start.len();
            match find(&buf[from.min(buf.len())..], self.end) {
                Some(at) => {
                    let len = from + at + self.end.len();
                    if len > self.max_len {
                        return Err(DecodeError::Oversize {
                            len,
                            max: self.max_len,
                        });
                    }
                    let mut frame = buf.split_to(len);
                    if !self.keep_end {
                        frame.truncate(len - self.end.len());
                    }
                    if frame.is_empty() || (self.keep_end && frame.len() == self.end.len()) {
                        continue;
                    }
                    return Ok(Cut::Frame(frame.freeze()));
                }
                None if buf.len() >= self.max_len => {
                    return Err(DecodeError::Oversize {
                        len: buf.len(),
                        max: self.max_len,
                    });
                }
                None => return Ok(Cut::Incomplete),
            }
        }
    }
}

/// Cuts the next frame that ends at any one of the bytes in `ends` (the
/// end byte is dropped). Empty frames (delimiters in a row, such as the
/// `\n` after a `\r`) are skipped. Protocols whose devices end a message
/// with one of several characters use this instead of [`Delimited`].
pub fn cut_at_any(buf: &mut BytesMut, ends: &[u8], max_len: usize) -> Result<Cut, DecodeError> {
    loop {
        match buf.iter().position(|b| ends.contains(b)) {
            Some(0) => {
                let _ = buf.split_to(1);
            }
            Some(at) if at + 1 > max_len => {
                return Err(DecodeError::Oversize {
                    len: at + 1,
                    max: max_len,
                });
            }
            Some(at) => {
                let frame = buf.split_to(at + 1);
                return Ok(Cut::Frame(frame.freeze().slice(..at)));
            }
            None if buf.len() >= max_len => {
                return Err(DecodeError::Oversize {
                    len: buf.len(),
                    max: max_len,
                });
            }
            None => return Ok(Cut::Incomplete),
        }
    }
}

/// Position of `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: Delimited<'static> = Delimited {
        start: b"",
        end: b"\r\n",
        keep_end: false,
        max_len: 16,
    };
    const PARENS: Delimited<'static> = Delimited {
        start: b"(",
        end: b")",
        keep_end: true,
        max_len: 32,
    };

    fn frames(d: &Delimited<'_>, input: &[u8]) -> Vec<Vec<u8>> {
        let mut buf = BytesMut::from(input);
        let mut out = Vec::new();
        while let Ok(Cut::Frame(f)) = d.cut(&mut buf) {
            out.push(f.to_vec());
        }
        out
    }

    #[test]
    fn lines_split_and_join() {
        assert_eq!(
            frames(&LINES, b"#L#a\r\n#D#b\r\n#P"),
            vec![b"#L#a".to_vec(), b"#D#b".to_vec()]
        );
        assert_eq!(frames(&LINES, b"\r\n\r\nx\r\n"), vec![b"x".to_vec()]);
        let mut buf = BytesMut::new();
        for byte in b"ab\r\ncd\r\n" {
            buf.extend_from_slice(&[*byte]);
            let _ = LINES.cut(&mut buf);
        }
        assert!(buf.is_empty() || buf == b"cd\r\n"[..]);
    }

    #[test]
    fn any_of_several_ends_cuts() {
        let mut buf = BytesMut::from(&b"\r\na;b*\r\nc\r\nd"[..]);
        let mut out = Vec::new();
        while let Ok(Cut::Frame(f)) = cut_at_any(&mut buf, b";*\r\n", 8) {
            out.push(f.to_vec());
        }
        assert_eq!(out, vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
        assert_eq!(&buf[..], b"d");
        let mut long = BytesMut::from(&b"0123456789;"[..]);
        assert!(matches!(
            cut_at_any(&mut long, b";", 8),
            Err(DecodeError::Oversize { len: 11, max: 8 })
        ));
        let mut endless = BytesMut::from(&b"012345678"[..]);
        assert!(cut_at_any(&mut endless, b";", 8).is_err());
    }

    #[test]
    fn start_markers_resynchronise_and_length_is_bounded() {
        assert_eq!(
            frames(&PARENS, b"junk(abc)x(de)"),
            vec![b"(abc)".to_vec(), b"(de)".to_vec()]
        );
        let mut buf = BytesMut::from(&b"garbage-without-start"[..]);
        assert_eq!(PARENS.cut(&mut buf).expect("ok"), Cut::Incomplete);
        assert!(buf.is_empty(), "garbage without a start marker is dropped");
        let mut long = BytesMut::from(&b"0123456789abcdefXYZ"[..]);
        assert!(matches!(
            LINES.cut(&mut long),
            Err(DecodeError::Oversize { .. })
        ));
    }
}
