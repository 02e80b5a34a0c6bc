//! Cutting Meitrack frames out of a byte stream, and splitting one into its parts.
//!
//! A frame is `$$<flag><length>,<imei>,<command>,<data>*<XX>\r\n`:
//!
//! - `flag`: one byte, `A`..`z` (0x41..=0x7A), chosen by the device; a reply
//!   to a command echoes it.
//! - `length`: decimal, the number of bytes from the comma after it through
//!   the closing CR LF.
//! - `XX`: the sum of every byte from `$$` through `*`, modulo 256, in hex.
//!
//! Binary commands (`CCC`, `CCE`, picture data) carry raw bytes in `data`,
//! `*`, `,` and CR LF included, so a stream can only be cut by the length
//! field. Bytes before a `$$` are skipped; once a header has been read its
//! length is trusted, and a frame it describes that does not end with CR LF
//! is `Malformed` (the stream cannot be resynchronised after that).

use bytes::{Bytes, BytesMut};

use crate::checksum::sum8;
use crate::codec::DecodeError;
use crate::framing::delimited::find;
use crate::framing::length;

/// The longest length field accepted, in digits.
const MAX_DIGITS: usize = 6;

/// Cuts the next whole frame (CR LF included) from `buf`.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    match find(buf, b"$$") {
        Some(0) => {}
        Some(at) => {
            let _ = buf.split_to(at);
        }
        None => {
            let keep = usize::from(buf.last() == Some(&b'$'));
            let _ = buf.split_to(buf.len() - keep);
            return Ok(None);
        }
    }
    // `$$$A…`: the frame starts at the last `$` of the run.
    while buf.len() > 2 && buf[2] == b'$' {
        let _ = buf.split_to(1);
    }
    let Some(frame) = length::cut(buf, max_len, frame_len)? else {
        return Ok(None);
    };
    if !frame.ends_with(b"\r\n") {
        return Err(DecodeError::malformed(
            "frame does not end with CR LF where its length field says",
        ));
    }
    Ok(Some(frame))
}

/// The whole length of the frame whose header starts `buf`, once the header is there.
pub fn frame_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let Some(&flag) = buf.get(2) else {
        return Ok(None);
    };
    check_flag(flag)?;
    let digits = &buf[3..];
    let Some(comma) = digits.iter().position(|&b| b == b',') else {
        if digits.len() > MAX_DIGITS || !digits.iter().all(u8::is_ascii_digit) {
            return Err(DecodeError::malformed("length field is not a number"));
        }
        return Ok(None);
    };
    let length = parse_length(&digits[..comma])?;
    Ok(Some(3 + comma + length))
}

fn check_flag(flag: u8) -> Result<(), DecodeError> {
    if (0x41..=0x7A).contains(&flag) {
        Ok(())
    } else {
        Err(DecodeError::malformed(format!(
            "data identifier {flag:#04x} is outside A..z"
        )))
    }
}

fn parse_length(digits: &[u8]) -> Result<usize, DecodeError> {
    if digits.is_empty() || digits.len() > MAX_DIGITS || !digits.iter().all(u8::is_ascii_digit) {
        return Err(DecodeError::malformed("length field is not a number"));
    }
    let length = digits
        .iter()
        .fold(0usize, |acc, &d| acc * 10 + usize::from(d - b'0'));
    if length == 0 {
        return Err(DecodeError::malformed("zero length field"));
    }
    Ok(length)
}

/// A frame split into its parts. Borrowed from the frame's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The data identifier (`A`..`z`).
    pub flag: u8,
    /// The length field's value.
    pub length: usize,
    /// The device's IMEI.
    pub imei: &'a str,
    /// The command type (`AAA`, `CCE`, `CCC`, `AAC`, `D03`, …).
    pub command: &'a str,
    /// Everything between the comma after the command and `*`; empty when
    /// the command has no data.
    pub data: &'a [u8],
}

/// Splits one frame and verifies its checksum. A trailing CR LF is
/// optional here (datagrams); the length field is parsed but not compared
/// with the frame (the stream framer cut by it already).
pub fn split(frame: &[u8]) -> Result<Parts<'_>, DecodeError> {
    let body = frame.strip_suffix(b"\r\n").unwrap_or(frame);
    if !body.starts_with(b"$$") || body.len() < 8 {
        return Err(DecodeError::malformed("not a $$ frame"));
    }
    let star = body.len() - 3;
    if body[star] != b'*' {
        return Err(DecodeError::malformed("frame does not end with *XX"));
    }
    let carried = std::str::from_utf8(&body[star + 1..])
        .ok()
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|h| u8::from_str_radix(h, 16).ok())
        .ok_or_else(|| DecodeError::malformed("checksum is not two hex digits"))?;
    let computed = sum8(&body[..=star]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    check_flag(body[2])?;
    let content = &body[3..star];
    let mut fields = content.splitn(4, |&b| b == b',');
    let length = parse_length(fields.next().unwrap_or_default())?;
    let imei = ascii_field(fields.next(), "IMEI")?;
    if imei.is_empty() || imei.len() > 20 || !imei.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(DecodeError::malformed("IMEI is not alphanumeric"));
    }
    let command = ascii_field(fields.next(), "command")?;
    if command.is_empty()
        || command.len() > 8
        || !command.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(DecodeError::malformed("command type is not alphanumeric"));
    }
    Ok(Parts {
        flag: body[2],
        length,
        imei,
        command,
        data: fields.next().unwrap_or_default(),
    })
}

fn ascii_field<'a>(field: Option<&'a [u8]>, what: &str) -> Result<&'a str, DecodeError> {
    field
        .and_then(|f| std::str::from_utf8(f).ok())
        .ok_or_else(|| DecodeError::malformed(format!("missing {what}")))
}
