//! Named values for well-known Ruptela IO ids.
//!
//! Ids follow Ruptela's published IO list for the FM-Eco4 / FM-Pro4 family
//! (the same ids in records and extended records). Every element, mapped or
//! not, stays raw in `Record::io`. The last column says how sure the
//! mapping is: *corpus* where a corpus sample asserts the value, *list*
//! where it was read from the IO list, *unconfirmed* where it is the
//! commonly published meaning but was not re-read for this change.
//!
//! | IO id | named value              | conversion                           | checked     |
//! |-------|--------------------------|--------------------------------------|-------------|
//! | 2..=5 | input_1..input_4         | non-zero = on                        | list        |
//! | 5     | ignition                 | DIN4, the ignition input, on/off     | unconfirmed |
//! | 173   | moving                   | movement sensor, non-zero = moving   | unconfirmed |
//! | 27    | gsm_signal               | CSQ 0..31 → percent; 99 and over = unknown | unconfirmed |
//! | 29    | board_voltage            | mV → V (power supply)                | list        |
//! | 30    | battery_voltage          | mV → V (internal battery)            | list        |
//! | 22, 23| analog_1, analog_2       | mV → V                               | unconfirmed |
//! | 65    | odometer                 | metres (virtual odometer)            | unconfirmed |
//! | 34    | hardware_key (state)     | 8-byte iButton id → 16 hex digits, 0 = none | corpus |

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// The iButton (driver key) id.
pub const IBUTTON: u16 = 34;

/// The named values carried by `io`, in element order.
pub fn named_values(io: &[IoElement]) -> Vec<NamedValue> {
    let mut out = Vec::new();
    for element in io {
        let (IoKey::Id(id), IoValue::Uint { value, width }) = (&element.key, &element.value) else {
            continue;
        };
        named(*id, *value, *width, &mut out);
    }
    out
}

fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

fn named(id: u16, raw: u64, width: u8, out: &mut Vec<NamedValue>) {
    let on = Value::Bool(raw != 0);
    match id {
        2..=5 => {
            out.push(NamedValue::new(
                Sensor::DigitalInput(id as u8 - 1),
                on.clone(),
            ));
            if id == 5 {
                out.push(NamedValue::new(Sensor::Ignition, on));
            }
        }
        173 => out.push(NamedValue::new(Sensor::Motion, on)),
        27 if raw < 99 => out.push(NamedValue::new(
            Sensor::GsmSignal,
            Value::Number((raw.min(31) as f64 * 100.0 / 31.0).round()),
        )),
        29 => out.push(input("board_voltage", raw as f64 / 1000.0)),
        30 => out.push(input("battery_voltage", raw as f64 / 1000.0)),
        22 => out.push(input("analog_1", raw as f64 / 1000.0)),
        23 => out.push(input("analog_2", raw as f64 / 1000.0)),
        65 => out.push(NamedValue::new(
            Sensor::OdometerM,
            Value::Number(raw as f64),
        )),
        IBUTTON if width == 8 && raw != 0 => out.push(NamedValue::new(
            Sensor::State(Cow::Borrowed("hardware_key")),
            Value::Text(format!("{raw:016x}")),
        )),
        _ => {}
    }
}
