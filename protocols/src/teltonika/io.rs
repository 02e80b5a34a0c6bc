//! Named values for well-known Teltonika AVL ids.
//!
//! Ids, widths, scales and signs follow Teltonika's public AVL ID tables
//! (wiki.teltonika-gps.com). Every element, mapped or not, stays raw in
//! `Record::io`. The last column says which table row the mapping was
//! checked against:
//!
//! - *FMB*: "FMB… Teltonika Data Sending Parameters ID" (permanent elements);
//! - *CAN*: "CAN I/O standard elements" (FMB150 family);
//! - *FM36*: the older "FM36 AVL ID" table;
//! - *unconfirmed*: taken from the FMB table's OBD / eventual sections as
//!   commonly published, but that row was not re-read for this change.
//!
//! | AVL id          | named value                    | conversion                    | checked      |
//! |-----------------|--------------------------------|-------------------------------|--------------|
//! | 239             | ignition                       | non-zero = on                 | FMB          |
//! | 240             | moving                         | non-zero = on                 | FMB          |
//! | 1..=4           | input_1..input_4               | non-zero = on                 | FM36         |
//! | 179, 180        | output_1, output_2             | non-zero = on                 | unconfirmed  |
//! | 21              | gsm_signal                     | level 0..5 × 20 = percent     | FMB          |
//! | 66              | board_voltage                  | mV → V                        | FMB          |
//! | 9, 10           | analog_1, analog_2             | mV → V                        | FM36 (mV)    |
//! | 113             | battery_level                  | percent                       | unconfirmed  |
//! | 16              | odometer                       | metres                        | ATX/FMB      |
//! | 78              | hardware_key (state)           | 8 bytes → hex, 0 = no key     | unconfirmed  |
//! | 72, 73, 74      | ext_temp_sensor_1..3           | signed 0.1 °C                 | FM36         |
//! | 75 (2 bytes)    | ext_temp_sensor_4              | signed 0.1 °C                 | unconfirmed  |
//! | 182             | `Record::hdop`                 | × 0.1                         | FMB          |
//! | 81              | can_speed                      | km/h                          | CAN          |
//! | 85              | can_rpm                        | rpm                           | CAN          |
//! | 89              | can_fuel                       | percent                       | CAN          |
//! | 84              | can_fuel_litres                | 0.1 l → l                     | CAN          |
//! | 87              | can_mileage                    | m → km                        | CAN          |
//! | 115             | can_engine_temp                | signed 0.1 °C                 | CAN          |
//! | 31              | obd_engine_load                | percent                       | unconfirmed  |
//! | 32              | obd_coolant_t                  | signed °C                     | unconfirmed  |
//! | 36              | obd_rpm                        | rpm                           | unconfirmed  |
//! | 37              | obd_speed                      | km/h                          | unconfirmed  |
//! | 48              | obd_fuel                       | percent                       | unconfirmed  |
//! | 256             | obd_vin (state)                | ASCII text                    | unconfirmed  |
//!
//! Dallas temperatures outside the sensors' physical range (-55..+125 °C)
//! are status codes, not readings: the FM36 table documents 3000 (sensor
//! error), and FMB firmware is commonly documented to send 2000/4000/5000 as
//! well (unconfirmed here; the range check covers them either way). 85.0 °C
//! (850) is the value a DS18B20 holds before its first conversion, reported
//! by FMB firmware as "not ready", so it is dropped too, at the cost of a
//! genuine 85.0 °C reading.

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// GNSS HDOP, in tenths.
const HDOP: u16 = 182;
/// A Dallas sensor's reading before its first conversion (85.0 °C).
const DALLAS_NOT_READY: i64 = 850;
/// The Dallas sensors' physical range, in tenths of °C.
const DALLAS_RANGE: std::ops::RangeInclusive<i64> = -550..=1250;

