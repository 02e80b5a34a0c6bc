//! Cutting 3G watch frames out of a byte stream, and reading their header.
//!
//! A frame is `[` + maker + `*` + id + `*` + [index (4 hex) + `*`] +
//! length (4 hex) + `*` + content + `]`, for example
//! `[3G*8800000015*0002*LK]` or, in the variant that numbers its
//! messages, `[ZJ*014111001350304*0034*0009*LK,0,0,19]`.
//!
//! Binary content (voice, pictures) is stuffed: on the wire `7D 01`..`7D
//! 05` stand for `}`, `[`, `]`, `,` and `*`, so a raw bracket never
//! appears inside it. Text content may still hold bracket pairs (Wi-Fi
//! names such as `[LG_Wall-Mount A/C]`), and many devices miscount the
//! length field, so a frame ends at the `]` that balances its opening `[`,
//! not where the length says. The length is still read: one over the
//! frame limit refuses the frame from its header.
//!
//! Bytes before a `[` are skipped, so the stream resynchronises at the
//! next frame start.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::escaped::Escaping;

/// The stuffing binary content uses. Frames are cut by bracket balance
/// here, so the flag is empty: only the stuffing is shared.
pub const STUFFING: Escaping<'static> = Escaping {
    flag: b"",
    escape: &[0x7D],
    codes: &[
        (0x01, b"}"),
        (0x02, b"["),
        (0x03, b"]"),
        (0x04, b","),
        (0x05, b"*"),
    ],
    max_len: usize::MAX,
};

/// A frame's header, as the reply echoes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The maker code (`3G`, `SG`, `CS`, `ZJ`, …), echoed in replies.
    pub maker: String,
    /// The device id.
    pub id: String,
    /// The message index of the numbered (`ZJ`) variant.
    pub index: Option<String>,
    /// The declared content length (not enforced; see the module docs).
    pub length: usize,
}

/// Cuts frames, remembering how far the open frame has been scanned so a
/// frame arriving in small pieces is scanned once.
#[derive(Debug, Clone, Default)]
pub struct Framer {
    /// Bytes of the open frame already scanned.
    scanned: usize,
    /// Bracket depth after them.
    depth: usize,
}

impl Framer {
    /// Cuts the next frame from `buf` and removes its stuffing: `[…]` with
    /// both brackets kept.
    pub fn cut(
        &mut self,
        buf: &mut BytesMut,
        max_len: usize,
    ) -> Result<Option<Bytes>, DecodeError> {
        if self.scanned == 0 {
            match buf.iter().position(|&b| b == b'[') {
                Some(at) => {
                    let _ = buf.split_to(at);
                }
                None => {
                    buf.clear();
                    return Ok(None);
                }
            }
        }
        if let Some(Ok((header, _))) = header(buf)
            && header.length > max_len
        {
            return Err(DecodeError::Oversize {
                len: header.length,
                max: max_len,
            });
        }
        let mut end = None;
        for (i, &b) in buf.iter().enumerate().take(max_len).skip(self.scanned) {
            match b {
                b'[' => self.depth += 1,
                b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            if self.depth == 0 {
                end = Some(i + 1);
                break;
            }
        }
        match end {
            Some(end) => {
                *self = Self::default();
                let wire = buf.split_to(end);
                STUFFING.unescape(&wire).map(Some)
            }
            None if buf.len() >= max_len => Err(DecodeError::Oversize {
                len: buf.len(),
                max: max_len,
            }),
            None => {
                self.scanned = buf.len();
                Ok(None)
            }
        }
    }
}

/// Cuts one frame from `buf` with a fresh [`Framer`] (for whole buffers).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    Framer::default().cut(buf, max_len)
}

/// Whether `field` is four hex digits.
fn hex4(field: &[u8]) -> bool {
    field.len() == 4 && field.iter().all(u8::is_ascii_hexdigit)
}

/// Reads the header at the front of `frame` (which starts with `[`):
/// `None` until the whole header has arrived, else the header and where
/// the content starts.
pub fn header(frame: &[u8]) -> Option<Result<(Header, usize), DecodeError>> {
    let bad = |what: &str| Some(Err(DecodeError::malformed(what)));
    let mut fields = Vec::with_capacity(4);
    let mut start = 1;
    while fields.len() < 4 {
        let rest = frame.get(start..)?;
        let Some(star) = rest.iter().position(|&b| b == b'*') else {
            if rest.len() > 64 || rest.contains(&b']') {
                return bad("frame header without its * separators");
            }
            return None;
        };
        if star > 64 {
            return bad("frame header field longer than 64 bytes");
        }
        fields.push(&rest[..star]);
        start += star + 1;
        // Maker, id, then one 4-hex length, or an index and a length.
        if fields.len() == 3 {
            let next = &frame[start.min(frame.len())..frame.len().min(start + 5)];
            let possible = next.iter().take(4).all(u8::is_ascii_hexdigit)
                && next.get(4).is_none_or(|&b| b == b'*');
            if !possible {
                break;
            }
            if next.len() < 5 {
                return None;
            }
        }
    }
    let text = |f: &[u8]| String::from_utf8_lossy(f).into_owned();
    let (maker, id) = (fields[0], fields[1]);
    if maker.is_empty() || id.is_empty() || !fields[2..].iter().all(|f| hex4(f)) {
        return bad("frame header is not maker*id*[index*]length*");
    }
    let (index, length) = match fields[2..] {
        [length] => (None, length),
        [index, length] => (Some(text(index)), length),
        _ => return bad("frame header has too many fields"),
    };
    let length = usize::from_str_radix(&text(length), 16).ok()?;
    Some(Ok((
        Header {
            maker: text(maker),
            id: text(id),
            index,
            length,
        },
        start,
    )))
}
