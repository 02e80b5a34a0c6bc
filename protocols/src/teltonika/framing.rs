//! Cutting Teltonika TCP frames out of a byte stream.
//!
//! Three frame kinds share one stream, told apart by their first bytes:
//!
//! - `FF`: a one-byte ping.
//! - `LL LL` + that many ASCII digits: the IMEI packet (`LL LL` is never zero).
//! - `00 00 00 00` + data length (4, big-endian) + data + CRC field (4): an AVL
//!   packet. The CRC-16/ARC of the data sits in the field's low two bytes.
//!
//! Framing is two steps, as everywhere in trackgate: [`check`] looks at the
//! header only and says whether a whole frame is buffered (refusing oversize
//! or impossible headers before their payload arrives), then [`parse`] turns
//! exactly those bytes into a [`Frame`], verifying the CRC.
//!
//! Nothing in the format marks where a frame starts, so after a bad header
//! the stream cannot be resynchronised: every error here is final.

use bytes::Bytes;

use crate::checksum::crc16_arc;
use crate::codec::{DecodeError, Limits};

/// The one-byte ping.
const PING: u8 = 0xFF;
/// Bytes before an AVL packet's data: 4-byte zero preamble + 4-byte length.
const AVL_HEADER_LEN: usize = 8;
/// The CRC field after an AVL packet's data.
const CRC_FIELD_LEN: usize = 4;
/// The shortest data an AVL packet can carry: codec id, count, count.
const MIN_AVL_DATA_LEN: usize = 3;
/// IMEIs are 15 digits; a little slack admits other identifier lengths
/// devices are known to send, while still refusing random bytes.
const IMEI_LEN: std::ops::RangeInclusive<usize> = 8..=17;

/// One frame, with its envelope removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// The keep-alive byte.
    Ping,
    /// The identification packet's digits.
    Imei(String),
    /// An AVL packet's data (codec id through the second count), CRC verified.
    Avl(Bytes),
}

/// Returns the length of the whole frame at the front of `buf`, or `None`
/// when more bytes are needed.
///
/// Only headers are examined: an AVL packet whose declared size exceeds
/// `limits.max_frame_len` is refused as soon as its 8-byte header is here.
pub fn check(buf: &[u8], limits: &Limits) -> Result<Option<usize>, DecodeError> {
    let Some(&first) = buf.first() else {
        return Ok(None);
    };
    if first == PING {
        return Ok(Some(1));
    }
    let Some(head) = buf.get(..2) else {
        return Ok(None);
    };
    let imei_len = usize::from(u16::from_be_bytes([head[0], head[1]]));
    if imei_len != 0 {
        if !IMEI_LEN.contains(&imei_len) {
            return Err(DecodeError::malformed(format!(
                "identification length {imei_len} is not an IMEI length"
            )));
        }
        return Ok(whole(buf, 2 + imei_len));
    }
    // Reject a bad preamble from its first non-zero byte, not only once
    // the whole header is here.
    if buf.iter().take(4).any(|&b| b != 0) {
        return Err(DecodeError::malformed("non-zero AVL preamble"));
    }
    let Some(len_field) = buf.get(4..AVL_HEADER_LEN) else {
        return Ok(None);
    };
    let data_len = u32::from_be_bytes([len_field[0], len_field[1], len_field[2], len_field[3]]);
    let frame_len = usize::try_from(data_len)
        .ok()
        .and_then(|n| n.checked_add(AVL_HEADER_LEN + CRC_FIELD_LEN));
    let max = limits.max_frame_len;
    let Some(frame_len) = frame_len.filter(|&n| n <= max) else {
        return Err(DecodeError::Oversize {
            len: frame_len.unwrap_or(usize::MAX),
            max,
        });
    };
    if frame_len < AVL_HEADER_LEN + MIN_AVL_DATA_LEN + CRC_FIELD_LEN {
        return Err(DecodeError::malformed(format!(
            "AVL data length {data_len} is too short for a packet"
        )));
    }
    Ok(whole(buf, frame_len))
}

/// Parses one whole frame, exactly as [`check`] delimited it.
pub fn parse(frame: &[u8]) -> Result<Frame, DecodeError> {
    match frame {
        [PING] => Ok(Frame::Ping),
        [0, 0, 0, 0, rest @ ..] => parse_avl(rest),
        [hi, lo, digits @ ..] if usize::from(u16::from_be_bytes([*hi, *lo])) == digits.len() => {
            parse_imei(digits)
        }
        _ => Err(DecodeError::malformed(
            "frame length does not match its header",
        )),
    }
}

fn parse_imei(digits: &[u8]) -> Result<Frame, DecodeError> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(DecodeError::malformed("IMEI is not ASCII digits"));
    }
    // All ASCII digits, so this is valid UTF-8.
    Ok(Frame::Imei(String::from_utf8_lossy(digits).into_owned()))
}

/// `rest` starts at the length field.
fn parse_avl(rest: &[u8]) -> Result<Frame, DecodeError> {
    let (len_field, rest) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| DecodeError::malformed("AVL header cut short"))?;
    let data_len = usize::try_from(u32::from_be_bytes(*len_field))
        .map_err(|_| DecodeError::malformed("AVL length does not fit in memory"))?;
    if rest.len() != data_len.saturating_add(CRC_FIELD_LEN) {
        return Err(DecodeError::malformed(
            "AVL length does not match the frame",
        ));
    }
    let (data, crc_field) = rest.split_at(data_len);
    let carried = crc_field
        .first_chunk::<4>()
        .map(|b| u32::from_be_bytes(*b))
        .ok_or_else(|| DecodeError::malformed("AVL CRC field cut short"))?;
    let computed = u32::from(crc16_arc(data));
    // The upper half of the field is specified as zero; anything else is
    // not the checksum we computed, so it is reported as a mismatch.
    if carried != computed {
        return Err(DecodeError::Checksum { carried, computed });
    }
    Ok(Frame::Avl(Bytes::copy_from_slice(data)))
}

fn whole(buf: &[u8], frame_len: usize) -> Option<usize> {
    (buf.len() >= frame_len).then_some(frame_len)
}