/// The record's HDOP, from AVL id 182.
pub fn hdop(io: &[IoElement]) -> Option<f64> {
    io.iter()
        .find(|e| e.key == IoKey::Id(HDOP))
        .and_then(|e| e.value.as_u64())
        .map(|tenths| tenths as f64 / 10.0)
}

/// The named values carried by `io`, in element order.
pub fn named_values(io: &[IoElement]) -> Vec<NamedValue> {
    io.iter()
        .filter_map(|e| match e.key {
            IoKey::Id(id) => named(id, &e.value),
            IoKey::Name(_) => None,
        })
        .collect()
}

fn input(name: &'static str, value: f64) -> Option<NamedValue> {
    Some(NamedValue::new(
        Sensor::Input(Cow::Borrowed(name)),
        Value::Number(value),
    ))
}

fn flag(sensor: Sensor, raw: u64) -> Option<NamedValue> {
    Some(NamedValue::new(sensor, Value::Bool(raw != 0)))
}

fn named(id: u16, value: &IoValue) -> Option<NamedValue> {
    if let IoValue::Bytes(bytes) = value {
        return named_bytes(id, bytes);
    }
    let raw = value.as_u64()?;
    let signed = value.as_i64()?;
    match id {
        239 => flag(Sensor::Ignition, raw),
        240 => flag(Sensor::Motion, raw),
        1..=4 => flag(Sensor::DigitalInput(id as u8), raw),
        179 => flag(Sensor::DigitalOutput(1), raw),
        180 => flag(Sensor::DigitalOutput(2), raw),
        21 => Some(NamedValue::new(
            Sensor::GsmSignal,
            Value::Number(raw.min(5) as f64 * 20.0),
        )),
        66 => input("board_voltage", raw as f64 / 1000.0),
        9 => input("analog_1", raw as f64 / 1000.0),
        10 => input("analog_2", raw as f64 / 1000.0),
        113 => Some(NamedValue::new(
            Sensor::BatteryLevel,
            Value::Number(raw as f64),
        )),
        16 => Some(NamedValue::new(
            Sensor::OdometerM,
            Value::Number(raw as f64),
        )),
        78 if raw != 0 => Some(NamedValue::new(
            Sensor::State(Cow::Borrowed("hardware_key")),
            Value::Text(format!("{raw:016x}")),
        )),
        72 => dallas("ext_temp_sensor_1", signed),
        73 => dallas("ext_temp_sensor_2", signed),
        74 => dallas("ext_temp_sensor_3", signed),
        // On older FM models 75 is an 8-byte sensor id, not a temperature.
        75 if matches!(value, IoValue::Uint { width: 2, .. }) => {
            dallas("ext_temp_sensor_4", signed)
        }
        81 => input("can_speed", raw as f64),
        85 => input("can_rpm", raw as f64),
        89 => input("can_fuel", raw as f64),
        84 => input("can_fuel_litres", raw as f64 / 10.0),
        87 => input("can_mileage", raw as f64 / 1000.0),
        115 => input("can_engine_temp", signed as f64 / 10.0),
        31 => input("obd_engine_load", raw as f64),
        32 => input("obd_coolant_t", signed as f64),
        36 => input("obd_rpm", raw as f64),
        37 => input("obd_speed", raw as f64),
        48 => input("obd_fuel", raw as f64),
        _ => None,
    }
}

fn named_bytes(id: u16, bytes: &[u8]) -> Option<NamedValue> {
    match id {
        256 => {
            let vin = std::str::from_utf8(bytes).ok()?.trim_end_matches('\0');
            (!vin.is_empty() && vin.chars().all(|c| c.is_ascii_alphanumeric())).then(|| {
                NamedValue::new(
                    Sensor::State(Cow::Borrowed("obd_vin")),
                    Value::Text(vin.to_owned()),
                )
            })
        }
        _ => None,
    }
}

fn dallas(name: &'static str, tenths: i64) -> Option<NamedValue> {
    if tenths == DALLAS_NOT_READY || !DALLAS_RANGE.contains(&tenths) {
        return None;
    }
    input(name, tenths as f64 / 10.0)
}
