//! The JSON form, as background-geolocation plugins post it:
//!
//! ```json
//! {"device_id": "…", "location": {"timestamp": "2021-07-21T08:06:34.444Z",
//!   "coords": {"latitude": …, "longitude": …, "speed": …, "heading": …,
//!              "altitude": …, "accuracy": …},
//!   "is_moving": false, "odometer": 0, "event": "motionchange",
//!   "battery": {"level": 0.79, "is_charging": false},
//!   "activity": {"type": "still"}, "extras": {…}}}
//! ```
//!
//! `location` may also be an array of such objects (a batch); each becomes
//! a record. `coords.speed` is in metres per second and `battery.level` a
//! fraction of 1; `-1` means unknown in both, and in `heading`. A location
//! without `timestamp` is stamped with the server clock.

use serde_json::{Map, Value as Json};

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::record::Record;
use crate::sensor::{NamedValue, Sensor, Value};

use super::Clock;
use super::fields::{self, KMH_PER_MPS};

/// Locations accepted in one batch.
pub const MAX_BATCH: usize = 1000;

/// The device and its records.
pub fn decode(body: &[u8], clock: Clock) -> Result<(DeviceId, Vec<Record>), DecodeError> {
    let root: Json = serde_json::from_slice(body)
        .map_err(|e| DecodeError::malformed(format!("body is not JSON: {e}")))?;
    let device = match root.get("device_id") {
        Some(Json::String(id)) if !id.trim().is_empty() => id.trim().to_owned(),
        Some(Json::Number(id)) => id.to_string(),
        _ => return Err(DecodeError::malformed("no device_id")),
    };
    let records = match root.get("location") {
        Some(Json::Object(location)) => vec![record(location, clock)?],
        Some(Json::Array(batch)) if !batch.is_empty() && batch.len() <= MAX_BATCH => batch
            .iter()
            .map(|l| match l {
                Json::Object(location) => record(location, clock),
                _ => Err(DecodeError::malformed("a batch item is not an object")),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(DecodeError::malformed("no location object")),
    };
    Ok((DeviceId(device), records))
}

fn record(location: &Map<String, Json>, clock: Clock) -> Result<Record, DecodeError> {
    let coords = location
        .get("coords")
        .and_then(Json::as_object)
        .ok_or_else(|| DecodeError::malformed("location without coords"))?;
    let coordinate = |key: &str| {
        coords
            .get(key)
            .and_then(Json::as_f64)
            .ok_or_else(|| DecodeError::malformed(format!("coords.{key} missing")))
    };
    let (lat, lon) = fields::coordinates(coordinate("latitude")?, coordinate("longitude")?)?;
    let time = match location.get("timestamp") {
        Some(Json::String(text)) => fields::timestamp(text)
            .ok_or_else(|| DecodeError::malformed(format!("timestamp {text:?} is not a time")))?,
        Some(Json::Number(n)) => n
            .as_f64()
            .and_then(|v| fields::timestamp(&format!("{v}")))
            .ok_or_else(|| DecodeError::malformed("timestamp out of range"))?,
        _ => clock(),
    };
    let mut record = Record::at(time, lat, lon);
    let known = |key: &str| coords.get(key).and_then(Json::as_f64).filter(|v| *v >= 0.0);
    record.speed_kmh = known("speed").map_or(0.0, |mps| mps * KMH_PER_MPS);
    record.course_deg = known("heading").map_or(0.0, |h| h.rem_euclid(360.0));
    record.altitude_m = coords.get("altitude").and_then(Json::as_f64).unwrap_or(0.0);
    for (key, value) in coords {
        if !matches!(
            key.as_str(),
            "latitude" | "longitude" | "speed" | "heading" | "altitude"
        ) {
            keep(&mut record, key, value);
        }
    }
    for (key, value) in location {
        match key.as_str() {
            "coords" | "timestamp" => {}
            "is_moving" => flag(&mut record, Sensor::Motion, value),
            "odometer" => {
                if let Some(m) = value.as_f64() {
                    record
                        .values
                        .push(NamedValue::new(Sensor::OdometerM, Value::Number(m)));
                }
            }
            "battery" => battery(&mut record, value),
            "extras" | "activity" => {
                if let Json::Object(members) = value {
                    for (name, member) in members {
                        let name = if key == "activity" {
                            format!("activity_{name}")
                        } else {
                            name.clone()
                        };
                        if let Some(text) = scalar(member)
                            && let Some(named) = fields::named(&name, &text)
                        {
                            record.values.push(named);
                        }
                        keep(&mut record, &name, member);
                    }
                }
            }
            _ => keep(&mut record, key, value),
        }
    }
    Ok(record)
}

fn battery(record: &mut Record, value: &Json) {
    let Json::Object(battery) = value else {
        return;
    };
    if let Some(level) = battery.get("level").and_then(Json::as_f64)
        && (0.0..=1.0).contains(&level)
    {
        let percent = (level * 100.0).round();
        record.values.push(NamedValue::new(
            Sensor::BatteryLevel,
            Value::Number(percent),
        ));
    }
    if let Some(charging) = battery.get("is_charging") {
        flag(
            record,
            Sensor::State("external_power_state".into()),
            charging,
        );
    }
}

fn flag(record: &mut Record, sensor: Sensor, value: &Json) {
    if let Some(on) = value.as_bool() {
        record.values.push(NamedValue::new(sensor, Value::Bool(on)));
    }
}

/// A scalar's text: strings as they are, numbers and booleans written out.
fn scalar(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Keeps a scalar member raw, by name; nested objects and arrays are not
/// flattened (their scalars are what clients report).
fn keep(record: &mut Record, key: &str, value: &Json) {
    if let Some(text) = scalar(value) {
        record.io.push(fields::raw(key, text));
    }
}
