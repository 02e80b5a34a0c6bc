//! The I/O and readings after a PT502 line's fix: `/`-separated parts.
//!
//! Every part is kept raw in [`Record::io`](crate::Record) as text, under
//! the name below or `part_<n>` (n from 0). What the samples show:
//!
//! | part | raw name | named value |
//! |---|---|---|
//! | 0: `<inputs>,<outputs>`, each a binary number (`00010,00000`) | `inputs`, `outputs` | input_n / output_n: bit n − 1 of the number |
//! | 1: analog inputs, hex, comma-separated (`142,0,0,0`) | `adc` | none: their scale is not published |
//! | 2: distance, metres | `odometer` | odometer |
//! | 4: battery, hex (`fd7`) | `battery` | none: the samples' values fit no one scale |
//!
//! The distance is read in metres: two reports 7 s apart at 31 knots
//! (some 110 m) differ by 200, in the samples' steps of 100.

use crate::record::Record;
use crate::sensor::{NamedValue, Sensor, Value};

use super::decode::text_io;

/// Reads the parts after the fix into `record`.
pub fn tail(record: &mut Record, tail: &str) {
    if tail.is_empty() {
        return;
    }
    for (i, part) in tail.split('/').enumerate() {
        match i {
            0 => {
                let (inputs, outputs) = part.split_once(',').unwrap_or((part, ""));
                record.io.push(text_io("inputs", inputs));
                record.io.push(text_io("outputs", outputs));
                flags(record, inputs, Sensor::DigitalInput);
                flags(record, outputs, Sensor::DigitalOutput);
            }
            1 => record.io.push(text_io("adc", part)),
            2 => {
                record.io.push(text_io("odometer", part));
                if let Some(metres) = crate::fix::digits(part) {
                    record.values.push(NamedValue::new(
                        Sensor::OdometerM,
                        Value::Number(f64::from(metres)),
                    ));
                }
            }
            4 => record.io.push(text_io("battery", part)),
            _ if part.is_empty() => {}
            _ => record.io.push(text_io(&format!("part_{i}"), part)),
        }
    }
}

/// Each bit of a binary number written in `0`/`1` digits, from the
/// right: bit 0 is number 1.
fn flags(record: &mut Record, digits: &str, sensor: fn(u8) -> Sensor) {
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| matches!(b, b'0' | b'1')) {
        return;
    }
    for (n, bit) in digits.bytes().rev().enumerate() {
        record.values.push(NamedValue::new(
            sensor(n as u8 + 1),
            Value::Bool(bit == b'1'),
        ));
    }
}
