//! Position blocks inside a sentence.
//!
//! Every report type and model puts different fields before and after one
//! common run of seven:
//!
//! `<accuracy>,<speed km/h>,<azimuth>,<altitude m>,<longitude>,<latitude>,<GNSS UTC yyyyMMddHHmmss>`
//!
//! usually followed by the serving cell (`<MCC>,<MNC>,<LAC>,<cell id>`).
//! A report may repeat the block (`GTFRI` with `<number>` > 1, each
//! block with its own cell). The run is found by its shape: a longitude
//! and a latitude in decimal degrees (longitude first) followed by a
//! valid date-time, the three fields before them numeric or empty. Speed,
//! azimuth and altitude may be empty (some models leave them out when the
//! fix is old); a block whose coordinates are empty is no position.
//!
//! `<accuracy>` is the HDOP, and `0` means the fix failed (the
//! coordinates are the last known ones): such a record is not valid.

use crate::datetime::utc_ms;
use crate::record::Record;

use super::{Sentence, raw};

/// Where a position block sits: `lon` is the longitude's field index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Index of the longitude field.
    pub lon: usize,
}

impl Block {
    /// Index of the accuracy field, the block's first.
    pub fn accuracy(self) -> usize {
        self.lon - 4
    }

    /// Index of the GNSS time field.
    pub fn time(self) -> usize {
        self.lon + 2
    }
}

/// The records of every position block, and where the blocks are.
pub fn records(sentence: &Sentence<'_>) -> (Vec<Record>, Vec<Block>) {
    let mut records = Vec::new();
    let mut blocks = Vec::new();
    let mut i = 7;
    while i + 2 < sentence.fields.len() {
        match record(sentence, i) {
            Some(record) => {
                records.push(record);
                blocks.push(Block { lon: i });
                i += 3;
            }
            None => i += 1,
        }
    }
    (records, blocks)
}

fn record(s: &Sentence<'_>, lon_at: usize) -> Option<Record> {
    let longitude = degrees(s.field(lon_at), 180.0)?;
    let latitude = degrees(s.field(lon_at + 1), 90.0)?;
    let fix_time_ms = time_ms(s.field(lon_at + 2))?;
    let [accuracy, speed, course, altitude] =
        [4, 3, 2, 1].map(|back| number(s.field(lon_at - back)));
    let (accuracy, speed, course, altitude) = (accuracy?, speed?, course?, altitude?);
    if speed.is_some_and(|v| !(0.0..=2000.0).contains(&v))
        || course.is_some_and(|v| !(0.0..=360.0).contains(&v))
    {
        return None;
    }
    let mut record = Record::at(fix_time_ms, latitude, longitude);
    record.valid = accuracy.is_some_and(|a| a > 0.0);
    record.hdop = accuracy;
    record.speed_kmh = speed.unwrap_or(0.0);
    record.course_deg = course.unwrap_or(0.0);
    record.altitude_m = altitude.unwrap_or(0.0);
    let cell: Vec<&str> = (3..7).map(|k| s.field(lon_at + k)).collect();
    if cell
        .iter()
        .all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        record.io.push(raw("cell", &cell.join(",")));
    }
    Some(record)
}

/// A decimal number, `Some(None)` when empty, `None` when not a number.
fn number(text: &str) -> Option<Option<f64>> {
    if text.is_empty() {
        return Some(None);
    }
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(Some(value))
}

/// Decimal degrees (with a point, as the protocol writes them) within ±`max`.
fn degrees(text: &str, max: f64) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.')?;
    let ok = (1..=3).contains(&whole.len())
        && !fraction.is_empty()
        && (whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit());
    let value: f64 = text.parse().ok().filter(|_| ok)?;
    (value.abs() <= max).then_some(value)
}

/// `yyyyMMddHHmmss` (UTC) as milliseconds.
pub fn time_ms(text: &str) -> Option<i64> {
    if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    utc_ms(
        i64::from(n(0..4)?),
        n(4..6)?,
        n(6..8)?,
        n(8..10)?,
        n(10..12)?,
        n(12..14)?,
    )
}
