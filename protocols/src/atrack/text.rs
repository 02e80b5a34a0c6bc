//! Text reports (`@P,<crc>,<length>,<sequence>,<unit id>,<record>\r\n…`)
//! and text answers to commands (`$…\r\n`).
//!
//! A text record has the binary record's fields in the same order, as
//! decimal fields; times are Unix seconds or `YYYYMMDDhhmmss`. After the
//! text message, a field starting `%CI` is the custom form, and the fields
//! after it its values; without one, what follows stays raw as `extra`.
//! The CRC field is not verified (see the module docs).

use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::record::{IoValue, Record};

use super::custom;
use super::report::Fields;

/// A text report's header fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The sequence number's low 16 bits, echoed in the acknowledgement.
    pub sequence: u16,
    /// The unit id.
    pub unit: u64,
}

/// The standard fields of a record, before the text message.
const STANDARD: usize = 16;
/// The control character some firmware writes for an empty text message.
const SUB: &str = "\u{1a}";

/// Splits a text report into its header and records.
pub fn report(frame: &[u8]) -> Result<(Header, Vec<Record>), DecodeError> {
    let text = String::from_utf8_lossy(frame);
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty());
    let first = lines
        .next()
        .ok_or_else(|| DecodeError::malformed("empty text report"))?;
    let mut head = first.splitn(6, ',');
    let (_marker, _crc, _len) = (head.next(), head.next(), head.next());
    // Text sequence numbers run past 16 bits; the acknowledgement's field
    // has 16, so it carries the low 16 bits.
    let sequence = head
        .next()
        .and_then(|s| s.parse::<u32>().ok())
        .map(|n| n as u16)
        .ok_or_else(|| DecodeError::malformed("text report sequence"))?;
    let unit = head
        .next()
        .filter(|s| !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| DecodeError::malformed("text report unit id"))?;
    let first_record = head
        .next()
        .ok_or_else(|| DecodeError::malformed("text report without a record"))?;
    let mut records = vec![record(first_record)?];
    for line in lines {
        records.push(record(line)?);
    }
    Ok((Header { sequence, unit }, records))
}

fn num<T: std::str::FromStr>(field: Option<&str>, name: &str) -> Result<T, DecodeError> {
    field
        .map(str::trim)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| DecodeError::malformed(format!("text field {name}")))
}

/// Unix seconds, or a `YYYYMMDDhhmmss` date, in ms.
fn time_ms(field: Option<&str>, name: &str) -> Result<i64, DecodeError> {
    let s = field.unwrap_or_default();
    if s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()) {
        let part = |a: usize, b: usize| s[a..b].parse::<u32>().unwrap_or(0);
        return utc_ms(
            i64::from(part(0, 4)),
            part(4, 6),
            part(6, 8),
            part(8, 10),
            part(10, 12),
            part(12, 14),
        )
        .ok_or_else(|| DecodeError::malformed(format!("text field {name}: no such date")));
    }
    let seconds: u32 = num(field, name)?;
    Ok(i64::from(seconds) * 1000)
}

fn record(line: &str) -> Result<Record, DecodeError> {
    let fields: Vec<&str> = line.split(',').collect();
    let mut it = fields.iter().copied();
    let mut f = Fields {
        gps_ms: time_ms(it.next(), "GPS time")?,
        rtc: time_ms(it.next(), "RTC time")? / 1000,
        send: time_ms(it.next(), "sending time")? / 1000,
        longitude: num(it.next(), "longitude")?,
        latitude: num(it.next(), "latitude")?,
        heading: num(it.next(), "heading")?,
        report: num(it.next(), "report id")?,
        odometer: num(it.next(), "odometer")?,
        hdop: num(it.next(), "HDOP")?,
        inputs: num(it.next(), "inputs")?,
        speed: num(it.next(), "speed")?,
        outputs: num(it.next(), "outputs")?,
        analog: num(it.next(), "analog input")?,
        ..Fields::default()
    };
    f.driver = it.next().unwrap_or_default().to_owned();
    f.temperatures = [
        num(it.next(), "temperature 1")?,
        num(it.next(), "temperature 2")?,
    ];
    let rest = &fields[STANDARD.min(fields.len())..];
    if let Some(message) = rest.first() {
        f.text = if *message == SUB {
            String::new()
        } else {
            (*message).to_owned()
        };
    }
    let after = rest.get(1..).unwrap_or_default();
    match after.first() {
        Some(form) if form.starts_with("%CI") => {
            let mut values = after[1..].iter();
            for code in custom::codes(form) {
                let value = if code == "CI" {
                    (*form).to_owned()
                } else {
                    values.next().copied().unwrap_or_default().to_owned()
                };
                f.custom.push((code, IoValue::Text(value)));
            }
        }
        Some(_) => f.extra = Some(after.join(",")),
        None => {}
    }
    Ok(f.into_record())
}

/// A text answer to a command: its text, and the unit id an `$INFO=`
/// answer starts with.
pub fn answer(frame: &[u8]) -> (String, Option<u64>) {
    let text = String::from_utf8_lossy(frame);
    let text = text.trim_start_matches('$').trim_end_matches(['\r', '\n']);
    let unit = text
        .strip_prefix("INFO=")
        .and_then(|rest| rest.split(',').next())
        .filter(|id| !id.is_empty() && id.len() <= 19)
        .and_then(|id| id.parse().ok());
    (text.to_owned(), unit)
}
