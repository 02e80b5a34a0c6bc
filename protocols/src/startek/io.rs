//! Named values for Startek reports.
//!
//! The fields after a report's readings are kept raw in
//! [`Record::io`](crate::Record) as text, under these names, in order:
//! `odometer`, `cell`, `gsm_level`, `system_status`, `inputs`,
//! `outputs`, `analog`; the optional extras after them (driver card,
//! engine hours, fuel sensors, as the device is set up) as `field_<n>`,
//! n counting from the event (0).
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | `analog`, first part | board_voltage | hex hundredths of a volt (`04A7` = 11.91 V) |
//! | `analog`, second part | battery_voltage | the same (`019C` = 4.12 V) |
//!
//! The scale is read from the samples: vehicle supplies of 11.9–13.3 V
//! and backup cells of 3.7–4.2 V. The extras' layout depends on the
//! accessories fitted and no public document settles it, so they stay raw.

use crate::sensor::{NamedValue, Sensor, Value};

/// The io names of the fields after the readings, in order.
pub const NAMES: [&str; 7] = [
    "odometer",
    "cell",
    "gsm_level",
    "system_status",
    "inputs",
    "outputs",
    "analog",
];

/// The supply and battery voltages from the `analog` field.
pub fn analog(field: &str) -> Vec<NamedValue> {
    let mut parts = field.split('|');
    let mut volts = |name: &'static str| {
        let part = parts.next()?;
        let hundredths = u16::from_str_radix(part, 16).ok()?;
        Some(NamedValue::new(
            Sensor::Input(name.into()),
            Value::Number(f64::from(hundredths) / 100.0),
        ))
    };
    let supply = volts("board_voltage");
    let battery = volts("battery_voltage");
    supply.into_iter().chain(battery).collect()
}
