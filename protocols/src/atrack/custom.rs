//! Custom fields: the values a device appends to each record when its
//! custom form is set (`%CI%MV%BV…`).
//!
//! trackgate reads a form only when the record carries it: the `%CI` field
//! (custom information) holds the form itself, so such records describe
//! themselves. A form configured on the device without `%CI` cannot be
//! read from the record, and its values stay raw as `extra` (text) or
//! make the packet unreadable (binary, where nothing marks where they end).
//!
//! In the text form every value is a field. In the binary form a value is
//! either a NUL-terminated string or a big-endian integer of a width fixed
//! per code. Only codes whose width the corpus confirms are in the table;
//! a binary record using another code is refused, since its end cannot be
//! found.
//!
//! | code | meaning                    | binary | named value                    |
//! |------|----------------------------|--------|--------------------------------|
//! | CI   | custom information (form)  | string | —                              |
//! | SA   | satellites                 | 1      | `Record::satellites`           |
//! | AT   | altitude, m                | 4      | `Record::altitude_m`           |
//! | MV   | main power, 0.1 V          | 2      | board_voltage                  |
//! | BV   | backup battery, 0.1 V      | 2      | battery_voltage                |
//! | GQ   | GSM signal (CSQ 0..31)     | 1      | gsm_signal (percent)           |
//! | GS   | GSM status                 | 1      | —                              |
//! | CE, CN | cell id; MCC and MNC     | 4, 4   | —                              |
//! | RP   | engine speed, rpm          | 2      | obd_rpm                        |
//! | ET   | coolant temperature, °C    | 2, signed | obd_coolant_t               |
//! | EL   | engine load, %             | 1      | obd_engine_load                |
//! | FL   | fuel level, %              | 1      | obd_fuel                       |
//! | VN   | VIN                        | string | obd_vin (state)                |
//! | CD   | SIM ICCID                  | string | —                              |
//! | MF, TR, ML, FC, SM, PD, MT, HA, HB, HC, IN*n* | OBD and driving counters | 2, 1, 1, 4, 2, 1, 1, 1, 1, 1, 1 | — |

use std::borrow::Cow;

use crate::record::{IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// How a code's value is laid out in the binary form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// A NUL-terminated string.
    Text,
    /// A big-endian integer of this many bytes.
    Bytes(u8),
}

/// The binary layout of `code`, if the table knows it.
pub fn width(code: &str) -> Option<Width> {
    let base = code.trim_end_matches(|c: char| c.is_ascii_digit());
    Some(match base {
        "CI" | "VN" | "CD" => Width::Text,
        "SA" | "GQ" | "GS" | "EL" | "TR" | "FL" | "ML" | "PD" | "MT" | "HA" | "HB" | "HC"
        | "IN" => Width::Bytes(1),
        "MV" | "BV" | "RP" | "MF" | "ET" | "SM" => Width::Bytes(2),
        "AT" | "CE" | "CN" | "FC" => Width::Bytes(4),
        _ => return None,
    })
}

/// The codes of a form: `%CI%MV%IN0` → `CI`, `MV`, `IN0`.
pub fn codes(form: &str) -> Vec<String> {
    form.split('%')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn number(value: &IoValue, signed: bool) -> Option<f64> {
    match value {
        IoValue::Uint { .. } if signed => value.as_i64().map(|v| v as f64),
        IoValue::Uint { value, .. } => Some(*value as f64),
        IoValue::Text(t) => t.trim().parse().ok(),
        IoValue::Bytes(_) => None,
    }
}

fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// Applies what a custom value means to the record and its named values.
pub fn apply(code: &str, value: &IoValue, record: &mut Record, values: &mut Vec<NamedValue>) {
    let signed = code == "ET";
    match (code, number(value, signed)) {
        ("SA", Some(n)) if (0.0..=255.0).contains(&n) => record.satellites = Some(n as u8),
        ("AT", Some(n)) => record.altitude_m = n,
        ("MV", Some(n)) => values.push(input("board_voltage", n / 10.0)),
        ("BV", Some(n)) => values.push(input("battery_voltage", n / 10.0)),
        ("GQ", Some(n)) if n < 99.0 => values.push(NamedValue::new(
            Sensor::GsmSignal,
            Value::Number((n.min(31.0) * 100.0 / 31.0).round()),
        )),
        ("RP", Some(n)) => values.push(input("obd_rpm", n)),
        ("ET", Some(n)) => values.push(input("obd_coolant_t", n)),
        ("EL", Some(n)) => values.push(input("obd_engine_load", n)),
        ("FL", Some(n)) => values.push(input("obd_fuel", n)),
        ("VN", _) => {
            if let IoValue::Text(vin) = value
                && !vin.is_empty()
                && vin.chars().all(|c| c.is_ascii_alphanumeric())
            {
                values.push(NamedValue::new(
                    Sensor::State(Cow::Borrowed("obd_vin")),
                    Value::Text(vin.clone()),
                ));
            }
        }
        _ => {}
    }
}
