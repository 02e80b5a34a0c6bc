//! The position inside a text sentence.
//!
//! Location sentences (`V1`, `V2`, `V5`, `V6`, `V8`, `V19`, `VI1`, `VP1`,
//! …; `V4` command confirmations have the same run, but are read as
//! answers) put different fields before and after one common run:
//!
//! `hhmmss,A|V,latitude,N|S,longitude,E|W,speed,course,[extra,]ddmmyy,status`
//!
//! so the run is found by its hemisphere letters rather than by a fixed
//! index per type. Speed is in knots. Coordinates come as `DDMM.MMMM`, as
//! `DDMMMMMM` with four implied decimals (some firmware drops the point),
//! or as `-DD-MM.MMMM` (a sign-and-degrees form; the hemisphere letter
//! still gives the sign).
//!
//! Time: a sentence without a time of day (`VP1`) is dated at midnight UTC
//! of its date; one without a date is stamped with the receive time and
//! never marked valid.

use crate::codec::DecodeError;
use crate::fix::{self, KMH_PER_KNOT};
use crate::record::Record;

use super::io;

/// The record of a location sentence's `fields` (the whole sentence split
/// at commas, `#` removed), or `None` if it holds no location: no
/// hemisphere letters, or empty coordinates.
pub fn record(fields: &[&str], now_ms: i64) -> Result<Option<Record>, DecodeError> {
    let Some(at) = (3..fields.len()).find(|&i| {
        matches!(field(fields, i + 1), "N" | "S") && matches!(field(fields, i + 3), "E" | "W")
    }) else {
        return Ok(None);
    };
    let (lat_text, lon_text) = (field(fields, at), field(fields, at + 2));
    if lat_text.is_empty() || lon_text.is_empty() {
        return Ok(None);
    }
    let latitude = coordinate(lat_text, field(fields, at + 1), 90.0)?;
    let longitude = coordinate(lon_text, field(fields, at + 3), 180.0)?;

    let speed = number(field(fields, at + 4), "speed")?;
    let course = number(field(fields, at + 5), "course")?;
    if !(0.0..=360.0).contains(&course) {
        return Err(DecodeError::malformed(format!("course {course}")));
    }
    // One firmware puts an extra field (satellites) before the date.
    let date_at = if six_digits(field(fields, at + 7)) && !six_digits(field(fields, at + 6)) {
        at + 7
    } else {
        at + 6
    };
    let date = field(fields, date_at);
    let time = at.checked_sub(2).map_or("", |i| field(fields, i));
    let validity = field(fields, at - 1);

    let (fix_time_ms, dated) = match (date.is_empty(), six_digits(time)) {
        (true, _) => (now_ms, false),
        (false, true) => (
            fix::ddmmyy_hhmmss(date, time).ok_or_else(|| bad("date/time"))?,
            true,
        ),
        (false, false) => (
            fix::ddmmyy_hhmmss(date, "000000").ok_or_else(|| bad("date"))?,
            true,
        ),
    };
    let mut record = Record::at(fix_time_ms, latitude, longitude);
    record.valid = dated && validity == "A";
    record.speed_kmh = speed * KMH_PER_KNOT;
    record.course_deg = course;

    let rest = fields.get(date_at + 1..).unwrap_or_default();
    if let Some((i, status)) = rest
        .iter()
        .enumerate()
        .find_map(|(i, f)| io::parse_status(f).map(|s| (i, s)))
    {
        record.io.push(io::status_element(status));
        record.values = io::status_values(status);
        for (n, extra) in rest.iter().enumerate().skip(i + 1) {
            if !extra.trim().is_empty() {
                record
                    .io
                    .push(io::text(format!("field_{}", date_at + 1 + n), extra.trim()));
            }
        }
    }
    Ok(Some(record))
}

fn field<'a>(fields: &[&'a str], i: usize) -> &'a str {
    fields.get(i).map_or("", |f| f.trim())
}

fn six_digits(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
}

fn bad(what: &str) -> DecodeError {
    DecodeError::malformed(format!("invalid {what} in a location sentence"))
}

/// A decimal number; empty means zero (devices leave speed blank when still).
fn number(text: &str, what: &str) -> Result<f64, DecodeError> {
    if text.is_empty() {
        return Ok(0.0);
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| bad(what))
}

/// A signed coordinate in degrees from any of the three forms.
fn coordinate(text: &str, hemisphere: &str, max: f64) -> Result<f64, DecodeError> {
    let degrees = if let Some(rest) = text.strip_prefix('-') {
        let (deg, min) = rest.split_once('-').ok_or_else(|| bad("coordinate"))?;
        let deg = fix::digits(deg).ok_or_else(|| bad("coordinate"))?;
        // Below 100, `DDMM.MMMM` reads as zero degrees and these minutes.
        let min = fix::degrees_minutes(min)
            .filter(|m| *m < 1.0)
            .ok_or_else(|| bad("coordinate"))?;
        Some(f64::from(deg) + min)
    } else if text.contains('.') {
        fix::degrees_minutes(text)
    } else if text.len() > 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (whole, decimals) = text.split_at(text.len() - 4);
        fix::degrees_minutes(&format!("{whole}.{decimals}"))
    } else {
        None
    };
    let degrees = degrees
        .filter(|d| *d <= max)
        .ok_or_else(|| bad("coordinate"))?;
    fix::hemisphere(degrees, hemisphere).ok_or_else(|| bad("hemisphere"))
}
