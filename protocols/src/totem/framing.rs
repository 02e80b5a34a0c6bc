//! Cutting Totem messages out of a byte stream, and checking them.
//!
//! A message starts with `$$` and its length, the whole message's in
//! bytes, in one of two forms:
//!
//! - `$$0LLL`: when the third byte is `0`, four decimal digits. The
//!   message ends with two hex digits, the XOR of every byte before them
//!   ([`Form::Long`]).
//! - `$$LL`: otherwise, two hex digits. The message ends with four hex
//!   digits, the CRC-16/MODBUS of every byte before them
//!   ([`Form::Short`]).
//!
//! Devices may end a message with CR LF, which the length does not count:
//! line ends before a `$$` are dropped. Bytes before a `$$` are not a
//! message: they are skipped, counted, and the stream goes on at the `$$`.
//! The length alone bounds a message, so one whose checksum fails leaves
//! the stream's position unproven and closes the connection.

use bytes::{Buf, Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::find;

/// The start of every message.
pub const START: &[u8] = b"$$";

/// Which of the two length forms a message has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `$$` + four decimal digits, an XOR checksum in two hex digits.
    Long,
    /// `$$` + two hex digits, a CRC-16/MODBUS in four hex digits.
    Short,
}

impl Form {
    /// The form of a message starting `$$` + `third`.
    pub fn of(third: u8) -> Self {
        match third {
            b'0' => Self::Long,
            _ => Self::Short,
        }
    }

    /// Bytes of the length field.
    pub fn length_digits(self) -> usize {
        match self {
            Self::Long => 4,
            Self::Short => 2,
        }
    }

    /// Hex digits of the checksum at the message's end.
    pub fn checksum_digits(self) -> usize {
        match self {
            Self::Long => 2,
            Self::Short => 4,
        }
    }

    /// The shortest message of this form: the header, one id digit and
    /// the checksum.
    fn min_len(self) -> usize {
        START.len() + self.length_digits() + 1 + self.checksum_digits()
    }
}

/// Cuts the next message, or `None` until one is buffered.
///
/// Bytes before a `$$` come back as a skipped frame. A length that is not
/// digits, is shorter than a message can be or is over `max_len` is
/// refused (the connection closes).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    let ends = buf
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    buf.advance(ends);
    if buf.is_empty() {
        return Ok(None);
    }
    if !buf.starts_with(START) {
        return skip_garbage(buf);
    }
    let Some(&third) = buf.get(2) else {
        return Ok(None);
    };
    let form = Form::of(third);
    let header = START.len() + form.length_digits();
    let Some(digits) = buf.get(START.len()..header) else {
        return Ok(None);
    };
    let len = length(form, digits)?;
    if len > max_len {
        return Err(DecodeError::Oversize { len, max: max_len });
    }
    if len < form.min_len() {
        return Err(DecodeError::malformed(format!(
            "a length of {len} bytes is shorter than any message"
        )));
    }
    if buf.len() < len {
        buf.reserve(len - buf.len());
        return Ok(None);
    }
    Ok(Some(buf.split_to(len).freeze()))
}

/// Consumes the bytes before the next `$$` (keeping a last `$`, which may
/// start one) as a skipped frame.
fn skip_garbage(buf: &mut BytesMut) -> Result<Option<Bytes>, DecodeError> {
    let at = find(&buf[1..], START)
        .map(|at| at + 1)
        .unwrap_or_else(|| buf.len() - usize::from(buf.ends_with(b"$")));
    if at == 0 {
        return Ok(None);
    }
    let garbage = buf.split_to(at);
    Err(DecodeError::malformed("bytes before $$").skip(&garbage))
}

/// The message length its header's digits give.
fn length(form: Form, digits: &[u8]) -> Result<usize, DecodeError> {
    let text = std::str::from_utf8(digits).unwrap_or_default();
    let parsed = match form {
        Form::Long if digits.iter().all(u8::is_ascii_digit) => text.parse().ok(),
        Form::Short if digits.iter().all(u8::is_ascii_hexdigit) => {
            usize::from_str_radix(text, 16).ok()
        }
        _ => None,
    };
    parsed.ok_or_else(|| DecodeError::malformed(format!("length {digits:?}")))
}

/// A message's text without its checksum, once the checksum is verified.
pub fn check(message: &[u8]) -> Result<(Form, &str), DecodeError> {
    if !message.is_ascii() {
        return Err(DecodeError::malformed("a message is ASCII text"));
    }
    let text = std::str::from_utf8(message)
        .map_err(|_| DecodeError::malformed("a message is ASCII text"))?;
    let form = Form::of(message[2]);
    let (body, carried) = text.split_at(text.len() - form.checksum_digits());
    match form {
        Form::Long => crate::checksum::check_hex_xor8(body, carried)?,
        Form::Short => {
            let carried = u16::from_str_radix(carried, 16)
                .ok()
                .filter(|_| carried.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or_else(|| DecodeError::malformed(format!("checksum {carried:?}")))?;
            let computed = crate::checksum::crc16_modbus(body.as_bytes());
            if carried != computed {
                return Err(DecodeError::Checksum {
                    carried: carried.into(),
                    computed: computed.into(),
                });
            }
        }
    }
    Ok((form, body))
}
