//! What each Totem message means.
//!
//! After `$$` and the length, a long-form message (`$$0…`) has a two-
//! character type, the device id and, unless it is a keep-alive, `|` and
//! its data; a short-form one (`$$LL`) has the device id, `|`, a two-
//! character alarm code and its data. The data comes in several layouts,
//! told apart by their form:
//!
//! | form | data | becomes |
//! |---|---|---|
//! | long, no `\|` | none | a keep-alive |
//! | long, fixed width | status (8 hex), `yyMMddHHmmss`, readings, `DDMM.MMMMN` `DDDMM.MMMME`, a tail | one record: valid when status bit 27 is set |
//! | long, commas | `yyMMddHHmmss`, longitude, latitude (signed degrees), more fields | one record, valid |
//! | short, `$GPRMC` | the receiver's `$GPRMC` sentence, then `\|` PDOP, HDOP, VDOP, status, time, voltage, ADC, cell and more | one record: valid when the sentence's status is `A` |
//! | short, `\|` fields | `ddMMyyHHmmss` (day first, as the corpus's exact fix shows), `A`/`V`, latitude, N/S, longitude, E/W, speed (knots), course, HDOP, more | one record: valid when `A` |
//! | short, fixed width | `yyMMddHHmmss`, readings, `DDMM.MMMMN` `DDDMM.MMMME`, a tail | one record, valid |
//!
//! A report whose date is all zeros (a receiver that never had a fix)
//! becomes a location-less record dated on arrival, its data kept raw.
//! Fields trackgate does not name are kept raw as text: the type or
//! alarm code (`alarm`), the status, and the rest under their names or
//! positions. A position at exactly 0, 0 is not a fix.

use crate::codec::DecodeError;
use crate::fix::{self, KMH_PER_KNOT, coordinate, ddmmyy_hhmmss, decimal};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::Form;

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A keep-alive (a long-form message without data).
    KeepAlive,
    /// A report, as one record.
    Report(Record),
}

/// The status bit long-form fixed-width reports set when the fix is valid.
const STATUS_FIX: u32 = 1 << 27;

/// Decodes a checked message's text (its checksum removed); `now_ms`
/// dates location-less records.
pub fn message(form: Form, text: &str, now_ms: i64) -> Result<(DeviceId, Body), DecodeError> {
    let (alarm, rest) = match form {
        Form::Long => (text.get(6..8), text.get(8..)),
        Form::Short => (None, text.get(4..)),
    };
    let rest = rest.ok_or_else(|| DecodeError::malformed("no device id"))?;
    let (id, data) = match rest.split_once('|') {
        Some((id, data)) => (id, Some(data)),
        None => (rest, None),
    };
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("device id {id:?}")));
    }
    let device = DeviceId(id.to_owned());
    let body = match (form, data) {
        (Form::Long, None) => Body::KeepAlive,
        (Form::Short, None) => return Err(DecodeError::malformed("a report without data")),
        (Form::Long, Some(data)) => {
            let mut record = match data.contains(',') {
                true => commas(data, now_ms)?,
                false => long_fixed(data, now_ms)?,
            };
            record
                .io
                .insert(0, text_io("alarm", alarm.unwrap_or_default()));
            Body::Report(record)
        }
        (Form::Short, Some(data)) => {
            let alarm = data
                .get(..2)
                .ok_or_else(|| DecodeError::malformed("no alarm code"))?;
            let rest = &data[2..];
            let mut record = if rest.starts_with("$GPRMC,") {
                gprmc(rest, now_ms)?
            } else if rest.as_bytes().get(12) == Some(&b'|') {
                piped(rest, now_ms)?
            } else {
                short_fixed(rest, now_ms)?
            };
            record.io.insert(0, text_io("alarm", alarm));
            Body::Report(record)
        }
    };
    Ok((device, body))
}

/// Long form, fixed width: status, time, readings, position, tail.
fn long_fixed(data: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let status = data
        .get(..8)
        .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|s| u32::from_str_radix(s, 16).ok())
        .ok_or_else(|| DecodeError::malformed("status"))?;
    let mut record = fixed(&data[8..], now_ms)?;
    record.valid &= status & STATUS_FIX != 0;
    record.io.insert(0, text_io("status", &data[..8]));
    Ok(record)
}

/// Short form, fixed width: time, readings, position, tail.
fn short_fixed(data: &str, now_ms: i64) -> Result<Record, DecodeError> {
    fixed(data, now_ms)
}

/// `yyMMddHHmmss`, readings, `DDMM.MMMM[NS]DDDMM.MMMM[EW]`, a tail.
fn fixed(data: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let time = data
        .get(..12)
        .ok_or_else(|| DecodeError::malformed("no time"))?;
    if zeros(time) {
        return Ok(no_fix(now_ms, data));
    }
    let time = fix::yymmddhhmmss(time).ok_or_else(|| bad("time", time))?;
    let (at, latitude, longitude) =
        find_position(data).ok_or_else(|| DecodeError::malformed("no position"))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = latitude != 0.0 || longitude != 0.0;
    record.io.push(text_io("readings", &data[12..at]));
    record.io.push(text_io("tail", &data[at + POSITION_LEN..]));
    Ok(record)
}

