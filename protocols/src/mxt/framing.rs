//! Cutting MXT frames out of a byte stream.
//!
//! A frame runs from a `01` start to the first `04` after it. Inside, `10
//! xx` stands for the byte `xx − 0x20`, whatever `xx` is ([`unstuff`]):
//! the samples stuff `01`, `04`, `10` and `11`. A device does not always
//! stuff a `01` (corpus sample #0 carries one bare), so only the `04` ends
//! a frame and a `01` inside is data. Our own frames stuff `01`, `04`,
//! `10` and `11` with the shared [`crate::framing::escaped`] stuffing
//! ([`ESCAPING`]).
//!
//! Bytes before a start are skipped as one frame of garbage, so the
//! stream resynchronises at the next `01`.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::escaped::Escaping;

/// The byte that starts a frame.
pub const START: u8 = 0x01;

/// The byte that ends a frame.
pub const END: u8 = 0x04;

/// The byte that announces a stuffed byte.
pub const ESCAPE: u8 = 0x10;

/// What a stuffed byte's code is above the byte it stands for.
const OFFSET: u8 = 0x20;

/// The stuffing of the frames we write. `flag` is the start; the end is
/// [`END`], which [`wire`] puts in place of the closing flag.
pub const ESCAPING: Escaping<'static> = Escaping {
    flag: &[START],
    escape: &[ESCAPE],
    codes: &[
        (START + OFFSET, &[START]),
        (END + OFFSET, &[END]),
        (ESCAPE + OFFSET, &[ESCAPE]),
        (0x11 + OFFSET, &[0x11]),
    ],
    max_len: usize::MAX,
};

/// Cuts the next frame and returns its content, unstuffed, `01` and `04`
/// removed; `None` until a whole frame is buffered. A frame over `max_len`
/// bytes on the wire is refused; garbage before a start and bad stuffing
/// are skipped.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    if buf.is_empty() {
        return Ok(None);
    }
    if buf[0] != START {
        let at = buf.iter().position(|&b| b == START).unwrap_or(buf.len());
        let garbage = buf.split_to(at);
        return Err(DecodeError::malformed("bytes before a frame's start").skip(&garbage));
    }
    let Some(at) = buf[1..].iter().position(|&b| b == END) else {
        if buf.len() > max_len {
            return Err(DecodeError::Oversize {
                len: buf.len(),
                max: max_len,
            });
        }
        return Ok(None);
    };
    let at = at + 1;
    if buf[at] == START {
        let cut_short = buf.split_to(at);
        return Err(
            DecodeError::malformed("a frame with no end before the next start").skip(&cut_short),
        );
    }
    let total = at + 1;
    if total > max_len {
        return Err(DecodeError::Oversize {
            len: total,
            max: max_len,
        });
    }
    let frame = buf.split_to(total);
    unstuff(&frame[1..at]).map(Some).map_err(|e| e.skip(&frame))
}

/// Removes the stuffing: `10 xx` becomes `xx − 0x20`. An escape at the end
/// or a code under `0x20` is malformed.
pub fn unstuff(wire: &[u8]) -> Result<Bytes, DecodeError> {
    let mut out = Vec::with_capacity(wire.len());
    let mut bytes = wire.iter();
    while let Some(&byte) = bytes.next() {
        if byte != ESCAPE {
            out.push(byte);
            continue;
        }
        let &code = bytes
            .next()
            .ok_or_else(|| DecodeError::malformed("an escape at the end of a frame"))?;
        let byte = code
            .checked_sub(OFFSET)
            .ok_or_else(|| DecodeError::malformed(format!("escape code {code:#04x}")))?;
        out.push(byte);
    }
    Ok(out.into())
}

/// A frame's content as it goes on the wire: stuffed, between `01` and `04`.
pub fn wire(content: &[u8]) -> Bytes {
    let mut out = ESCAPING.escape(content).to_vec();
    if let Some(last) = out.last_mut() {
        *last = END;
    }
    out.into()
}
