//! The text of a Meiligao position report, one record.
//!
//! `<GPRMC fields>|<HDOP>|<altitude>|<state>|<AD1,AD2,…>|<tail…>`: the
//! GPRMC part is `hhmmss[.sss],A|V,DDMM.MMMM,N|S,DDDMM.MMMM,E|W,<speed,
//! knots>,<course>,<ddmmyy>[,<magnetic variation>,<direction>[,<mode>]]
//! [*XX]` (the NMEA checksum is not checked: the packet's CRC covers it).
//! Everything after the date may be missing, and so may every `|` field.
//!
//! The tail differs between firmware versions; each field is recognised
//! by its form, in the order the vendor's document gives them:
//!
//! | form | meaning | kept as |
//! |---|---|---|
//! | 16 or 20 hex digits | base station: MCC, MNC, LAC (4 each), cell id | `base_station` (text) |
//! | 2 hex digits, after a base station | CSQ, 0–31 | `csq`, named `gsm_signal` ([`super::io`]) |
//! | 8 hex digits, or 9 decimal digits | mileage in metres | `mileage`, named `odometer` |
//! | 1–2 hex digits, after the mileage | satellites in use | [`Record::satellites`] |
//! | anything else | kept as sent | `field_<n>` (text), n counting `|` fields from 1 |

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, coordinate, decimal, digits, utc_ms};
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::io;

/// Decodes one report's text.
pub fn record(text: &str) -> Result<Record, DecodeError> {
    let mut fields = text.split('|');
    let rmc = fields.next().unwrap_or_default();
    let mut record = gprmc(rmc)?;
    let rest: Vec<&str> = fields.collect();
    let at = |i: usize| rest.get(i).copied().unwrap_or_default();
    if !at(0).is_empty() {
        record.hdop = Some(decimal(at(0)).ok_or_else(|| bad("HDOP", at(0)))?);
    }
    if !at(1).is_empty() {
        record.altitude_m = at(1).trim().parse().map_err(|_| bad("altitude", at(1)))?;
    }
    if !at(2).is_empty() {
        let state = hex(at(2)).ok_or_else(|| bad("state", at(2)))?;
        record.io.push(uint("state", state, 2));
    }
    if !at(3).is_empty() {
        for (n, ad) in at(3).split(',').enumerate() {
            let value = hex(ad).ok_or_else(|| bad("AD", ad))?;
            record.io.push(uint(&format!("ad_{}", n + 1), value, 2));
        }
    }
    tail(&mut record, rest.get(4..).unwrap_or_default());
    Ok(record)
}

/// The fields after the analog inputs, recognised by their form.
fn tail(record: &mut Record, fields: &[&str]) {
    let mut seen_base = false;
    let mut seen_mileage = false;
    let mut seen_csq = false;
    for (i, field) in fields.iter().enumerate() {
        let is_hex = !field.is_empty() && field.bytes().all(|b| b.is_ascii_hexdigit());
        let len = field.len();
        if is_hex && (len == 16 || len == 20) && !seen_base {
            seen_base = true;
            record.io.push(text("base_station", field));
        } else if is_hex && len == 2 && seen_base && !seen_csq && !seen_mileage {
            seen_csq = true;
            let csq = hex(field).unwrap_or_default();
            record.io.push(uint("csq", csq, 1));
            record.values.extend(io::gsm_signal(csq));
        } else if !seen_mileage && (is_hex && len == 8 || len == 9 && is_digits(field)) {
            seen_mileage = true;
            let metres = if len == 8 {
                hex(field)
            } else {
                field.parse().ok()
            };
            let metres = metres.unwrap_or_default();
            record.io.push(uint("mileage", metres, 4));
            record.values.push(io::odometer(metres));
        } else if is_hex && len <= 2 && seen_mileage && record.satellites.is_none() {
            record.satellites = hex(field).and_then(|n| u8::try_from(n).ok());
        } else if !field.is_empty() {
            record.io.push(text(&format!("field_{}", i + 5), field));
        }
    }
}

/// The GPRMC part: time, validity, position, speed, course and date.
fn gprmc(text: &str) -> Result<Record, DecodeError> {
    let text = match text.rfind('*') {
        Some(at) => &text[..at],
        None => text,
    };
    let f: Vec<&str> = text.split(',').collect();
    if f.len() < 9 {
        return Err(DecodeError::malformed(format!(
            "GPRMC part has {} fields, not at least 9",
            f.len()
        )));
    }
    let (clock, fraction) = f[0].split_once('.').unwrap_or((f[0], ""));
    let mut time = date_time(f[8], clock).ok_or_else(|| bad("date and time", text))?;
    time += millis(fraction).ok_or_else(|| bad("time", f[0]))?;
    let valid = match f[1] {
        "A" => true,
        "V" => false,
        other => return Err(bad("status", other)),
    };
    let latitude = coordinate(f[2], f[3], 90.0).ok_or_else(|| bad("latitude", f[2]))?;
    let longitude = coordinate(f[4], f[5], 180.0).ok_or_else(|| bad("longitude", f[4]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = valid;
    record.speed_kmh = optional(f[6], "speed")? * KMH_PER_KNOT;
    record.course_deg = optional(f[7], "course")?;
    if record.course_deg > 360.0 {
        return Err(bad("course", f[7]));
    }
    Ok(record)
}

/// `ddmmyy` + `hhmmss` as UTC milliseconds. Years 80–99 are 1980–1999:
/// a receiver without a fix reports its firmware's default date, and the
/// corpus has one of 1999.
pub fn date_time(date: &str, time: &str) -> Option<i64> {
    if date.len() != 6 || time.len() != 6 {
        return None;
    }
    let (d, t) = (digits(date)?, digits(time)?);
    let yy = i64::from(d % 100);
    let year = if yy >= 80 { 1900 + yy } else { 2000 + yy };
    utc_ms(
        year,
        d / 100 % 100,
        d / 10_000,
        t / 10_000,
        t / 100 % 100,
        t % 100,
    )
}

/// The milliseconds of a time's fraction (`978`, `00`, or none).
fn millis(fraction: &str) -> Option<i64> {
    if fraction.is_empty() {
        return Some(0);
    }
    if fraction.len() > 9 || !is_digits(fraction) {
        return None;
    }
    let padded = format!("{fraction:0<3}");
    padded[..3].parse().ok()
}

/// A decimal field that may be empty (zero).
fn optional(field: &str, what: &str) -> Result<f64, DecodeError> {
    if field.trim().is_empty() {
        return Ok(0.0);
    }
    decimal(field).ok_or_else(|| bad(what, field))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Up to 8 hex digits as a number.
fn hex(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 8 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(text, 16).ok()
}

fn bad(what: &str, field: &str) -> DecodeError {
    DecodeError::malformed(format!("{what}: {field:?}"))
}

/// A named raw number.
pub fn uint(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

/// A named raw text.
pub fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
