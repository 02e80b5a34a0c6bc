//! Status packets (0x13, 0x23) and the device's text answers to server
//! commands (0x15, 0x21).
//!
//! Status packets carry no time and no location; they become one record
//! dated when the packet arrived, with
//! [`FixSource::None`](crate::FixSource::None).

use crate::codec::DecodeError;
use crate::record::Record;

use super::super::io;
use super::super::reader::Reader;
use super::blocks::{self, undated};
use super::kind;
use super::location::status_fields;

/// 0x13: terminal info, voltage level, GSM level, alarm and language.
pub(crate) fn status(content: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = undated(now_ms);
    let info = r.u8("terminal info")?;
    let voltage = r.u8("voltage level")?;
    let gsm = r.u8("GSM level")?;
    status_fields(&mut record, info, Some(voltage), gsm);
    if r.remaining() >= 2 {
        let code = r.u8("alarm")?;
        let language = r.u8("language")?;
        record.io.push(blocks::number("alarm", u64::from(code), 1));
        record
            .io
            .push(blocks::number("language", u64::from(language), 1));
        record.values.extend(io::alarm(code));
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x23: terminal info, battery voltage (hundredths of a volt), GSM level
/// and language.
pub(crate) fn heartbeat(content: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = undated(now_ms);
    let info = r.u8("terminal info")?;
    let centivolts = r.u16("battery voltage")?;
    let gsm = r.u8("GSM level")?;
    status_fields(&mut record, info, None, gsm);
    record
        .io
        .push(blocks::number("battery_voltage", u64::from(centivolts), 2));
    record.values.push(io::battery_voltage(centivolts));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// The answer's server flag and text. 0x15: command length (1), server
/// flag (4), text, language (2). 0x21: server flag (4), encoding (1: ASCII,
/// 2: UTF-16BE), text. Trailing NULs (fixed-size text fields) are trimmed.
/// The flag is the one the answered 0x80 command carried.
pub(crate) fn response(kind: u8, content: &[u8]) -> Result<(u32, String), DecodeError> {
    let mut r = Reader::new(content);
    let (flag, text) = if kind == kind::STRING {
        let _length = r.u8("command length")?;
        let flag = r.u32("server flag")?;
        let rest = r.rest();
        let text = rest.get(..rest.len().saturating_sub(2)).unwrap_or_default();
        (flag, String::from_utf8_lossy(text).into_owned())
    } else {
        let flag = r.u32("server flag")?;
        let encoding = r.u8("encoding")?;
        let rest = r.rest();
        if encoding == 2 {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            (flag, String::from_utf16_lossy(&units))
        } else {
            (flag, String::from_utf8_lossy(rest).into_owned())
        }
    };
    Ok((flag, text.trim_end_matches('\0').to_owned()))
}

/// The answer to a position query, `Current position!Lat:N54.739332,
/// Lon:E25.273270,Course:126.53,Speed:0.0000,DateTime:2017-05-26  10:27:47`,
/// as a record (speed in km/h, time UTC); `None` for any other text.
pub(crate) fn position_answer(text: &str) -> Option<Record> {
    let rest = text.strip_prefix("Current position!")?;
    let mut fields = rest.split(',');
    let mut field = |name: &str| fields.next()?.strip_prefix(name).map(str::trim);
    let lat = hemisphere(field("Lat:")?, 'N', 'S')?;
    let lon = hemisphere(field("Lon:")?, 'E', 'W')?;
    let course: f64 = field("Course:")?.parse().ok()?;
    let speed: f64 = field("Speed:")?.parse().ok()?;
    let when = field("DateTime:")?;
    let (date, time) = when.split_once(' ')?;
    let number = |s: &str| s.parse::<u32>().ok();
    let mut d = date.split('-').map(number);
    let mut t = time.trim().split(':').map(number);
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    if year > 9999 {
        return None;
    }
    let (hour, minute, second) = (t.next()??, t.next()??, t.next()??);
    let ms = crate::datetime::utc_ms(i64::from(year), month, day, hour, minute, second)?;
    let valid = (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && (0.0..360.0).contains(&course)
        && speed >= 0.0;
    if !valid {
        return None;
    }
    let mut record = Record::at(ms, lat, lon);
    record.course_deg = course;
    record.speed_kmh = speed;
    record.io.push(blocks::named("text", text.to_owned()));
    Some(record)
}

/// `N54.739332` → 54.739332, `S…` → negative.
fn hemisphere(field: &str, positive: char, negative: char) -> Option<f64> {
    let mut chars = field.chars();
    let sign = match chars.next()? {
        c if c == positive => 1.0,
        c if c == negative => -1.0,
        _ => return None,
    };
    chars.as_str().parse::<f64>().ok().map(|v| sign * v)
}
