//! Named values for Gator position packets.
//!
//! Every field after the fix is also kept raw in
//! [`Record::io`](crate::Record) under its name ([`super::decode`]).
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | `power` (2 bytes) | board_voltage | first byte volts, second hundredths (`0C 34` → 12.52 V) |
//!
//! The readings seen in the samples (11.12 to 24.92 V) are those of 12 V
//! and 24 V vehicle supplies; the `key`, `oil` and `mileage` fields stay
//! raw only: no public document gives their units.

use crate::sensor::{NamedValue, Sensor, Value};

/// The supply voltage from the two power bytes, if the hundredths are
/// below 100.
pub fn power(bytes: [u8; 2]) -> Option<NamedValue> {
    (bytes[1] < 100).then(|| {
        NamedValue::new(
            Sensor::Input("board_voltage".into()),
            Value::Number(f64::from(bytes[0]) + f64::from(bytes[1]) / 100.0),
        )
    })
}
