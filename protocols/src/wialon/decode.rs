//! The fields of SD (short) and D (extended) data into a [`Record`].
//!
//! SD: `date;time;lat;N|S;lon;E|W;speed;course;height;sats` (10 fields).
//! D adds `;hdop;inputs;outputs;adc;ibutton;params` (16 fields). Any field
//! may be `NA` (or, as devices send, empty) for "unknown". Latitude and
//! longitude are `DDMM.MMMM` / `DDDMM.MMMM`; speed is km/h, height metres,
//! date `DDMMYY` and time `HHMMSS` (2.1 adds `.nnn…` fractions) in UTC.

use crate::datetime::utc_ms;
use crate::record::{FixSource, Record};

use super::io;

/// Which data packet a body came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `#SD#`: position only.
    Short,
    /// `#D#`: position, HDOP, I/O, ADC, iButton and parameters.
    Full,
}

impl Shape {
    /// The number of fields before the 2.0 CRC.
    pub fn fields(self) -> usize {
        match self {
            Self::Short => 10,
            Self::Full => 16,
        }
    }
}

/// Why a data packet was refused, as the spec's answer codes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataError {
    /// The packet's shape is wrong (`-1`).
    Structure,
    /// Date or time unreadable (`0`).
    Time,
    /// Coordinates unreadable (`10`).
    Coordinates,
    /// Speed, course or height unreadable (`11`).
    Motion,
    /// Satellites or HDOP unreadable (`12`).
    Satellites,
    /// Inputs or outputs unreadable (`13`, D only).
    InputsOutputs,
    /// ADC list unreadable (`14`, D only).
    Adc,
    /// Parameters unreadable (`15`, D only).
    Params,
    /// The 2.0 CRC does not match (`16` for D, `13` for SD).
    Checksum,
}

impl DataError {
    /// The answer code for a packet of this shape.
    pub fn code(self, shape: Shape) -> &'static str {
        match (self, shape) {
            (Self::Structure, _) => "-1",
            (Self::Time, _) => "0",
            (Self::Coordinates, _) => "10",
            (Self::Motion, _) => "11",
            (Self::Satellites, _) => "12",
            (Self::Checksum, Shape::Short) => "13",
            // SD has no such fields; its structure code is the honest one.
            (Self::InputsOutputs | Self::Adc | Self::Params, Shape::Short) => "-1",
            (Self::InputsOutputs, Shape::Full) => "13",
            (Self::Adc, Shape::Full) => "14",
            (Self::Params, Shape::Full) => "15",
            (Self::Checksum, Shape::Full) => "16",
        }
    }
}

/// A field's value, or `None` for `NA` / empty.
pub fn known(field: &str) -> Option<&str> {
    (!field.is_empty() && field != "NA").then_some(field)
}

/// A finite number (Rust's parser also takes `inf` and `NaN`, which no
/// device means).
pub fn number(field: &str) -> Option<f64> {
    field.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Decodes the fields of one SD or D body (CRC already removed).
pub fn record(fields: &[&str], shape: Shape, now_ms: i64) -> Result<Record, DataError> {
    if fields.len() != shape.fields() {
        return Err(DataError::Structure);
    }
    let field = |i: usize| fields.get(i).copied().and_then(known);
    let time = match (field(0), field(1)) {
        (None, None) => now_ms,
        (Some(date), Some(time)) => fix_time(date, time).ok_or(DataError::Time)?,
        _ => return Err(DataError::Time),
    };
    let lat = coordinate(field(2), field(3), 'N', 'S', 90.0)?;
    let lon = coordinate(field(4), field(5), 'E', 'W', 180.0)?;
    let mut record = Record::at(time, 0.0, 0.0);
    match (lat, lon) {
        (Some(lat), Some(lon)) => {
            record.latitude = lat;
            record.longitude = lon;
        }
        (None, None) => {
            record.valid = false;
            record.source = FixSource::None;
        }
        _ => return Err(DataError::Coordinates),
    }
    let motion = |i: usize, range: std::ops::RangeInclusive<f64>| match field(i) {
        None => Ok(0.0),
        Some(text) => number(text)
            .filter(|v| range.contains(v))
            .ok_or(DataError::Motion),
    };
    record.speed_kmh = motion(6, 0.0..=f64::MAX)?;
    record.course_deg = motion(7, 0.0..=360.0)?;
    record.altitude_m = motion(8, f64::MIN..=f64::MAX)?;
    record.satellites = match field(9) {
        None => None,
        Some(text) => Some(text.parse::<u8>().map_err(|_| DataError::Satellites)?),
    };
    // No validity flag exists: a fix is valid when it has coordinates and
    // the device did not report zero satellites.
    record.valid = record.source == FixSource::Gnss && record.satellites != Some(0);
    if shape == Shape::Full {
        record.hdop = match field(10) {
            None => None,
            Some(text) => Some(
                number(text)
                    .filter(|v| *v >= 0.0)
                    .ok_or(DataError::Satellites)?,
            ),
        };
        io::inputs_outputs(field(11), field(12), &mut record)?;
        io::adc(field(13), &mut record)?;
        io::ibutton(field(14), &mut record);
        io::params(field(15), &mut record)?;
    }
    Ok(record)
}

/// `DDMMYY` and `HHMMSS[.fraction]`.
fn fix_time(date: &str, time: &str) -> Option<i64> {
    let (whole, fraction) = time.split_once('.').unwrap_or((time, ""));
    let [day, month, year] = pairs(date)?;
    let [hour, minute, second] = pairs(whole)?;
    let ms = if fraction.is_empty() {
        0
    } else {
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Milliseconds from the first three fraction digits.
        let digits: String = fraction.chars().chain("000".chars()).take(3).collect();
        digits.parse::<i64>().ok()?
    };
    let base = utc_ms(2000 + i64::from(year), month, day, hour, minute, second)?;
    Some(base + ms)
}

/// Three two-digit numbers from exactly six ASCII digits.
fn pairs(text: &str) -> Option<[u32; 3]> {
    let b = text.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    Some([two(0), two(2), two(4)])
}

/// `DDMM.MMMM` (or `DDDMM.MMMM`) and a hemisphere letter, in degrees.
fn coordinate(
    value: Option<&str>,
    hemisphere: Option<&str>,
    positive: char,
    negative: char,
    limit: f64,
) -> Result<Option<f64>, DataError> {
    let (value, hemisphere) = match (value, hemisphere) {
        (None, None) => return Ok(None),
        (Some(v), Some(h)) => (v, h),
        _ => return Err(DataError::Coordinates),
    };
    let raw = number(value)
        .filter(|v| *v >= 0.0)
        .ok_or(DataError::Coordinates)?;
    let degrees = (raw / 100.0).trunc();
    let decimal = degrees + (raw - degrees * 100.0) / 60.0;
    let signed = match hemisphere.chars().next() {
        Some(c) if c == positive && hemisphere.len() == 1 => decimal,
        Some(c) if c == negative && hemisphere.len() == 1 => -decimal,
        _ => return Err(DataError::Coordinates),
    };
    if signed.abs() > limit {
        return Err(DataError::Coordinates);
    }
    Ok(Some(signed))
}
