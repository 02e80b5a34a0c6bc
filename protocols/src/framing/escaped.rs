//! Frames between flag bytes, with byte stuffing inside.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;

/// A byte-stuffing scheme: on the wire `escape` followed by `code` stands for `byte`.
#[derive(Debug, Clone, Copy)]
pub struct Escaping<'a> {
    /// The flag that starts and ends a frame.
    pub flag: &'a [u8],
    /// The escape prefix.
    pub escape: &'a [u8],
    /// (code after the escape prefix, the bytes it stands for).
    pub codes: &'a [(u8, &'a [u8])],
    /// Longest frame accepted on the wire, flags included.
    pub max_len: usize,
}

impl Escaping<'_> {
    /// Cuts the next `flag ... flag` frame and returns its unescaped content
    /// (flags removed). Bytes before a flag are skipped; an empty frame
    /// (two flags in a row) is treated as the start of the next.
    pub fn cut(&self, buf: &mut BytesMut) -> Result<Option<Bytes>, DecodeError> {
        let flag = self.flag;
        loop {
            match super::delimited::find(buf, flag) {
                Some(0) => {}
                Some(at) => {
                    let _ = buf.split_to(at);
                }
                None => {
                    let keep = flag.len().saturating_sub(1).min(buf.len());
                    let _ = buf.split_to(buf.len() - keep);
                    return Ok(None);
                }
            }
            let Some(end) = super::delimited::find(&buf[flag.len()..], flag) else {
                if buf.len() > self.max_len {
                    return Err(DecodeError::Oversize {
                        len: buf.len(),
                        max: self.max_len,
                    });
                }
                return Ok(None);
            };
            if end == 0 {
                // Two flags in a row: the first closed nothing.
                let _ = buf.split_to(flag.len());
                continue;
            }
            let total = flag.len() * 2 + end;
            if total > self.max_len {
                return Err(DecodeError::Oversize {
                    len: total,
                    max: self.max_len,
                });
            }
            let frame = buf.split_to(total);
            // The flags bound the frame: bad stuffing inside skips it whole.
            return self
                .unescape(&frame[flag.len()..total - flag.len()])
                .map(Some)
                .map_err(|e| e.skip(&frame));
        }
    }

    /// Removes the stuffing.
    pub fn unescape(&self, wire: &[u8]) -> Result<Bytes, DecodeError> {
        let mut out = Vec::with_capacity(wire.len());
        let mut i = 0;
        while i < wire.len() {
            if wire[i..].starts_with(self.escape) {
                let code = *wire
                    .get(i + self.escape.len())
                    .ok_or_else(|| DecodeError::malformed("escape at the end of a frame"))?;
                let (_, bytes) = self.codes.iter().find(|(c, _)| *c == code).ok_or_else(|| {
                    DecodeError::malformed(format!("unknown escape code {code:#04x}"))
                })?;
                out.extend_from_slice(bytes);
                i += self.escape.len() + 1;
            } else {
                out.push(wire[i]);
                i += 1;
            }
        }
        Ok(out.into())
    }

    /// Adds the stuffing and the flags: the bytes to put on the wire.
    pub fn escape(&self, content: &[u8]) -> Bytes {
        let mut out = Vec::with_capacity(content.len() + 2 * self.flag.len() + 8);
        out.extend_from_slice(self.flag);
        let mut i = 0;
        'outer: while i < content.len() {
            for (code, bytes) in self.codes {
                if content[i..].starts_with(bytes) {
                    out.extend_from_slice(self.escape);
                    out.push(*code);
                    i += bytes.len();
                    continue 'outer;
                }
            }
            out.push(content[i]);
            i += 1;
        }
        out.extend_from_slice(self.flag);
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JT808: Escaping<'static> = Escaping {
        flag: &[0x7e],
        escape: &[0x7d],
        codes: &[(0x02, &[0x7e]), (0x01, &[0x7d])],
        max_len: 64,
    };

    #[test]
    fn cuts_unescapes_and_round_trips() {
        let mut buf =
            BytesMut::from(&[0x00, 0x7e, 0x01, 0x7d, 0x02, 0x7d, 0x01, 0x7e, 0x7e, 0x05][..]);
        let frame = JT808.cut(&mut buf).expect("ok").expect("frame");
        assert_eq!(&frame[..], &[0x01, 0x7e, 0x7d]);
        assert_eq!(JT808.cut(&mut buf).expect("ok"), None, "a frame still open");
        assert_eq!(
            &JT808.escape(&[0x01, 0x7e, 0x7d])[..],
            &[0x7e, 0x01, 0x7d, 0x02, 0x7d, 0x01, 0x7e]
        );
        assert!(JT808.unescape(&[0x7d, 0x09]).is_err());
        assert!(JT808.unescape(&[0x01, 0x7d]).is_err());
        let mut long = BytesMut::from(&[0x7e; 1][..]);
        long.extend_from_slice(&[0x11; 80]);
        assert!(matches!(
            JT808.cut(&mut long),
            Err(DecodeError::Oversize { .. })
        ));
    }
}
