//! The event and readings after a Sanav message's sentence.
//!
//! Every field after the sentence is kept raw in
//! [`Record::io`](crate::Record), as text under `field_<n>` (n from 0).
//! The forms the corpus and Sanav's manuals show:
//!
//! | field | named value |
//! |---|---|
//! | `AUTO`, `STOP`, `SOS`, `POLL`… (letters, before a `-` if any) | kept as `event` text |
//! | `4095mv`, `3950mV` (also after `AUTO-`) | battery_voltage, millivolts |
//! | `V3.872`, `3.934V` | battery_voltage, volts |
//! | `3.793;56%`, `V3.872;67%` | battery_voltage in volts and the battery level in percent |
//!
//! The other fields (GSM and GPS levels, HDOP, cells) differ by model and
//! firmware, and no public document ties one layout to the message, so
//! they stay raw only.

use crate::record::{IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// Reads the fields after the sentence into `record`.
pub fn tail(record: &mut Record, tail: &str) {
    if tail.is_empty() {
        return;
    }
    for (i, field) in tail.split(',').enumerate() {
        record.io.push(text(&format!("field_{i}"), field));
        for part in field.split('-') {
            if i == 0 && !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphabetic()) {
                record.io.push(text("event", part));
            } else {
                reading(record, part);
            }
        }
    }
}

/// A battery reading in one of its forms, if `part` is one.
fn reading(record: &mut Record, part: &str) {
    let (voltage, level) = match part.split_once(';') {
        Some((voltage, level)) => (voltage, Some(level)),
        None => (part, None),
    };
    let lower = voltage.to_ascii_lowercase();
    let volts = if let Some(mv) = lower.strip_suffix("mv") {
        crate::fix::digits(mv).map(|mv| f64::from(mv) / 1000.0)
    } else {
        let number = lower
            .strip_prefix('v')
            .or_else(|| lower.strip_suffix('v'))
            .or(level.map(|_| lower.as_str()));
        number
            .filter(|n| n.contains('.'))
            .and_then(crate::fix::decimal)
    };
    let Some(volts) = volts.filter(|v| *v < 100.0) else {
        return;
    };
    record.values.push(NamedValue::new(
        Sensor::Input("battery_voltage".into()),
        Value::Number(volts),
    ));
    let percent = level
        .and_then(|l| l.strip_suffix('%'))
        .and_then(crate::fix::digits)
        .filter(|p| *p <= 100);
    if let Some(percent) = percent {
        record.values.push(NamedValue::new(
            Sensor::BatteryLevel,
            Value::Number(f64::from(percent)),
        ));
    }
}

fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
