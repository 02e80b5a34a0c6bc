//! Named values for Topin packets.
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | status `13`, first byte (`status`) | battery_level | percent, when 0 to 100 |
//! | type `94` / `99` | alarm | `vibration` / `sos` |
//!
//! The status packet's other bytes stay raw: their meaning is not
//! published.

use crate::sensor::{NamedValue, Sensor, Value};

/// The battery level from the status packet's first byte.
pub fn battery(byte: u8) -> Option<NamedValue> {
    (byte <= 100).then(|| NamedValue::new(Sensor::BatteryLevel, Value::Number(byte.into())))
}

/// The alarm a packet type stands for.
pub fn alarm(kind: u8) -> Option<NamedValue> {
    let name = match kind {
        0x94 => "vibration",
        0x99 => "sos",
        _ => return None,
    };
    Some(NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned())))
}
