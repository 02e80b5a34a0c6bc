//! Raw I/O and named values of a D packet.
//!
//! Everything is kept raw in `Record::io` under its field or parameter
//! name, as the text the device sent: `inputs`, `outputs`, `adc`, `ibutton`,
//! and each `name:type:value` parameter (type 1 integer, 2 real, 3 text).
//!
//! Named values come from the fields the spec defines, and from parameter
//! names that are conventions rather than spec (Wialon IPS lets each
//! device name its parameters): the names Gurtam's hardware pages use for
//! many IPS devices (`pwr_ext`, `pwr_int`, `adcN`, `inN`, `outN`) and the
//! ones seen from devices in our test data (`SOS`, `motion`, `bat`, `temp`).
//!
//! | source                 | named value              | conversion           |
//! |------------------------|--------------------------|----------------------|
//! | inputs (bitmask)       | input_1..input_8         | bit n-1              |
//! | outputs (bitmask)      | output_1..output_8       | bit n-1              |
//! | adc (comma list)       | analog_1..analog_8       | volts, as sent       |
//! | ibutton                | hardware_key (state)     | text                 |
//! | `SOS`                  | alarm `sos`              | when non-zero        |
//! | `motion`               | moving                   | true/false or 1/0    |
//! | `bat`                  | battery_level            | percent, 0..=100     |
//! | `temp`                 | temp_sensor              | °C                   |
//! | `pwr_ext` / `pwr_int`  | board_voltage / battery_voltage | volts         |
//! | `adcN` / `inN` / `outN`| analog_N / input_N / output_N (N 1..=8) |       |
//!
//! Parameter names are matched without regard to ASCII case.

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::decode::{DataError, number};

/// Discrete inputs/outputs named from a bitmask, and ADC channels named.
const CHANNELS: u8 = 8;

fn raw(record: &mut Record, name: &str, value: &str) {
    record.io.push(IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    });
}

fn named(record: &mut Record, sensor: Sensor, value: Value) {
    record.values.push(NamedValue::new(sensor, value));
}

fn input(name: &str) -> Sensor {
    Sensor::Input(Cow::Owned(name.to_owned()))
}

/// The inputs and outputs bitmasks.
pub fn inputs_outputs(
    inputs: Option<&str>,
    outputs: Option<&str>,
    record: &mut Record,
) -> Result<(), DataError> {
    for (text, name, sensor) in [
        (inputs, "inputs", Sensor::DigitalInput as fn(u8) -> Sensor),
        (
            outputs,
            "outputs",
            Sensor::DigitalOutput as fn(u8) -> Sensor,
        ),
    ] {
        let Some(text) = text else { continue };
        let mask = text.parse::<u32>().map_err(|_| DataError::InputsOutputs)?;
        raw(record, name, text);
        for n in 1..=CHANNELS {
            named(record, sensor(n), Value::Bool(mask >> (n - 1) & 1 == 1));
        }
    }
    Ok(())
}

/// The comma-separated ADC readings; `NA` items are skipped but counted.
pub fn adc(text: Option<&str>, record: &mut Record) -> Result<(), DataError> {
    let Some(text) = text else { return Ok(()) };
    raw(record, "adc", text);
    for (i, item) in text.split(',').enumerate() {
        let Some(item) = super::decode::known(item) else {
            continue;
        };
        let volts = number(item).ok_or(DataError::Adc)?;
        if let Some(n) = u8::try_from(i + 1).ok().filter(|n| *n <= CHANNELS) {
            named(record, input(&format!("analog_{n}")), Value::Number(volts));
        }
    }
    Ok(())
}

/// The iButton (driver key) code.
pub fn ibutton(text: Option<&str>, record: &mut Record) {
    if let Some(text) = text {
        raw(record, "ibutton", text);
        named(
            record,
            Sensor::State(Cow::Borrowed("hardware_key")),
            Value::Text(text.to_owned()),
        );
    }
}

/// The `name:type:value,…` parameters.
pub fn params(text: Option<&str>, record: &mut Record) -> Result<(), DataError> {
    let Some(text) = text else { return Ok(()) };
    for item in text.split(',') {
        let mut parts = item.splitn(3, ':');
        let (Some(name), Some(kind), Some(value)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(DataError::Params);
        };
        let well_typed = match kind {
            "1" => value.trim().parse::<i64>().is_ok(),
            "2" => number(value.trim()).is_some(),
            "3" => true,
            _ => false,
        };
        if name.is_empty() || !well_typed {
            return Err(DataError::Params);
        }
        raw(record, name, value);
        if let Some((sensor, value)) = meaning(&name.to_ascii_lowercase(), value.trim()) {
            named(record, sensor, value);
        }
    }
    Ok(())
}

/// The named value a conventional parameter carries, if any.
fn meaning(name: &str, value: &str) -> Option<(Sensor, Value)> {
    let flag = || match value {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    };
    let quantity = |sensor: &str| number(value).map(|v| (input(sensor), Value::Number(v)));
    match name {
        "sos" => flag()
            .filter(|on| *on)
            .map(|_| (Sensor::Alarm, Value::Text("sos".into()))),
        "motion" => flag().map(|on| (Sensor::Motion, Value::Bool(on))),
        "bat" => number(value)
            .filter(|v| (0.0..=100.0).contains(v))
            .map(|v| (Sensor::BatteryLevel, Value::Number(v))),
        "temp" => quantity("temp_sensor"),
        "pwr_ext" => quantity("board_voltage"),
        "pwr_int" => quantity("battery_voltage"),
        _ => numbered(name, value, flag()),
    }
}

/// `adcN`, `inN`, `outN` with N in 1..=8.
fn numbered(name: &str, value: &str, flag: Option<bool>) -> Option<(Sensor, Value)> {
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let n = name[split..]
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=CHANNELS).contains(n))?;
    match &name[..split] {
        "adc" => number(value).map(|v| (input(&format!("analog_{n}")), Value::Number(v))),
        "in" => flag.map(|on| (Sensor::DigitalInput(n), Value::Bool(on))),
        "out" => flag.map(|on| (Sensor::DigitalOutput(n), Value::Bool(on))),
        _ => None,
    }
}
