//! Instruction answers 0x80 and broadcast data 0x81.
//!
//! An instruction answer is `type (1) | server flag (4) | text`, the flag
//! being the one of the instruction it answers. The answer
//! to a position query is text such as
//! `Lat:N31.83955,Lon:W82.61346,Course:0.00,Speed:0.00km/h,DateTime:2017-12-02 11:29:43`
//! (fields separated by `,` or a line feed; `Date Time` with a space on some
//! firmware). Such an answer becomes a record, the text kept raw beside it;
//! any other answer is text. The time is taken as UTC: the text names no
//! zone.

use crate::codec::DecodeError;
use crate::fix::{decimal, utc_ms};
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::Body;

/// Decodes an instruction answer.
pub fn instruction(content: &[u8]) -> Result<Body, DecodeError> {
    let mut r = Reader::new(content);
    let _kind = r.u8("instruction type")?;
    let flag = r.u32("server flag")?;
    let text = printable(r.rest());
    Ok(match position(&text) {
        Some(mut record) => {
            record.io.push(IoElement {
                key: IoKey::Name("text".into()),
                value: IoValue::Text(text),
            });
            Body::Records(vec![record])
        }
        None => Body::Answer { flag, text },
    })
}

/// The text of `bytes`, invalid UTF-8 replaced, control characters other
/// than line breaks dropped.
pub fn printable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}

/// The position a query answer's text describes, if it describes one.
pub fn position(text: &str) -> Option<Record> {
    let (mut lat, mut lon, mut course, mut speed, mut time) = (None, None, 0.0, 0.0, None);
    for field in text.split([',', '\n']) {
        let Some((key, value)) = field.split_once(':') else {
            continue;
        };
        let key: String = key
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let value = value.trim();
        match key.as_str() {
            "lat" => lat = signed(value, 'N', 'S', 90.0),
            "lon" => lon = signed(value, 'E', 'W', 180.0),
            "course" => course = decimal(value).filter(|c| *c <= 360.0)?,
            "speed" => {
                let number = value.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '/');
                speed = decimal(number)?;
            }
            "datetime" => time = date_time(value),
            _ => {}
        }
    }
    let mut record = Record::at(time?, lat?, lon?);
    record.course_deg = course % 360.0;
    record.speed_kmh = speed;
    record.source = FixSource::Gnss;
    Some(record)
}

/// `N31.83955` / `W82.61346`: a hemisphere letter, then decimal degrees.
fn signed(text: &str, plus: char, minus: char, max: f64) -> Option<f64> {
    let mut chars = text.chars();
    let sign = match chars.next()? {
        c if c == plus => 1.0,
        c if c == minus => -1.0,
        _ => return None,
    };
    decimal(chars.as_str())
        .filter(|d| *d <= max)
        .map(|d| sign * d)
}

/// `YYYY-MM-DD hh:mm:ss`.
fn date_time(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(' ')?;
    let mut d = date.split('-').map(|p| p.parse::<u32>().ok());
    let mut t = time.trim().split(':').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let (hour, minute, second) = (t.next()??, t.next()??, t.next()??);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    utc_ms(i64::from(year), month, day, hour, minute, second)
}
