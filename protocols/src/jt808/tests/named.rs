//! Traccar attribute names and values as the named values the codec
//! decodes them to, for the corpus replay.

use serde_json::Value as Json;

use crate::message::Message;
use crate::sensor::{NamedValue, Sensor, Value};

/// A Traccar attribute as the named value we decode it to, or `None` when
/// it has no named counterpart.
pub(super) fn named(key: &str, value: &Json) -> Option<(Sensor, Value)> {
    let input = |name: String| Sensor::Input(name.into());
    let state = |name: String| Sensor::State(name.into());
    let number = || value.as_f64().map(Value::Number);
    Some(match split_numbered(key) {
        ("tire", Some(n), "Pressure") => (input(format!("tire_{n}_pressure")), number()?),
        ("lock", Some(n), "Battery") => (input(format!("lock_{n}_battery_voltage")), number()?),
        ("lock", Some(n), "Locked") => (state(format!("lock_{n}_locked")), bool(value)?),
        ("temp", Some(n), "") => (input(format!("ext_temp_sensor_{n}")), number()?),
        ("fuel", Some(n), "") => (input(format!("fuel_level_{n}")), number()?),
        _ => match key {
            // Several alarms at once are checked one by one by the caller.
            "alarm" if value.as_str()?.contains(',') => return None,
            "alarm" => (Sensor::Alarm, Value::Text(alarm_name(value.as_str()?))),
            "battery" => (input("battery_voltage".into()), number()?),
            "power" => (input("board_voltage".into()), number()?),
            "deviceTemp" => (input("temperature".into()), number()?),
            "batteryLevel" => (Sensor::BatteryLevel, number()?),
            "motion" => (Sensor::Motion, bool(value)?),
            "charge" => (state("charging".into()), bool(value)?),
            "door" => (state("door".into()), bool(value)?),
            "iccid" | "timezone" => (state(key.into()), Value::Text(value.as_str()?.into())),
            _ => return None,
        },
    })
}

fn bool(value: &Json) -> Option<Value> {
    value.as_bool().map(Value::Bool)
}

/// `tire1Pressure` → ("tire", Some(1), "Pressure").
fn split_numbered(key: &str) -> (&str, Option<u32>, &str) {
    let Some(start) = key.find(|c: char| c.is_ascii_digit()) else {
        return (key, None, "");
    };
    let end = key[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(key.len(), |e| start + e);
    (&key[..start], key[start..end].parse().ok(), &key[end..])
}

/// Traccar's alarm names in our spelling.
fn alarm_name(traccar: &str) -> String {
    match traccar {
        "hardAcceleration" => "harsh_acceleration".into(),
        "hardBraking" => "harsh_braking".into(),
        "hardCornering" => "harsh_cornering".into(),
        other => {
            let mut out = String::new();
            for c in other.chars() {
                if c.is_ascii_uppercase() {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        }
    }
}

/// Whether some record of `message` carries `sensor` with `want`.
pub(super) fn carries(message: &Message, sensor: &Sensor, want: &Value) -> bool {
    let Message::Records { records, .. } = message else {
        return false;
    };
    records
        .iter()
        .flat_map(|r| r.values.iter())
        .any(|v: &NamedValue| &v.sensor == sensor && same(&v.value, want))
}

fn same(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => (a - b).abs() < 1e-9,
        _ => got == want,
    }
}

#[test]
fn traccar_names_split_and_convert() {
    assert_eq!(
        split_numbered("tire12Pressure"),
        ("tire", Some(12), "Pressure")
    );
    assert_eq!(split_numbered("alarm"), ("alarm", None, ""));
    assert_eq!(alarm_name("powerOff"), "power_off");
    assert_eq!(alarm_name("sos"), "sos");
    assert_eq!(alarm_name("hardBraking"), "harsh_braking");
}
