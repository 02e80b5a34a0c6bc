//! Named values for Laipac `$AVRMC` reports.
//!
//! Every field after the date is also kept raw in
//! [`Record::io`](crate::Record), as text under its name
//! ([`super::decode`]).
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | `battery` | battery_voltage | volts when it has a point (`3.727`), else millivolts (`4076`) |
//!
//! No public Laipac document was found: the battery field's two forms are
//! read from the samples (lithium cells between 3.4 and 4.2 V either way);
//! the fields after it stay raw only.

use crate::sensor::{NamedValue, Sensor, Value};

/// The battery voltage from its field, if it is a number.
pub fn battery(field: &str) -> Option<NamedValue> {
    let value = crate::fix::decimal(field)?;
    let volts = if field.contains('.') {
        value
    } else {
        value / 1000.0
    };
    Some(NamedValue::new(
        Sensor::Input("battery_voltage".into()),
        Value::Number(volts),
    ))
}
