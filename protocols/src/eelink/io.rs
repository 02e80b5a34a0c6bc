//! Named values for Eelink fields.
//!
//! Every field is also kept raw in `Record::io`: fixed fields under their
//! name (`IoKey::Name`), OBD readings under their PID (`IoKey::Id`).
//!
//! | raw field (io name)          | named value            | conversion                                |
//! |------------------------------|------------------------|-------------------------------------------|
//! | `status` bit 1 set           | ignition               | bit 2 (ACC on)                            |
//! | `status` bit 5 set           | output_1               | bit 6 (relay / fuel cut engaged)          |
//! | `status` bit 7 set           | external_power_state   | bit 8 (charging)                          |
//! | `alarm`                      | alarm                  | table in [`alarm_name`]                   |
//! | `battery` (mV)               | battery_voltage        | mV → V                                    |
//! | `mileage` (m)                | odometer               | metres                                    |
//! | `steps`                      | steps                  | count                                     |
//! | `temperature` (1/256 °C)     | ext_temp_sensor_1      | only when the sensor block is not all zero |
//! | `temperature_2` (1/16 °C)    | ext_temp_sensor_2      | signed sixteenths                         |
//! | OBD PID 0x04                 | obd_engine_load        | A × 100 / 255 %                           |
//! | OBD PID 0x05                 | obd_coolant_t          | A − 40 °C                                 |
//! | OBD PID 0x0C                 | obd_rpm                | (A·256 + B) / 4                           |
//! | OBD PID 0x0D                 | obd_speed              | A km/h                                    |
//! | OBD PID 0x2F                 | obd_fuel               | A × 100 / 255 %                           |
//! | OBD PID 0x42                 | board_voltage          | (A·256 + B) / 1000 V                      |
//!
//! The status word pairs a "feature present" bit with a "feature on" bit;
//! a state is named only when its feature bit says the device has it.
//! Bit 0 is the GPS fix, which becomes `Record::valid`. OBD values are the
//! standard SAE J1979 mode 01 formulas over the 4 bytes the device sends
//! (A first; unused bytes are padding, often `55`).

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// A raw field under its name.
pub fn raw(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

/// Raw bytes under a name.
pub fn raw_bytes(name: &str, bytes: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}

fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// Named values of the status word (bit 0, the fix, is not one of them).
pub fn status(word: u16) -> Vec<NamedValue> {
    let bit = |n: u16| word & (1 << n) != 0;
    let mut out = Vec::new();
    if bit(1) {
        out.push(NamedValue::new(Sensor::Ignition, Value::Bool(bit(2))));
    }
    if bit(5) {
        out.push(NamedValue::new(
            Sensor::DigitalOutput(1),
            Value::Bool(bit(6)),
        ));
    }
    if bit(7) {
        out.push(NamedValue::new(
            Sensor::State(Cow::Borrowed("external_power_state")),
            Value::Bool(bit(8)),
        ));
    }
    out
}

/// The named alarm of an alarm code, if it is one.
pub fn alarm(code: u8) -> Option<NamedValue> {
    alarm_name(code).map(|name| NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned())))
}

/// Alarm codes shared by the alarm (0x04) and warning (0x14) packets.
pub fn alarm_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x01 => "power_cut",
        0x02 => "sos",
        0x03 => "low_battery",
        0x04 => "vibration",
        0x08 | 0x09 => "gps_antenna_cut",
        0x25 => "removing",
        0x81 => "low_speed",
        0x82 => "overspeed",
        0x83 => "geofence_enter",
        0x84 => "geofence_exit",
        0x85 => "collision",
        0x86 => "fall_down",
        _ => return None,
    })
}

/// The internal battery from millivolts.
pub fn battery(millivolts: u16) -> NamedValue {
    input("battery_voltage", f64::from(millivolts) / 1000.0)
}

/// The odometer in metres.
pub fn mileage(metres: u32) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number(f64::from(metres)))
}

/// The pedometer's step count.
pub fn steps(count: u16) -> NamedValue {
    input("steps", f64::from(count))
}

/// The sensor block's temperature, in signed 1/256 °C.
pub fn temperature(raw: i16) -> NamedValue {
    input("ext_temp_sensor_1", f64::from(raw) / 256.0)
}

/// The second temperature, in signed 1/16 °C.
pub fn temperature_2(raw: i16) -> NamedValue {
    input("ext_temp_sensor_2", f64::from(raw) / 16.0)
}

/// The named value of one OBD reading, if its PID is a known one.
pub fn obd(pid: u8, value: [u8; 4]) -> Option<NamedValue> {
    let a = f64::from(value[0]);
    let ab = f64::from(u16::from_be_bytes([value[0], value[1]]));
    Some(match pid {
        0x04 => input("obd_engine_load", a * 100.0 / 255.0),
        0x05 => input("obd_coolant_t", a - 40.0),
        0x0C => input("obd_rpm", ab / 4.0),
        0x0D => input("obd_speed", a),
        0x2F => input("obd_fuel", a * 100.0 / 255.0),
        0x42 => input("board_voltage", ab / 1000.0),
        _ => return None,
    })
}
