//! What both OsmAnd forms share: times, units, named values, raw values.

use std::borrow::Cow;

use crate::codec::DecodeError;
use crate::datetime;
use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// Kilometres per hour in one knot.
pub const KMH_PER_KNOT: f64 = 1.852;
/// Kilometres per hour in one metre per second.
pub const KMH_PER_MPS: f64 = 3.6;
/// Unix times above this are in milliseconds (it is 1973 in ms, 5138 in s).
const MS_THRESHOLD: f64 = 1e11;

/// A report's time in milliseconds since the epoch: Unix seconds or
/// milliseconds (with or without a fraction), or an ISO 8601 date and time
/// (`T` or a space between them, optional fraction, `Z`, `±hh:mm` or no
/// zone for UTC).
pub fn timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let value: f64 = text.parse().ok()?;
        let ms = if value > MS_THRESHOLD {
            value
        } else {
            value * 1000.0
        };
        return (ms.is_finite() && ms < 1e15).then_some(ms.round() as i64);
    }
    iso8601(text)
}

fn iso8601(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 19 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let mut ms = datetime::utc_ms(
        i64::from(num(0..4)?),
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    )?;
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let millis: String = fraction[..digits]
            .chars()
            .chain("00".chars())
            .take(3)
            .collect();
        ms += i64::from(millis.parse::<u32>().ok()?);
        rest = &fraction[digits..];
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let zone = &zone[1..];
            let (hours, minutes) = match zone.len() {
                5 if zone.as_bytes()[2] == b':' => (zone.get(0..2)?, zone.get(3..5)?),
                4 => (zone.get(0..2)?, zone.get(2..4)?),
                2 => (zone, "00"),
                _ => return None,
            };
            let hours: i64 = hours.parse().ok()?;
            let minutes: i64 = minutes.parse().ok()?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    Some(ms - offset_min * 60_000)
}

/// A number field, refused when it does not parse or is not finite.
pub fn number(key: &str, text: &str) -> Result<f64, DecodeError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| DecodeError::malformed(format!("{key} is not a number: {text:?}")))
}

/// A latitude and longitude, refused when out of range.
pub fn coordinates(lat: f64, lon: f64) -> Result<(f64, f64), DecodeError> {
    if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
        Ok((lat, lon))
    } else {
        Err(DecodeError::malformed(format!(
            "coordinates {lat},{lon} out of range"
        )))
    }
}

/// A boolean as these clients write them: `true`/`false`, `1`/`0`.
pub fn flag(text: &str) -> Option<bool> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") || t == "1" => Some(true),
        t if t.eq_ignore_ascii_case("false") || t == "0" => Some(false),
        _ => None,
    }
}

/// The named value a parameter carries, if trackgate knows it.
pub fn named(key: &str, text: &str) -> Option<NamedValue> {
    let number = || number(key, text).ok();
    let input = |name: &'static str| {
        number().map(|v| NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(v)))
    };
    match key {
        "batt" | "battery" => number()
            .filter(|v| (0.0..=100.0).contains(v))
            .map(|v| NamedValue::new(Sensor::BatteryLevel, Value::Number(v))),
        "ignition" => flag(text).map(|on| NamedValue::new(Sensor::Ignition, Value::Bool(on))),
        "motion" => flag(text).map(|on| NamedValue::new(Sensor::Motion, Value::Bool(on))),
        "charge" => flag(text).map(|on| {
            NamedValue::new(
                Sensor::State(Cow::Borrowed("external_power_state")),
                Value::Bool(on),
            )
        }),
        "odometer" => number().map(|m| NamedValue::new(Sensor::OdometerM, Value::Number(m))),
        "fuel" => input("fuel_level"),
        "rpm" => input("obd_rpm"),
        "driverUniqueId" => Some(NamedValue::new(
            Sensor::State(Cow::Borrowed("hardware_key")),
            Value::Text(text.to_owned()),
        )),
        _ => None,
    }
}

/// A parameter kept as it came, by name.
pub fn raw(key: &str, value: impl Into<String>) -> IoElement {
    IoElement {
        key: IoKey::Name(key.to_owned()),
        value: IoValue::Text(value.into()),
    }
}
