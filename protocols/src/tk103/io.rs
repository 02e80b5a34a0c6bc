//! Named values for TK103's status characters, mileage and alarms.
//!
//! The classic position block carries an eight-character status after the
//! course. It is kept raw as `status` (text); its first two characters are
//! flags:
//!
//! | source                         | named value            | conversion            |
//! |--------------------------------|------------------------|-----------------------|
//! | status char 1                  | external_power_state   | `1` = powered         |
//! | status char 2                  | ignition               | `1` = on              |
//! | status chars 6..8              | — (raw `fuel`)         | three hex digits, unit unknown |
//! | `L` + hex                      | odometer               | metres                |
//! | `BO01` alarm digit 0 / 2 / 5   | alarm                  | power_cut, sos, overspeed |
//! | `BQ81,ALARM,1`                 | alarm                  | overspeed             |
//! | `BV00` VIN                     | obd_vin                | text                  |
//!
//! Characters 3..5 (more inputs, per firmware) stay raw in `status`; other
//! alarm digits stay raw as `alarm_code`.

use std::borrow::Cow;

use crate::codec::DecodeError;
use crate::record::{IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// Reads the eight status characters into `record`.
pub fn status(record: &mut Record, status: &str) -> Result<(), DecodeError> {
    let bytes = status.as_bytes();
    if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_hexdigit) {
        return Err(DecodeError::malformed("status is not eight hex digits"));
    }
    record.io.push(text("status", status));
    let flag = |i: usize| Value::Bool(bytes[i] == b'1');
    record.values.push(NamedValue::new(
        Sensor::State(Cow::Borrowed("external_power_state")),
        flag(0),
    ));
    record
        .values
        .push(NamedValue::new(Sensor::Ignition, flag(1)));
    let fuel = u64::from_str_radix(&status[5..], 16).unwrap_or_default();
    record.io.push(IoElement {
        key: IoKey::Name("fuel".into()),
        value: IoValue::Uint {
            value: fuel,
            width: 2,
        },
    });
    Ok(())
}

/// The alarm of a `BO01` alarm digit, if it names one.
pub fn bo01_alarm(digit: u8) -> Option<&'static str> {
    match digit {
        b'0' => Some("power_cut"),
        b'2' => Some("sos"),
        b'5' => Some("overspeed"),
        _ => None,
    }
}

/// A named alarm.
pub fn alarm(name: &'static str) -> NamedValue {
    NamedValue::new(Sensor::Alarm, Value::Text(name.into()))
}

/// The odometer in metres.
pub fn odometer(metres: f64) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number(metres))
}

/// A vehicle identification number.
pub fn vin(vin: &str) -> NamedValue {
    NamedValue::new(
        Sensor::State(Cow::Borrowed("obd_vin")),
        Value::Text(vin.to_owned()),
    )
}

/// A text field kept raw under its name.
pub fn text(name: impl Into<String>, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(value.to_owned()),
    }
}
