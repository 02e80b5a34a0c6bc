//! Named values for well-known Galileosky tags.
//!
//! Meanings and scales follow the tag table of the Galileosky user manuals.
//! Every tag, mapped or not, stays raw in `Record::io` under its number.
//!
//! | tag        | named value                    | conversion                              |
//! |------------|--------------------------------|-----------------------------------------|
//! | `41`       | board_voltage                  | supply voltage, mV → V                  |
//! | `42`       | battery_voltage                | internal battery, mV → V                |
//! | `45`       | output_1..output_8             | bit n of the outputs word               |
//! | `46`       | input_1..input_8               | bit n of the inputs word                |
//! | `50`..`57` | analog_1..analog_8             | mV → V                                  |
//! | `70`..`77` | ext_temp_sensor_1..8           | byte 1 of id + temperature, signed °C; -128 = no sensor |
//! | `90`       | hardware_key (state)           | first iButton id → 8 hex digits, 0 = none |
//! | `D4`       | odometer                       | metres (from the GNSS track)            |
//! | `C1`       | can_fuel, can_engine_temp, can_rpm | byte 0 × 0.4 %, byte 1 − 40 °C, bytes 2..4 × 0.125 rpm; all zero = no CAN |
//! | `C2`       | can_mileage                    | × 5 m → km                              |

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// The named values carried by `io`, in element order.
pub fn named_values(io: &[IoElement]) -> Vec<NamedValue> {
    let mut out = Vec::new();
    for element in io {
        let (IoKey::Id(tag), IoValue::Uint { value, .. }) = (&element.key, &element.value) else {
            continue;
        };
        named(*tag, *value, &mut out);
    }
    out
}

fn input(name: impl Into<Cow<'static, str>>, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(name.into()), Value::Number(value))
}

fn named(tag: u16, raw: u64, out: &mut Vec<NamedValue>) {
    match tag {
        0x41 => out.push(input("board_voltage", raw as f64 / 1000.0)),
        0x42 => out.push(input("battery_voltage", raw as f64 / 1000.0)),
        0x45 => out.extend((0..8).map(|bit| {
            NamedValue::new(
                Sensor::DigitalOutput(bit + 1),
                Value::Bool(raw >> bit & 1 != 0),
            )
        })),
        0x46 => out.extend((0..8).map(|bit| {
            NamedValue::new(
                Sensor::DigitalInput(bit + 1),
                Value::Bool(raw >> bit & 1 != 0),
            )
        })),
        0x50..=0x57 => out.push(input(
            format!("analog_{}", tag - 0x50 + 1),
            raw as f64 / 1000.0,
        )),
        0x70..=0x77 => {
            let celsius = (raw >> 8) as u8 as i8;
            if celsius != i8::MIN {
                out.push(input(
                    format!("ext_temp_sensor_{}", tag - 0x70 + 1),
                    f64::from(celsius),
                ));
            }
        }
        0x90 if raw != 0 => out.push(NamedValue::new(
            Sensor::State(Cow::Borrowed("hardware_key")),
            Value::Text(format!("{raw:08x}")),
        )),
        0xD4 => out.push(NamedValue::new(
            Sensor::OdometerM,
            Value::Number(raw as f64),
        )),
        0xC1 if raw != 0 => {
            out.push(input("can_fuel", (raw & 0xFF) as f64 * 0.4));
            out.push(input("can_engine_temp", ((raw >> 8) & 0xFF) as f64 - 40.0));
            out.push(input("can_rpm", (raw >> 16) as f64 * 0.125));
        }
        0xC2 => out.push(input("can_mileage", raw as f64 * 5.0 / 1000.0)),
        _ => {}
    }
}
