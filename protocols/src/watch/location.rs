//! The position run of `UD`, `UD2`, `UD3`, `UD_LTE`, `UD_WCDMA`, `AL…` and
//! `WT` messages, and the status word's alarms.
//!
//! ```text
//! UD,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,00000000,<network…>
//!    ddmmyy hhmmss fix latitude    longitude     km/h course alt sats gsm% battery% steps rolls status
//! ```
//!
//! Coordinates are decimal degrees. Some firmware writes a signed number
//! and a hemisphere letter that disagree (`-70.76,E`) or leave the letter
//! empty: the number's sign is kept, and `S` / `W` only ever make it
//! negative. The network part that follows the status (cell count, timing
//! advance, MCC, MNC, cells, Wi-Fi count, Wi-Fi, accuracy) varies between
//! firmware versions and is kept raw as text under `network`.
//!
//! Status word (8 hex digits, some firmware sends 4): the high 16 bits are
//! alarms, the low 16 bits state; every bit is kept raw under `status`.
//!
//! | bit | alarm |
//! |---|---|
//! | 16 | `sos` |
//! | 17 | `low_battery` |
//! | 18 | `geofence_exit` |
//! | 19 | `geofence_enter` |
//! | 20 | `removing` (taken off the wrist) |
//! | 21, 22 | `fall_down` |

use std::borrow::Cow;

use crate::codec::DecodeError;
use crate::fix::ddmmyy_hhmmss;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// Alarm names of the status word's high bits.
pub const ALARMS: [(u32, &str); 7] = [
    (16, "sos"),
    (17, "low_battery"),
    (18, "geofence_exit"),
    (19, "geofence_enter"),
    (20, "removing"),
    (21, "fall_down"),
    (22, "fall_down"),
];

fn raw(record: &mut Record, name: &str, value: &str) {
    record.io.push(IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    });
}

fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0.0);
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A coordinate: its own sign, negated by `S` / `W` if positive.
fn coordinate(text: &str, letter: &str, limit: f64) -> Option<f64> {
    let value = number(text)?;
    let value = match letter.trim() {
        "S" | "W" => -value.abs(),
        "" | "N" | "E" => value,
        _ => return None,
    };
    (value.abs() <= limit).then_some(value)
}

/// Decodes the fields after the message type.
pub fn decode(fields: &[&str]) -> Result<Record, DecodeError> {
    if fields.len() < 16 {
        return Err(DecodeError::malformed("position has fewer than 16 fields"));
    }
    let bad = |what: &str| DecodeError::malformed(format!("position {what}"));
    let time = ddmmyy_hhmmss(fields[0], fields[1]).ok_or_else(|| bad("date or time"))?;
    let valid = match fields[2] {
        "A" => true,
        "V" => false,
        _ => return Err(bad("validity is neither A nor V")),
    };
    let lat = coordinate(fields[3], fields[4], 90.0).ok_or_else(|| bad("latitude"))?;
    let lon = coordinate(fields[5], fields[6], 180.0).ok_or_else(|| bad("longitude"))?;
    let mut record = Record::at(time, lat, lon);
    record.valid = valid;
    if !valid && lat == 0.0 && lon == 0.0 {
        record.source = FixSource::None;
    }
    record.speed_kmh = number(fields[7]).ok_or_else(|| bad("speed"))?;
    let course = number(fields[8]).ok_or_else(|| bad("course"))?;
    if (0.0..=360.0).contains(&course) {
        record.course_deg = course;
    }
    let altitude = number(fields[9]).ok_or_else(|| bad("altitude"))?;
    if (-12_000.0..=18_000.0).contains(&altitude) {
        record.altitude_m = altitude;
    }
    let names = [
        "satellites",
        "gsm_signal",
        "battery",
        "steps",
        "rolls",
        "status",
    ];
    for (name, value) in names.iter().zip(&fields[10..16]) {
        raw(&mut record, name, value);
    }
    record.satellites = fields[10].parse().ok();
    let percent = |text: &str| text.parse::<u8>().ok().filter(|p| *p <= 100);
    if let Some(gsm) = percent(fields[11]) {
        let value = Value::Number(f64::from(gsm));
        record
            .values
            .push(NamedValue::new(Sensor::GsmSignal, value));
    }
    if let Some(battery) = percent(fields[12]) {
        let value = Value::Number(f64::from(battery));
        record
            .values
            .push(NamedValue::new(Sensor::BatteryLevel, value));
    }
    if let Ok(steps) = fields[13].parse::<u32>() {
        let sensor = Sensor::Input(Cow::Borrowed("steps"));
        let value = Value::Number(f64::from(steps));
        record.values.push(NamedValue::new(sensor, value));
    }
    let status = u32::from_str_radix(fields[15], 16).map_err(|_| bad("status word"))?;
    record.values.extend(alarms(status));
    if fields.len() > 16 {
        raw(&mut record, "network", &fields[16..].join(","));
    }
    Ok(record)
}

/// The alarms a status word raises (bit 21 and 22 both mean a fall).
pub fn alarms(status: u32) -> Vec<NamedValue> {
    let mut names: Vec<&str> = ALARMS
        .iter()
        .filter(|(bit, _)| status & (1 << bit) != 0)
        .map(|(_, name)| *name)
        .collect();
    names.dedup();
    names
        .into_iter()
        .map(|name| NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned())))
        .collect()
}
