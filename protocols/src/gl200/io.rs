//! Named values for Queclink reports, text and binary.
//!
//! | source                                   | named value          | conversion                          |
//! |------------------------------------------|----------------------|-------------------------------------|
//! | device status motion nibble              | ignition             | `1` = off, `2` = on, `4` = unknown  |
//! | device status input byte, bits 1..3      | input_1..input_3     | bit set = on (bit 0 is the ignition line) |
//! | device status output byte, bits 0..3     | output_1..output_4   | bit set = on                        |
//! | battery percentage                       | battery_level        | percent                             |
//! | external power supply (mV)               | board_voltage        | V                                   |
//! | backup battery voltage (V)               | battery_voltage      | V                                   |
//! | mileage (km)                             | odometer             | m                                   |
//! | hour meter `HHHHH:MM:SS`                 | engine_hours         | h                                   |
//! | 1-Wire temperature (int16, 1/16 °C)      | ext_temp_sensor_n    | °C                                  |
//! | report type                              | alarm                | table in [`alarm_name`]             |

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// Ignition on or off.
pub fn ignition(on: bool) -> NamedValue {
    NamedValue::new(Sensor::Ignition, Value::Bool(on))
}

/// The values of a device status `MMIIOO` (motion, inputs, outputs);
/// ignition from the motion nibble only when `with_ignition`.
pub fn status(status: u32, with_ignition: bool) -> Vec<NamedValue> {
    let [_, motion, inputs, outputs] = status.to_be_bytes();
    let mut values = Vec::new();
    if with_ignition {
        match motion >> 4 {
            1 => values.push(ignition(false)),
            2 => values.push(ignition(true)),
            _ => {}
        }
    }
    for n in 1..=3u8 {
        let on = inputs & (1 << n) != 0;
        values.push(NamedValue::new(Sensor::DigitalInput(n), Value::Bool(on)));
    }
    for n in 0..4u8 {
        let on = outputs & (1 << n) != 0;
        values.push(NamedValue::new(
            Sensor::DigitalOutput(n + 1),
            Value::Bool(on),
        ));
    }
    values
}

/// A battery level in percent.
pub fn battery_level(percent: u8) -> NamedValue {
    NamedValue::new(Sensor::BatteryLevel, Value::Number(f64::from(percent)))
}

/// The external power supply from millivolts.
pub fn board_voltage(millivolts: u32) -> NamedValue {
    input("board_voltage", f64::from(millivolts) / 1000.0)
}

/// The backup battery's voltage.
pub fn battery_voltage(volts: f64) -> NamedValue {
    input("battery_voltage", volts)
}

/// The odometer from kilometres.
pub fn odometer_km(km: f64) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number((km * 1000.0).round()))
}

/// Engine hours from an `HHHHH:MM:SS` hour meter, if `text` is one.
pub fn hour_meter(text: &str) -> Option<NamedValue> {
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, max: usize| {
        (!p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (h, m, s) = (digits(h, 7)?, digits(m, 2)?, digits(s, 2)?);
    if parts.next().is_some() || m > 59 || s > 59 {
        return None;
    }
    let hours = f64::from(h) + f64::from(m) / 60.0 + f64::from(s) / 3600.0;
    Some(input("engine_hours", hours))
}

/// Temperatures of 1-Wire sensors listed as `<16-hex id>,1,<4-hex data>`
/// (type 1 is a temperature sensor; other types, such as iButtons, are not
/// temperatures). The data is a two's-complement count of 1/16 °C.
pub fn one_wire(fields: &[&str]) -> Vec<NamedValue> {
    let hex = |f: &str, len: usize| f.len() == len && f.bytes().all(|b| b.is_ascii_hexdigit());
    let mut values = Vec::new();
    for triplet in fields.windows(3) {
        let [id, kind, data] = [triplet[0], triplet[1], triplet[2]].map(str::trim);
        if hex(id, 16) && kind == "1" && hex(data, 4) {
            let raw = u16::from_str_radix(data, 16).unwrap_or_default() as i16;
            let name = format!("ext_temp_sensor_{}", values.len() + 1);
            values.push(input_owned(name, f64::from(raw) * 0.0625));
        }
    }
    values
}

/// The alarm a report type raises; `GTHBM` (harsh behaviour) tells which
/// from the low digit of its report id/type field.
pub fn alarm(report: &str, report_id: Option<&str>) -> Option<NamedValue> {
    let kind = report_id.and_then(|id| id.chars().nth(1)).unwrap_or('?');
    let name = alarm_name(report, kind)?;
    Some(NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned())))
}

/// Alarm names by report type (and, for `HBM`, behaviour type).
pub fn alarm_name(report: &str, kind: char) -> Option<&'static str> {
    Some(match (report, kind) {
        ("SOS", _) => "sos",
        ("HBM", '0') => "harsh_braking",
        ("HBM", '1') => "harsh_acceleration",
        ("HBM", '2') => "harsh_cornering",
        ("PFA", _) => "power_off",
        ("PNA", _) => "power_on",
        ("EPF", _) => "power_cut",
        ("SPD", _) => "overspeed",
        ("TOW", _) => "tow",
        ("BPL", _) => "low_battery",
        ("JDR" | "JDS" | "GPJ", _) => "jamming",
        ("CRA", _) => "collision",
        _ => return None,
    })
}

/// A raw unsigned value.
pub fn uint(name: &str, value: u64) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width: 8 },
    }
}

fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

fn input_owned(name: String, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Owned(name)), Value::Number(value))
}
