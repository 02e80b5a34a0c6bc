//! Named values for Meitrack's I/O, shared by the text and binary forms.
//!
//! Every raw value is also kept in [`Record::io`](crate::Record): text
//! fields under their names, binary (`CCE`) parameters under their
//! parameter id ([`IoKey::Id`]), `CCC` fields under names.
//!
//! | source                                   | named value            | conversion                       |
//! |------------------------------------------|------------------------|----------------------------------|
//! | event code 1, 17, 18, 19, 20, 21, 23     | alarm                  | sos, low_battery, low_power, overspeed, geofence_enter, geofence_exit, power_cut |
//! | I/O status (text: 4 hex digits; `CCE` 0x15 / 0x14) | input_1..8, output_1..8 | high byte = inputs 8..1, low byte = outputs 8..1 |
//! | GSM signal (0..31, as the modem's CSQ)   | gsm_signal             | percent of 31                    |
//! | mileage (metres)                         | odometer               | metres                           |
//! | analog field 4 / `CCE` 0x19              | battery_voltage        | hex hundredths of a volt (decimal volts if it has a point) |
//! | analog field 5 / `CCE` 0x1A              | board_voltage          | as above                         |
//! | `CCE` 0xFE69, or the first level of 0xFEA8 | battery_level        | percent                          |
//! | `CCE` 0xFE73 BLE tag n temperature       | ext_temp_sensor_n      | signed 1/256 °C                  |
//!
//! The other event codes, the analog inputs, run time, cell data, the lock
//! state (`CCE` 0x47: 2 = locked, 1 = unlocked), engine hours (`CCE`
//! 0xFEF4, minutes) and a second battery's level (0xFEA8) stay raw only.

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// The alarm an event code raises, per the vendor's event code table.
pub fn alarm_name(event: u32) -> Option<&'static str> {
    Some(match event {
        1 => "sos",
        17 => "low_battery",
        18 => "low_power",
        19 => "overspeed",
        20 => "geofence_enter",
        21 => "geofence_exit",
        23 => "power_cut",
        _ => return None,
    })
}

/// The named alarm of an event code, if it raises one.
pub fn alarm(event: u32) -> Option<NamedValue> {
    alarm_name(event).map(|name| NamedValue::new(Sensor::Alarm, Value::Text(name.into())))
}

/// Inputs 1..8 from the input byte.
pub fn inputs(byte: u8) -> impl Iterator<Item = NamedValue> {
    (0..8u8).map(move |bit| {
        NamedValue::new(
            Sensor::DigitalInput(bit + 1),
            Value::Bool(byte & (1 << bit) != 0),
        )
    })
}

/// Outputs 1..8 from the output byte.
pub fn outputs(byte: u8) -> impl Iterator<Item = NamedValue> {
    (0..8u8).map(move |bit| {
        NamedValue::new(
            Sensor::DigitalOutput(bit + 1),
            Value::Bool(byte & (1 << bit) != 0),
        )
    })
}

/// GSM signal strength in percent from a CSQ value (0..=31).
pub fn gsm_signal(csq: u32) -> NamedValue {
    let percent = (f64::from(csq.min(31)) * 100.0 / 31.0).round();
    NamedValue::new(Sensor::GsmSignal, Value::Number(percent))
}

/// The odometer in metres.
pub fn odometer(metres: f64) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number(metres))
}

/// A seed 003 sensor input with a number.
pub fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// Battery level in percent, if it is one.
pub fn battery_level(percent: u64) -> Option<NamedValue> {
    (percent <= 100).then(|| NamedValue::new(Sensor::BatteryLevel, Value::Number(percent as f64)))
}

/// An analog field of the text form: hex hundredths of a volt, or decimal
/// volts when the device writes a point.
pub fn volts(text: &str) -> Option<f64> {
    if text.contains('.') {
        text.parse::<f64>().ok().filter(|v| v.is_finite())
    } else if !text.is_empty() && text.len() <= 8 {
        u32::from_str_radix(text, 16)
            .ok()
            .map(|v| f64::from(v) / 100.0)
    } else {
        None
    }
}

/// A text field kept raw under its name.
pub fn text(name: impl Into<String>, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(value.to_owned()),
    }
}

/// An unsigned field kept raw under its name.
pub fn uint(name: impl Into<String>, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Uint { value, width },
    }
}
