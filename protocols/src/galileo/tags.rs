//! Galileosky tags: their sizes, and splitting a packet's data into records.
//!
//! A main packet's data is a run of `tag (1) | value` pairs. Every tag has
//! a fixed size, except `E1` (command text) and `EA` (user array), whose
//! value starts with a 1-byte length, and `FE` (extended tags), whose
//! value starts with a 2-byte little-endian length. A packet can hold
//! several records: a tag seen again starts the next one.
//!
//! Sizes follow the tag table of the Galileosky user manuals (firmware 2xx
//! and Base Block). A tag missing from the table cannot be skipped, since
//! its size is unknown, so the packet is refused.

use crate::codec::DecodeError;
use crate::reader::Reader;

/// Tag numbers the decoder reads.
pub mod tag {
    /// IMEI, 15 ASCII digits.
    pub const IMEI: u8 = 0x03;
    /// Date and time, Unix seconds.
    pub const TIME: u8 = 0x20;
    /// Milliseconds of the time.
    pub const MILLIS: u8 = 0x21;
    /// Satellites, fix quality, latitude and longitude.
    pub const COORDINATES: u8 = 0x30;
    /// Speed and course.
    pub const SPEED: u8 = 0x33;
    /// Height.
    pub const HEIGHT: u8 = 0x34;
    /// HDOP.
    pub const HDOP: u8 = 0x35;
    /// Command number.
    pub const COMMAND_NUMBER: u8 = 0xE0;
    /// Command answer text.
    pub const COMMAND_TEXT: u8 = 0xE1;
    /// User array.
    pub const USER_ARRAY: u8 = 0xEA;
    /// Extended tags.
    pub const EXTENDED: u8 = 0xFE;
}

/// How long a tag's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Always this many bytes.
    Fixed(usize),
    /// A 1-byte length, then that many bytes.
    Short,
    /// A 2-byte little-endian length, then that many bytes.
    Long,
}

/// The size of `tag`'s value, or `None` for a tag not in the table.
pub fn size(tag: u8) -> Option<Size> {
    use Size::{Fixed, Long, Short};
    Some(match tag {
        0x01 | 0x02 | 0x35 | 0x43 | 0x49 | 0x88..=0x8C | 0xA0..=0xAF | 0xC4..=0xD2 | 0xD5 => {
            Fixed(1)
        }
        0x04 | 0x10 | 0x21 | 0x34 | 0x40..=0x42 | 0x45 | 0x46 | 0x48 => Fixed(2),
        0x50..=0x59 | 0x60..=0x62 => Fixed(2),
        0x70..=0x79 | 0xB0..=0xB9 | 0xD6..=0xDA => Fixed(2),
        0x63..=0x6F | 0x80..=0x87 => Fixed(3),
        0x20 | 0x33 | 0x44 | 0x47 | 0x5A | 0x90 | 0xC0..=0xC3 | 0xD3 | 0xD4 => Fixed(4),
        0xDB..=0xE0 | 0xE2..=0xE9 | 0xF0..=0xF9 => Fixed(4),
        0x30 => Fixed(9),
        0x03 => Fixed(15),
        tag::COMMAND_TEXT | tag::USER_ARRAY => Short,
        tag::EXTENDED => Long,
        _ => return None,
    })
}

/// One tag and its value (without a length prefix).
pub type Tag<'a> = (u8, &'a [u8]);

/// Splits `data` into records: runs of tags in which no tag repeats.
pub fn records(data: &[u8]) -> Result<Vec<Vec<Tag<'_>>>, DecodeError> {
    let mut r = Reader::new(data);
    let mut out: Vec<Vec<Tag<'_>>> = Vec::new();
    let mut current: Vec<Tag<'_>> = Vec::new();
    while r.remaining() > 0 {
        let tag = r.u8("tag")?;
        let value = match size(tag) {
            Some(Size::Fixed(n)) => r.bytes(n, "tag value")?,
            Some(Size::Short) => {
                let n = r.u8("tag length")?;
                r.bytes(usize::from(n), "tag value")?
            }
            Some(Size::Long) => {
                let n = u16::from_le_bytes(r.array("tag length")?);
                r.bytes(usize::from(n), "tag value")?
            }
            None => {
                return Err(DecodeError::Unsupported(format!(
                    "tag {tag:#04x} of unknown size"
                )));
            }
        };
        if current.iter().any(|(t, _)| *t == tag) {
            out.push(std::mem::take(&mut current));
        }
        current.push((tag, value));
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// The first value of `tag` in `record`.
pub fn find<'a>(record: &[Tag<'a>], tag: u8) -> Option<&'a [u8]> {
    record.iter().find(|(t, _)| *t == tag).map(|(_, v)| *v)
}
