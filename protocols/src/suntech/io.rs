//! Named values for Suntech reports, text and binary.
//!
//! | source                                    | named value          | conversion                         |
//! |-------------------------------------------|----------------------|------------------------------------|
//! | I/O bits (legacy `IOOOOO` text, zip byte) | ignition, input_1..3, output_1..2 | bit or character set = on |
//! | universal `IN_STATE` / `OUT_STATE`        | ignition (bit 0), input_n (bit n), output_n (bit n-1) | binary digits |
//! | `PWR_VOLT`                                | board_voltage        | V                                  |
//! | `BCK_VOLT`                                | battery_voltage      | V                                  |
//! | `DIST` (travelled distance)               | odometer             | m                                  |
//! | `H_METER` (driving hour meter, minutes)   | engine_hours         | h                                  |
//! | alert / emergency id                      | alarm                | table in [`alert_name`] / [`emergency_name`] |
//! | iButton / driver id (raw `driver_id`)     | hardware_key         | text as sent; an all-zero id (no key) is not named |
//! | 1-Wire temperature slot `<id>:<±t>`       | ext_temp_sensor_n    | °C, n = slot number                |
//! | level of an LLS fuel sensor (`N_i=`)      | fuel_level           | sum of the sensors' levels         |
//! | ADC 1 (option `include_adc`)              | analog_1             | V                                  |
//! | engine speed (option `include_rpm`)       | obd_rpm              | rpm                                |
//! | ST910 battery (its second layout)         | battery_level        | percent                            |
//!
//! Every field is also kept raw under its own name, mapped or not.

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// Ignition, inputs and outputs of a legacy I/O string (`100000`:
/// ignition, input 1..3, output 1..2, one character each). Other lengths
/// vary by model: only the ignition (first character) is named then.
pub fn legacy_io(text: &str) -> Vec<NamedValue> {
    let bits: Vec<bool> = text.bytes().map(|b| b == b'1').collect();
    if bits.is_empty() || !text.bytes().all(|b| b == b'0' || b == b'1') {
        return Vec::new();
    }
    let mut values = vec![flag(Sensor::Ignition, bits[0])];
    if bits.len() == 6 {
        for n in 1..=3u8 {
            values.push(flag(Sensor::DigitalInput(n), bits[usize::from(n)]));
        }
        for n in 1..=2u8 {
            values.push(flag(Sensor::DigitalOutput(n), bits[usize::from(n) + 3]));
        }
    }
    values
}

/// The ST300 zip I/O byte: bit 0 ignition, bits 1..3 inputs, bits 4..5 outputs.
pub fn zip_io(byte: u8) -> Vec<NamedValue> {
    let bit = |n: u8| byte & (1 << n) != 0;
    let mut values = vec![flag(Sensor::Ignition, bit(0))];
    values.extend((1..=3u8).map(|n| flag(Sensor::DigitalInput(n), bit(n))));
    values.extend((1..=2u8).map(|n| flag(Sensor::DigitalOutput(n), bit(n + 3))));
    values
}

/// Universal input and output states (bit 0 of the inputs is the ignition).
pub fn universal_io(inputs: u32, outputs: u32, width: u8) -> Vec<NamedValue> {
    let mut values = vec![flag(Sensor::Ignition, inputs & 1 != 0)];
    for n in 1..width.min(8) {
        values.push(flag(Sensor::DigitalInput(n), inputs & (1 << n) != 0));
    }
    for n in 0..width.min(8) {
        values.push(flag(Sensor::DigitalOutput(n + 1), outputs & (1 << n) != 0));
    }
    values
}

/// A field of binary digits (`00000101`) as a number, with its width.
pub fn binary_digits(text: &str) -> Option<(u32, u8)> {
    if text.is_empty() || text.len() > 32 || !text.bytes().all(|b| b == b'0' || b == b'1') {
        return None;
    }
    Some((u32::from_str_radix(text, 2).ok()?, text.len() as u8))
}

fn flag(sensor: Sensor, on: bool) -> NamedValue {
    NamedValue::new(sensor, Value::Bool(on))
}

/// A number under a seed 003 input name.
pub fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// The odometer from metres.
pub fn odometer_m(metres: f64) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number(metres))
}

/// Engine hours from the hour meter's minutes.
pub fn engine_hours(minutes: f64) -> NamedValue {
    input("engine_hours", minutes / 60.0)
}

/// A battery level in percent, if it is one.
pub fn battery_level(percent: f64) -> Option<NamedValue> {
    (0.0..=100.0)
        .contains(&percent)
        .then(|| NamedValue::new(Sensor::BatteryLevel, Value::Number(percent)))
}

/// A driver's key: raw `driver_id`, and named unless all zeros (no key presented).
pub fn driver(id: &str) -> (IoElement, Option<NamedValue>) {
    let named = (!id.bytes().all(|b| b == b'0')).then(|| hardware_key(id));
    (text("driver_id", id), named)
}

/// A driver's key, named.
pub fn hardware_key(id: &str) -> NamedValue {
    NamedValue::new(
        Sensor::State(Cow::Borrowed("hardware_key")),
        Value::Text(id.to_owned()),
    )
}

/// A temperature of sensor slot `n`.
pub fn temperature(n: usize, celsius: f64) -> NamedValue {
    NamedValue::new(
        Sensor::Input(Cow::Owned(format!("ext_temp_sensor_{n}"))),
        Value::Number(celsius),
    )
}

/// An alarm by name.
pub fn alarm(name: &str) -> NamedValue {
    NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned()))
}

/// Alert ids of `ALT` reports that name a settled alarm (ST300 family and
/// the universal protocol share the numbering); other ids stay in the
/// record's `event` only.
pub fn alert_name(id: u32) -> Option<&'static str> {
    Some(match id {
        1 => "overspeed",
        3 => "gps_antenna_cut",
        5 => "geofence_exit",
        6 => "geofence_enter",
        14 => "low_battery",
        15 => "vibration",
        16 => "collision",
        40 => "power_restored",
        41 => "power_cut",
        42 => "sos",
        46 => "harsh_acceleration",
        47 => "harsh_braking",
        50 => "jamming",
        _ => return None,
    })
}

/// Emergency ids of `EMG` reports: 1 panic button, 3 main power removed;
/// the rest (parking lock, anti-theft, motion) stay in `event`.
pub fn emergency_name(id: u32) -> Option<&'static str> {
    Some(match id {
        1 => "sos",
        3 => "power_cut",
        _ => return None,
    })
}

/// A raw text field.
pub fn text(name: impl Into<String>, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(value.to_owned()),
    }
}

/// A raw unsigned field of `width` bytes.
pub fn uint(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

/// A raw byte string.
pub fn bytes(name: &str, value: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(value.to_vec()),
    }
}

/// Whether `text` is `len` hex digits.
pub fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Temperatures of 1-Wire slots written `<16 hex id>:<±degrees>` (an empty
/// slot is `:`); `n` counts slots, so a sensor keeps its number when the
/// one before it is absent.
pub fn temperature_slots(fields: &[&str]) -> Vec<NamedValue> {
    let mut values = Vec::new();
    let Some(first) = fields
        .iter()
        .position(|f| f.split_once(':').is_some_and(|(id, _)| is_hex(id, 16)))
    else {
        return values;
    };
    for (slot, field) in fields[first..].iter().enumerate() {
        let Some((_, degrees)) = field.split_once(':') else {
            break;
        };
        if let Ok(celsius) = degrees.parse::<f64>() {
            values.push(temperature(slot + 1, celsius));
        }
    }
    values
}
