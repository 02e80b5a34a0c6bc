//! Named values for GPS103's keywords and trailing fields.
//!
//! The second field of a report is a keyword: the reason it was sent. It
//! is always kept raw as `event`; these name an alarm or a state:
//!
//! | keyword                         | named value                     |
//! |---------------------------------|---------------------------------|
//! | `help me`                       | alarm `sos`                     |
//! | `low battery`                   | alarm `low_battery`             |
//! | `stockade`                      | alarm `geofence`                |
//! | `move`                          | alarm `movement`                |
//! | `speed`                         | alarm `overspeed`               |
//! | `ac alarm`                      | alarm `power_cut`               |
//! | `door alarm`                    | alarm `door`                    |
//! | `sensor alarm`                  | alarm `vibration`               |
//! | `accident alarm`                | alarm `accident`                |
//! | `bonnet alarm`, `footbrake alarm` | alarm `bonnet`, `footbrake`   |
//! | `acc on` / `acc off`            | ignition on / off               |
//!
//! Fields after the course (position reports): altitude, ACC (`1` = on →
//! ignition), door, fuel 1 and 2 (`%`, kept raw), temperature (°C →
//! `ext_temp_sensor_1`). OBD reports: RPM → `obd_rpm`, battery →
//! `board_voltage`; the rest raw.

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// The alarm a keyword raises, if any.
pub fn alarm_name(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "help me" => "sos",
        "low battery" => "low_battery",
        "stockade" => "geofence",
        "move" => "movement",
        "speed" => "overspeed",
        "ac alarm" => "power_cut",
        "door alarm" => "door",
        "sensor alarm" => "vibration",
        "accident alarm" => "accident",
        "bonnet alarm" => "bonnet",
        "footbrake alarm" => "footbrake",
        _ => return None,
    })
}

/// The named values a keyword carries.
pub fn keyword_values(keyword: &str) -> Vec<NamedValue> {
    let mut out = Vec::new();
    if let Some(name) = alarm_name(keyword) {
        out.push(NamedValue::new(Sensor::Alarm, Value::Text(name.into())));
    }
    match keyword {
        "acc on" => out.push(ignition(true)),
        "acc off" => out.push(ignition(false)),
        _ => {}
    }
    out
}

/// Ignition on/off.
pub fn ignition(on: bool) -> NamedValue {
    NamedValue::new(Sensor::Ignition, Value::Bool(on))
}

/// A seed 003 sensor input with a number.
pub fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// A signed decimal (`+22`, `-0.1`, `28`), if the text is one.
pub fn signed(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    crate::fix::decimal(digits).map(|v| if negative { -v } else { v })
}

/// A text field kept raw under its name.
pub fn text(name: impl Into<String>, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(value.to_owned()),
    }
}
