//! Named values for Xirgo reports.
//!
//! Every field past the speed is also kept raw in
//! [`Record::io`](crate::Record) as text, `field_<n>` ([`super::decode`]).
//!
//! | raw field | named value | conversion |
//! |---|---|---|
//! | battery (old form `field_11`, new form `field_16`) | board_voltage | volts, as sent (the vehicle's battery: 9–15 V in the samples) |
//! | engine speed (new form `field_10`) | obd_rpm | revolutions per minute, as sent |
//!
//! The other readings (acceleration, odometer, fuel used, GSM level, the
//! VIN some firmware appends) stay raw: no public document gives their
//! units.

use crate::sensor::{NamedValue, Sensor, Value};

/// The vehicle's battery voltage, if the field is a number.
pub fn battery(field: &str) -> Option<NamedValue> {
    number("board_voltage", field)
}

/// The engine speed, if the field is a number.
pub fn rpm(field: &str) -> Option<NamedValue> {
    number("obd_rpm", field)
}

fn number(name: &'static str, field: &str) -> Option<NamedValue> {
    let value = crate::fix::decimal(field)?;
    Some(NamedValue::new(
        Sensor::Input(name.into()),
        Value::Number(value),
    ))
}
