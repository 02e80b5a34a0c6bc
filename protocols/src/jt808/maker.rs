//! Manufacturer messages outside the standard's table.
//!
//! - 0x0210 with a 7-byte body: battery level (1, percent) and time (6
//!   BCD, GMT+8), a status report without a position. Any other 0x0210 is
//!   a batch: per position its length (1) and a location report body.
//! - 0x1300: a text answer to a platform command: the serial it answers
//!   (2), then UTF-16BE text.

use crate::codec::DecodeError;
use crate::record::{FixSource, Record};

use super::items::battery_level;
use super::location::{bcd_time, report};
use super::reader::Reader;
use super::variant::Jt808Variant;

/// Decodes a 0x0210 body.
pub fn status_or_batch(body: &[u8], variant: Jt808Variant) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(body);
    if body.len() == 7 {
        let level = r.u8("battery level")?;
        let time = bcd_time(&r.array::<6>("time")?)?;
        let mut record = Record::at(time, 0.0, 0.0);
        record.valid = false;
        record.source = FixSource::None;
        record.values.push(battery_level(f64::from(level)));
        return Ok(vec![record]);
    }
    let mut records = Vec::new();
    while r.remaining() > 0 {
        let len = usize::from(r.u8("position length")?);
        records.push(report(r.bytes(len, "position")?, variant)?);
    }
    if records.is_empty() {
        return Err(DecodeError::malformed("empty 0x0210 batch"));
    }
    Ok(records)
}

/// Decodes a 0x1300 body: the answer's text, trimmed.
pub fn text_answer(body: &[u8]) -> Result<String, DecodeError> {
    let mut r = Reader::new(body);
    let _serial = r.u16("answered serial")?;
    let units: Vec<u16> = r
        .rest()
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    let text = String::from_utf16_lossy(&units);
    Ok(text
        .trim_matches(|c: char| c.is_whitespace() || c == '\0')
        .to_owned())
}
