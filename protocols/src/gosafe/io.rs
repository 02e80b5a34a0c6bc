//! Named values for GoSafe text records.
//!
//! Every section is also kept raw in [`Record::io`](crate::Record) as
//! text, under its name (`SYS`, `GPS`, `GSM`, `COT`, `ADC`, `DTT`, `IWD`,
//! `OBD`, `FUL`, `STT`, …).
//!
//! | section | named value | conversion |
//! |---|---|---|
//! | `ADC`, first part (not in the `02` form, whose parts are index;value pairs) | board_voltage | volts, as sent (10.8–23.0 V in the samples) |
//! | `IWD`, each group `<index>;1;<sensor id>;<value>` | ext_temp_sensor_<index + 1> | °C, as sent |
//!
//! `IWD` groups of another type (`0`: a key id) and the other sections
//! (odometer, cells, status bits, OBD bytes) stay raw: no public document
//! settles their units.

use crate::fix::{decimal, signed_decimal};
use crate::sensor::{NamedValue, Sensor, Value};

/// The named values of section `name` whose content is `value`; `old`
/// for the `02` form.
pub fn named(name: &str, value: &str, old: bool) -> Vec<NamedValue> {
    match name {
        "ADC" if !old => value
            .split(';')
            .next()
            .and_then(decimal)
            .map(|v| NamedValue::new(Sensor::Input("board_voltage".into()), Value::Number(v)))
            .into_iter()
            .collect(),
        "IWD" => {
            let parts: Vec<&str> = value.split(';').collect();
            parts
                .chunks_exact(4)
                .filter(|g| g[1] == "1")
                .filter_map(|g| {
                    let index: u8 = g[0].parse().ok()?;
                    let celsius = signed_decimal(g[3])?;
                    Some(NamedValue::new(
                        Sensor::Input(format!("ext_temp_sensor_{}", u16::from(index) + 1).into()),
                        Value::Number(celsius),
                    ))
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