/// `yyMMddHHmmss,<longitude>,<latitude>,…` in signed decimal degrees.
fn commas(data: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let f: Vec<&str> = data.split(',').collect();
    if f.len() < 3 {
        return Err(DecodeError::malformed("fewer than 3 fields"));
    }
    if zeros(f[0]) {
        return Ok(no_fix(now_ms, data));
    }
    let time = fix::yymmddhhmmss(f[0]).ok_or_else(|| bad("time", f[0]))?;
    let longitude = fix::signed_degrees(f[1], 180.0).ok_or_else(|| bad("longitude", f[1]))?;
    let latitude = fix::signed_degrees(f[2], 90.0).ok_or_else(|| bad("latitude", f[2]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = latitude != 0.0 || longitude != 0.0;
    for (i, field) in f.iter().enumerate().skip(3) {
        record.io.push(text_io(&format!("field_{i}"), field));
    }
    Ok(record)
}

/// Names of the `|` fields after a `$GPRMC` sentence, in order.
const AFTER_GPRMC: [&str; 8] = [
    "pdop", "hdop", "vdop", "status", "time", "voltage", "adc", "cell",
];

/// `$GPRMC,…*XX|<pdop>|<hdop>|…`.
fn gprmc(data: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let (sentence, after) = data
        .split_once('|')
        .ok_or_else(|| DecodeError::malformed("nothing after $GPRMC"))?;
    let sentence = sentence.split_once('*').map_or(sentence, |(s, _)| s);
    let f: Vec<&str> = sentence.split(',').collect();
    if f.len() < 10 {
        return Err(DecodeError::malformed("$GPRMC has fewer than 10 fields"));
    }
    let hhmmss = f[1].split('.').next().unwrap_or_default();
    let mut record = if zeros(f[9]) {
        no_fix(now_ms, sentence)
    } else {
        let time = ddmmyy_hhmmss(f[9], hhmmss).ok_or_else(|| bad("date and time", f[9]))?;
        let latitude = coordinate(f[3], f[4], 90.0).ok_or_else(|| bad("latitude", f[3]))?;
        let longitude = coordinate(f[5], f[6], 180.0).ok_or_else(|| bad("longitude", f[5]))?;
        let mut record = Record::at(time, latitude, longitude);
        record.valid = f[2] == "A" && (latitude != 0.0 || longitude != 0.0);
        record.speed_kmh = optional(f[7], "speed")? * KMH_PER_KNOT;
        record.course_deg = course(f[8])?;
        record
    };
    for (i, field) in after.split('|').enumerate() {
        match AFTER_GPRMC.get(i) {
            Some(name) => record.io.push(text_io(name, field)),
            None => record.io.push(text_io(&format!("field_{}", i + 1), field)),
        }
    }
    record.hdop = after.split('|').nth(1).and_then(decimal);
    Ok(record)
}

/// `ddMMyyHHmmss|A|DDMM.MMMM|N|DDDMM.MMMM|E|<knots>|<course>|<hdop>|…`.
fn piped(data: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let f: Vec<&str> = data.split('|').collect();
    if f.len() < 9 {
        return Err(DecodeError::malformed("fewer than 9 fields"));
    }
    if zeros(f[0]) {
        return Ok(no_fix(now_ms, data));
    }
    let time = f[0]
        .get(..6)
        .zip(f[0].get(6..))
        .and_then(|(date, time)| ddmmyy_hhmmss(date, time))
        .ok_or_else(|| bad("time", f[0]))?;
    let latitude = coordinate(f[2], f[3], 90.0).ok_or_else(|| bad("latitude", f[2]))?;
    let longitude = coordinate(f[4], f[5], 180.0).ok_or_else(|| bad("longitude", f[4]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = f[1] == "A" && (latitude != 0.0 || longitude != 0.0);
    record.speed_kmh = optional(f[6], "speed")? * KMH_PER_KNOT;
    record.course_deg = course(f[7])?;
    record.hdop = decimal(f[8]);
    for (i, field) in f.iter().enumerate().skip(8) {
        record.io.push(text_io(&format!("field_{i}"), field));
    }
    Ok(record)
}

/// A location-less record dated `now_ms`, `data` kept raw.
fn no_fix(now_ms: i64, data: &str) -> Record {
    let mut record = Record::at(now_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record.io.push(text_io("data", data));
    record
}

/// Characters of `DDMM.MMMM[NS]DDDMM.MMMM[EW]`.
const POSITION_LEN: usize = 21;

/// The first `DDMM.MMMM[NS]DDDMM.MMMM[EW]` after the time: where it
/// starts, the latitude and the longitude.
fn find_position(data: &str) -> Option<(usize, f64, f64)> {
    let bytes = data.as_bytes();
    (12..bytes.len().saturating_sub(POSITION_LEN - 1)).find_map(|at| {
        let p = &bytes[at..at + POSITION_LEN];
        let shape = p[4] == b'.' && p[15] == b'.';
        let letters = matches!(p[9], b'N' | b'S') && matches!(p[20], b'E' | b'W');
        if !(shape && letters) {
            return None;
        }
        let text = &data[at..at + POSITION_LEN];
        let latitude = coordinate(&text[..9], &text[9..10], 90.0)?;
        let longitude = coordinate(&text[10..20], &text[20..], 180.0)?;
        Some((at, latitude, longitude))
    })
}

/// Whether a field is empty or all zero digits (a receiver without a date).
fn zeros(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b == b'0')
}

/// A number, or 0 when the field is empty.
fn optional(text: &str, what: &str) -> Result<f64, DecodeError> {
    match text.is_empty() {
        true => Ok(0.0),
        false => decimal(text).ok_or_else(|| bad(what, text)),
    }
}

/// A course in degrees (0 when empty), at most 360.
fn course(text: &str) -> Result<f64, DecodeError> {
    let course = optional(text, "course")?;
    match course <= 360.0 {
        true => Ok(course),
        false => Err(bad("course", text)),
    }
}

fn bad(what: &str, field: &str) -> DecodeError {
    DecodeError::malformed(format!("{what}: {field:?}"))
}

fn text_io(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
