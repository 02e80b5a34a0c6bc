//! Named values for GT06 status fields.
//!
//! Every field is also kept raw in `Record::io` under its name (`IoKey::Name`).
//!
//! | raw field (io name)      | named value               | conversion                          |
//! |--------------------------|---------------------------|-------------------------------------|
//! | `terminal_info` bit 1    | ignition                  | ACC high = on                       |
//! | `terminal_info` bit 2    | external_power_state      | charging = on                       |
//! | `terminal_info` bit 7    | output_1                  | oil/electricity cut = on            |
//! | `terminal_info` bits 3–5 | alarm                     | 100 sos, 011 low_battery, 010 power_cut, 001 vibration |
//! | `voltage_level` (0–6)    | battery_level             | level × 100 / 6, rounded            |
//! | `gsm_level` (0–4)        | gsm_signal                | level × 25                          |
//! | `alarm`                  | alarm                     | table in [`alarm_name`]             |
//! | `acc` (0x22, 0xA0)       | ignition                  | non-zero = on                       |
//! | `mileage` (0x22)         | odometer                  | metres                              |
//! | `battery_voltage` (0x23) | battery_voltage           | hundredths of a volt → V            |
//!
//! The field layouts follow Concox's GT06 and JM-VL01 communication
//! protocol documents. Many resellers' firmware reuse these fields with
//! other meanings; those are read only with their
//! [`super::Gt06Variant`] (see the module docs of [`super`]).

use std::borrow::Cow;

use crate::sensor::{NamedValue, Sensor, Value};

use super::variant::Gt06Variant;

/// Named values carried by the terminal information byte.
pub fn terminal_info(byte: u8) -> Vec<NamedValue> {
    let bit = |n: u8| Value::Bool(byte & (1 << n) != 0);
    let mut values = vec![
        NamedValue::new(Sensor::Ignition, bit(1)),
        NamedValue::new(Sensor::State(Cow::Borrowed("external_power_state")), bit(2)),
        NamedValue::new(Sensor::DigitalOutput(1), bit(7)),
    ];
    let alarm = match (byte >> 3) & 0b111 {
        0b100 => Some("sos"),
        0b011 => Some("low_battery"),
        0b010 => Some("power_cut"),
        0b001 => Some("vibration"),
        _ => None,
    };
    values.extend(alarm.map(alarm_value));
    values
}

/// Battery level from the 0–6 voltage level.
pub fn voltage_level(level: u8) -> Option<NamedValue> {
    (level <= 6).then(|| {
        NamedValue::new(
            Sensor::BatteryLevel,
            Value::Number((f64::from(level) * 100.0 / 6.0).round()),
        )
    })
}

/// GSM signal from the 0–4 signal level.
pub fn gsm_level(level: u8) -> Option<NamedValue> {
    (level <= 4).then(|| NamedValue::new(Sensor::GsmSignal, Value::Number(f64::from(level) * 25.0)))
}

/// The named alarm for an alarm code, if it is one.
pub fn alarm(code: u8) -> Option<NamedValue> {
    alarm_name(code).map(alarm_value)
}

fn alarm_value(name: &'static str) -> NamedValue {
    NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned()))
}

/// Alarm codes of the status block's alarm byte, per the GT06 / JM-VL01
/// documents. `0x00` is "normal" and has no name.
pub fn alarm_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x01 => "sos",
        0x02 => "power_cut",
        0x03 => "vibration",
        0x04 => "geofence_enter",
        0x05 => "geofence_exit",
        0x06 => "overspeed",
        0x09 => "tow",
        0x0E | 0x0F => "low_power",
        0x13 => "tampering",
        0x14 => "door",
        0x19 => "low_battery",
        0x29 => "harsh_acceleration",
        0x2A => "sharp_turn_left",
        0x2B => "sharp_turn_right",
        0x2C => "collision",
        0x30 => "harsh_braking",
        _ => return None,
    })
}

/// Ignition from an ACC byte.
pub fn acc(byte: u8) -> NamedValue {
    NamedValue::new(Sensor::Ignition, Value::Bool(byte != 0))
}

/// The odometer in metres.
pub fn mileage(metres: u32) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number(f64::from(metres)))
}

/// The battery voltage from hundredths of a volt.
pub fn battery_voltage(centivolts: u16) -> NamedValue {
    NamedValue::new(
        Sensor::Input(Cow::Borrowed("battery_voltage")),
        Value::Number(f64::from(centivolts) / 100.0),
    )
}

/// The named alarm for an alarm code as `variant` firmware means it.
pub fn alarm_for(code: u8, variant: Gt06Variant) -> Option<NamedValue> {
    match (variant, code) {
        (Gt06Variant::Lw, 0x18) => Some(named_alarm("collision")),
        (Gt06Variant::Lw, 0x19) => Some(named_alarm("harsh_acceleration")),
        _ => alarm(code),
    }
}

/// An alarm by name.
pub fn named_alarm(name: &'static str) -> NamedValue {
    alarm_value(name)
}

/// A sensor input (`board_voltage`, `ext_temp_sensor_1`, ...) with its value.
pub fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// A state (`iccid`, `door`, ...) with its value.
pub fn state(name: &'static str, value: Value) -> NamedValue {
    NamedValue::new(Sensor::State(Cow::Borrowed(name)), value)
}

/// A driver or tag identifier.
pub fn hardware_key(key: String) -> NamedValue {
    state("hardware_key", Value::Text(key))
}

/// The external (vehicle) voltage in volts.
pub fn board_voltage(volts: f64) -> NamedValue {
    input("board_voltage", volts)
}

/// The battery level from a vendor battery byte: 0–6 is a level as in the
/// documented status block, 7–100 a percentage, anything else nothing.
pub fn battery_byte(byte: u8) -> Option<NamedValue> {
    match byte {
        0..=6 => voltage_level(byte),
        _ => battery_percent(byte),
    }
}

/// The battery level from a percentage byte (0–100).
pub fn battery_percent(byte: u8) -> Option<NamedValue> {
    (byte <= 100).then(|| NamedValue::new(Sensor::BatteryLevel, Value::Number(f64::from(byte))))
}

/// A temperature sent as sign and magnitude: bit `sign_bit` set means
/// below zero, the lower bits count `unit` degrees.
pub fn signed_magnitude(raw: u32, sign_bit: u32, unit: f64) -> f64 {
    let magnitude = f64::from(raw & ((1 << sign_bit) - 1)) * unit;
    if raw & (1 << sign_bit) != 0 {
        -magnitude
    } else {
        magnitude
    }
}
