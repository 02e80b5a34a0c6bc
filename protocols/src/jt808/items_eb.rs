//! Item 0xEB, which trackers fill three ways:
//!
//! - printable text: the device's time zone (`UTC+08:00`);
//! - cell towers: MCC (2, over 200), MNC (1), then 5 bytes per cell: kept
//!   raw;
//! - otherwise a list of sub-items, each length (2, counting the type),
//!   type (2), value:
//!
//! | type   | value                                       | named value              |
//! |--------|---------------------------------------------|--------------------------|
//! | 0x0001 | fuel, 0.1 (2), unit (1)                     | fuel_level_1             |
//! | 0x0023 | fuel, 6 ASCII characters (`000.88`)         | fuel_level_2             |
//! | 0x002D | 4 bytes: external power mV; 2: battery mV   | board_voltage / battery_voltage |
//! | 0x0089 | state word (4): bit 0 clear = power off, bit 12 clear = removed | alarm power_off, removing |
//! | 0x00A8, 0x00E1 | battery % (1)                       | battery_level            |
//! | 0x00B2 | ICCID, BCD (10), `f` padded                 | iccid                    |
//! | 0x00C5 | state word (4): bit 6 clear = vibration; bits 23-24: 0 moving, 1 still | alarm vibration, moving |
//! | 0x00CE | external power, 0.01 V (2)                  | board_voltage            |

use crate::sensor::{NamedValue, Sensor, Value};

use super::io::alarm_value;
use super::items::{battery_level, be, hex, input, state};

/// Appends the named values of one 0xEB item's content.
pub fn named(v: &[u8], out: &mut Vec<NamedValue>) {
    if !v.is_empty() && v.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        let zone = String::from_utf8_lossy(v).into_owned();
        out.push(state("timezone".into(), Value::Text(zone)));
        return;
    }
    if v.len() >= 3 && be(&v[..2]) > 200 && (v.len() - 3).is_multiple_of(5) {
        return; // cell towers
    }
    let mut rest = v;
    while let [l0, l1, tail @ ..] = rest {
        let len = usize::from(u16::from_be_bytes([*l0, *l1]));
        let Some(sub) = tail.get(..len) else {
            return;
        };
        rest = &tail[len..];
        let [t0, t1, value @ ..] = sub else {
            continue;
        };
        sub_item(u16::from_be_bytes([*t0, *t1]), value, out);
    }
}

fn sub_item(kind: u16, value: &[u8], out: &mut Vec<NamedValue>) {
    match (kind, value.len()) {
        (0x0001, 3) => out.push(input("fuel_level_1", be(&value[..2]) as f64 / 10.0)),
        (0x0023, 6) => {
            let text = std::str::from_utf8(value).ok();
            if let Some(fuel) = text.and_then(|t| t.trim().parse::<f64>().ok()) {
                out.push(input("fuel_level_2", fuel));
            }
        }
        (0x002D, 4) => out.push(input("board_voltage", be(value) as f64 / 1000.0)),
        (0x002D, 2) => out.push(input("battery_voltage", be(value) as f64 / 1000.0)),
        (0x0089, 4) => {
            let word = be(value);
            if word & 1 == 0 {
                out.push(alarm_value("power_off"));
            }
            if word & (1 << 12) == 0 {
                out.push(alarm_value("removing"));
            }
        }
        (0x00A8 | 0x00E1, 1) => out.push(battery_level(f64::from(value[0]))),
        (0x00B2, 10) => {
            let iccid = hex(value).trim_end_matches('f').to_owned();
            out.push(state("iccid".into(), Value::Text(iccid)));
        }
        (0x00C5, 4) => {
            let word = be(value);
            if word & (1 << 6) == 0 {
                out.push(alarm_value("vibration"));
            }
            match (word >> 23) & 0b11 {
                0 => out.push(NamedValue::new(Sensor::Motion, Value::Bool(true))),
                1 => out.push(NamedValue::new(Sensor::Motion, Value::Bool(false))),
                _ => {}
            }
        }
        (0x00CE, 2) => out.push(input("board_voltage", be(value) as f64 / 100.0)),
        _ => {}
    }
}
