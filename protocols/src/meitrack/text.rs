//! The text position report `AAA` (and `AFF`, the same report behind one
//! extra leading field).
//!
//! `AAA,<event>,<lat>,<lon>,<yymmddHHMMSS>,<A|V>,<satellites>,<gsm>,<speed>,`
//! `<course>,<hdop>,<altitude>,<mileage>,<run time>,<mcc|mnc|lac|cell>,`
//! `<io>,<ad1|ad2|ad3|battery|power>[,<more>…]`
//!
//! Coordinates are signed decimal degrees, the time is UTC, speed is km/h,
//! mileage metres, run time seconds, I/O four hex digits (inputs high
//! byte). Fields from the base station on may be missing or empty; fields
//! after the analog inputs (assisted event data, RFID, fuel, temperature
//! sensors, …) differ per model and are kept raw as `field_<n>`.

use crate::codec::DecodeError;
use crate::fix;
use crate::record::Record;

use super::io;

/// Decodes the data of an `AAA` report (everything after `AAA,`).
pub fn position(data: &str) -> Result<Record, DecodeError> {
    let fields: Vec<&str> = data.split(',').map(str::trim).collect();
    let field = |i: usize| fields.get(i).copied().unwrap_or_default();
    if fields.len() < 5 {
        return Err(bad("report has fewer than five fields"));
    }
    let event = fix::digits(field(0)).ok_or_else(|| bad("event code"))?;
    let latitude = degrees(field(1), 90.0).ok_or_else(|| bad("latitude"))?;
    let longitude = degrees(field(2), 180.0).ok_or_else(|| bad("longitude"))?;
    let time = field(3);
    let fix_time_ms = (time.len() == 12)
        .then(|| fix::ddmmyy_hhmmss(&swap_date(&time[..6]), &time[6..]))
        .flatten()
        .ok_or_else(|| bad("date and time"))?;

    let mut record = Record::at(fix_time_ms, latitude, longitude);
    record.valid = field(4) == "A";
    record.event = Some(event);
    record.satellites = optional(field(5), "satellites")?.map(|n| n.min(255.0) as u8);
    record.speed_kmh = optional(field(7), "speed")?.unwrap_or(0.0);
    let course = optional(field(8), "course")?.unwrap_or(0.0);
    if course > 360.0 {
        return Err(bad("course"));
    }
    record.course_deg = course;
    record.hdop = optional(field(9), "hdop")?;
    record.altitude_m = signed(field(10)).ok_or_else(|| bad("altitude"))?;

    record.io.push(io::uint("event", u64::from(event), 2));
    record.values.extend(io::alarm(event));
    if let Some(csq) = fix::digits(field(6)) {
        record.io.push(io::uint("gsm", u64::from(csq), 1));
        record.values.push(io::gsm_signal(csq));
    }
    if let Some(metres) = optional(field(11), "mileage")? {
        record.io.push(io::text("mileage", field(11)));
        record.values.push(io::odometer(metres));
    }
    for (i, name) in [(12, "run_time"), (13, "base_station")] {
        if !field(i).is_empty() {
            record.io.push(io::text(name, field(i)));
        }
    }
    if let Some(status) = hex16(field(14)) {
        record.io.push(io::uint("io", u64::from(status), 2));
        let [inputs, outputs] = status.to_be_bytes();
        record.values.extend(io::inputs(inputs));
        record.values.extend(io::outputs(outputs));
    }
    analogs(&mut record, field(15));
    for (n, extra) in fields.iter().enumerate().skip(16) {
        if !extra.is_empty() {
            record.io.push(io::text(format!("field_{n}"), extra));
        }
    }
    Ok(record)
}

/// `ad1|ad2|ad3|battery|power`: each kept raw; the last two are named.
fn analogs(record: &mut Record, field: &str) {
    if field.is_empty() {
        return;
    }
    record.io.push(io::text("analog", field));
    let parts: Vec<&str> = field.split('|').collect();
    for (i, name) in [(3, "battery_voltage"), (4, "board_voltage")] {
        if let Some(volts) = parts.get(i).and_then(|p| io::volts(p)) {
            record.values.push(io::input(name, volts));
        }
    }
}

/// `yymmdd` as `ddmmyy`.
fn swap_date(yymmdd: &str) -> String {
    match (yymmdd.get(..2), yymmdd.get(2..4), yymmdd.get(4..)) {
        (Some(y), Some(m), Some(d)) => format!("{d}{m}{y}"),
        _ => String::new(),
    }
}

/// Signed decimal degrees within ±`max`.
fn degrees(text: &str, max: f64) -> Option<f64> {
    signed(text).filter(|v| v.abs() <= max && !text.is_empty())
}

/// A signed decimal number; empty reads as zero.
fn signed(text: &str) -> Option<f64> {
    if text.is_empty() {
        return Some(0.0);
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An unsigned decimal number, or `None` when the field is empty.
fn optional(text: &str, what: &str) -> Result<Option<f64>, DecodeError> {
    if text.is_empty() {
        return Ok(None);
    }
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad(what));
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| bad(what))
}

/// Up to four hex digits.
fn hex16(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

fn bad(what: &str) -> DecodeError {
    DecodeError::malformed(format!("AAA report: invalid {what}"))
}
