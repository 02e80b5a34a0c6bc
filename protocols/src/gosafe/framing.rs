//! Cutting GoSafe messages out of a byte stream.
//!
//! Text messages are `*GS…#`; binary reports are `F8 … F8`, with `1B 00`
//! standing for `1B` and `1B E3` for `F8` inside, and end with a
//! CRC-16/XMODEM (big-endian) of the bytes between the opening flag and
//! it. Line ends between messages are dropped.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_xmodem;
use crate::codec::DecodeError;
use crate::framing::delimited::{Cut, Delimited};
use crate::framing::escaped::Escaping;

/// The flag around a binary report.
pub const FLAG: u8 = 0xF8;

/// The binary reports' stuffing.
pub fn escaping(max_len: usize) -> Escaping<'static> {
    Escaping {
        flag: &[FLAG],
        escape: &[0x1B],
        codes: &[(0x00, &[0x1B]), (0xE3, &[FLAG])],
        max_len,
    }
}

/// One message cut from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A text message, from its `*` up to (without) its `#`.
    Text(Bytes),
    /// A binary report's content, unstuffed, without its flags.
    Binary(Bytes),
}

/// Cuts the next message, or `None` until one is buffered. A stream that
/// opens neither `*` nor `F8` has lost its place: an error.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    let skip = buf
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let _ = buf.split_to(skip);
    match buf.first() {
        None => Ok(None),
        Some(b'*') => {
            let framer = Delimited {
                start: b"",
                end: b"#",
                keep_end: false,
                max_len,
            };
            Ok(match framer.cut(buf)? {
                Cut::Frame(text) => Some(Frame::Text(text)),
                Cut::Incomplete => None,
            })
        }
        Some(&FLAG) => Ok(escaping(max_len).cut(buf)?.map(Frame::Binary)),
        Some(_) => Err(DecodeError::malformed("a message starts with * or F8")),
    }
}

/// Checks a binary report's CRC (its last two bytes, big-endian).
pub fn check(content: &[u8]) -> Result<(), DecodeError> {
    let Some(split) = content.len().checked_sub(2) else {
        return Err(DecodeError::malformed("a binary report without its CRC"));
    };
    let (data, crc) = content.split_at(split);
    let carried = u16::from_be_bytes([crc[0], crc[1]]);
    let computed = crc16_xmodem(data);
    if carried == computed {
        Ok(())
    } else {
        Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        })
    }
}
