//! Cutting GT02 frames out of a byte stream, and reading their header.
//!
//! A frame is `68 68`, a length (1) that counts the bytes from the one
//! after it up to the end marker, the header fields (power level, GSM
//! level, IMEI, index, type), the type's content, and `0D 0A`: `length + 5`
//! bytes in all. There is no checksum.
//!
//! [`cut`] takes `length + 5` bytes once the length is buffered, refusing a
//! stream that does not start with `68 68` and a length over the frame
//! limit. [`parse`] then checks the frame ends with `0D 0A` where the
//! length says and reads the header.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length;
use crate::message::DeviceId;
use crate::reader::Reader;

/// Every frame's start marker.
pub const START: [u8; 2] = [0x68, 0x68];
/// Every frame's end marker.
pub const END: [u8; 2] = [0x0D, 0x0A];
/// Bytes around the counted part: start marker, length byte, end marker.
pub const OVERHEAD: usize = 5;
/// The header fields the length counts before the content: power level
/// (1), GSM level (1), IMEI (8), index (2), type (1).
pub const HEADER_LEN: usize = 13;

/// One frame with its header read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The power (voltage) level byte; zero in location messages.
    pub power: u8,
    /// The GSM signal level byte; zero in location messages.
    pub gsm: u8,
    /// The IMEI: the last 15 of the 16 BCD digits.
    pub device: DeviceId,
    /// The device's message index.
    pub index: u16,
    /// The message type.
    pub kind: u8,
    /// Everything between the type and the end marker.
    pub content: Bytes,
}

/// The whole length of the frame at the front of `buf`, once its length
/// byte is buffered.
pub fn frame_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let have = buf.len().min(START.len());
    if buf[..have] != START[..have] {
        return Err(DecodeError::malformed(format!(
            "frame does not start with 68 68: {:02x?}",
            &buf[..have]
        )));
    }
    Ok(buf.get(2).map(|&len| usize::from(len) + OVERHEAD))
}

/// Cuts the next whole frame from `buf`, or `None` until one is buffered.
/// One whose end marker is not where its length says is an error that
/// closes the stream ([`length::cut_ended`]).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    if buf.is_empty() {
        return Ok(None);
    }
    length::cut_ended(buf, max_len, frame_len, &END)
}

/// Whether `frame`, as [`cut`] delimited it, ends with the end marker: the
/// proof that its length was right and the next frame starts after it.
pub fn is_bounded(frame: &[u8]) -> bool {
    frame.ends_with(&END)
}

/// Reads the header of a bounded frame.
pub fn parse(frame: &Bytes) -> Result<Frame, DecodeError> {
    if !is_bounded(frame) || frame.len() < OVERHEAD {
        return Err(DecodeError::malformed("frame does not end with 0D 0A"));
    }
    let body = frame.slice(3..frame.len() - END.len());
    let mut r = Reader::new(&body);
    let power = r.u8("power level")?;
    let gsm = r.u8("GSM level")?;
    let device = imei(&r.array::<8>("IMEI")?)?;
    let index = r.u16("index")?;
    let kind = r.u8("type")?;
    Ok(Frame {
        power,
        gsm,
        device,
        index,
        kind,
        content: body.slice(HEADER_LEN..),
    })
}

/// The IMEI in 8 BCD bytes: 16 digits, of which the first is padding.
pub fn imei(bytes: &[u8; 8]) -> Result<DeviceId, DecodeError> {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if !digits.bytes().all(|d| d.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("IMEI is not BCD: {digits}")));
    }
    Ok(DeviceId(digits[1..].to_owned()))
}
