//! Manufacturer additional-information items of location reports.
//!
//! The standard leaves 0xE0-0xFF to manufacturers, and trackers in the
//! field use many ids below that too. These are the layouts devices are
//! known to send; each is recognised only when its length fits, so an id
//! another maker uses differently with another length stays raw. Every
//! item stays raw in `Record::io` whether it is named here or not.
//!
//! | item | layout                                                   | named values                           |
//! |------|----------------------------------------------------------|----------------------------------------|
//! | 0x33 | text `*M00,ss,LLbbbxx…`: `bbb` lock battery, 0.01 V      | battery_voltage                        |
//! | 0x51 | 1 or 8 words, sign bit 15 + 0.1 °C, `FFFF` = absent      | ext_temp_sensor_n                      |
//! | 0x56 | battery tenths (1), reserved (1)                         | battery_level                          |
//! | 0x57 | harsh driving bits 8-10 (2), inputs (2), alarms (4)      | alarm (harsh_*; MV710G door)           |
//! | 0x63 | per lock, 11 bytes: id (6), battery mV (2), seal `'1'` (1), state (1), signal (1) | lock_n_battery_voltage, lock_n_sealed |
//! | 0x69 | battery, 0.01 V (2)                                      | battery_voltage                        |
//! | 0x77 | per tyre, 8 bytes: index (1), sensor (3), pressure bits 0-9 in 1/40 bar (2), temperature + 50 °C (1), status (1) | tire_n_pressure, tire_n_temperature |
//! | 0x82 | external power, 0.1 V (2)                                | board_voltage                          |
//! | 0xD5 | lock count (1), per lock: id (5), card (5), battery % (1), status (2, bit 5 = open) | lock_n_battery_level, lock_n_locked |
//! | 0xE6 | per sensor, 11 bytes: index (1), MAC (6), temperature and humidity as whole + 1/255 fraction (2 each) | ext_temp_sensor_n, humidity_n |
//! | 0xE8 | Jimi: event code (2) and its data                        | alarm, ignition                        |
//! | 0xEB | sub-items, see [`super::items_eb`]                       |                                        |
//! | 0xF1 | external power, mV (4)                                   | board_voltage                          |
//! | 0xF7 | battery mV (4), charge state (1: 2, 3 = charging), level % (1) | battery_voltage, charging, battery_level |
//! | 0xFE | 1 byte: battery %; `7C` + sub-items, 0x01 = driving alarm bits | battery_level; alarm              |

use std::borrow::Cow;

use crate::sensor::{NamedValue, Sensor, Value};

use super::io::alarm_value;
use super::items_eb;
use super::variant::Jt808Variant;

/// The named values of a report's manufacturer items.
pub fn named(items: &[(u8, &[u8])], variant: Jt808Variant) -> Vec<NamedValue> {
    let mut out = Vec::new();
    for &(id, v) in items {
        match (id, v.len()) {
            (0x33, 2..) => lock_text(v, &mut out),
            (0x51, 2 | 16) => {
                for (i, w) in v.chunks_exact(2).enumerate() {
                    let raw = u16::from_be_bytes([w[0], w[1]]);
                    if raw != 0xFFFF {
                        let tenths = f64::from(raw & 0x7FFF);
                        let c = if raw & 0x8000 != 0 { -tenths } else { tenths } / 10.0;
                        out.push(numbered("ext_temp_sensor_", i + 1, "", c));
                    }
                }
            }
            (0x56, 2) => out.push(battery_level(f64::from(v[0]) * 10.0)),
            (0x57, 8) => {
                let harsh = u16::from_be_bytes([v[0], v[1]]);
                for (bit, name) in [
                    (8, "harsh_acceleration"),
                    (9, "harsh_braking"),
                    (10, "harsh_cornering"),
                ] {
                    if harsh & (1 << bit) != 0 {
                        out.push(alarm_value(name));
                    }
                }
                let alarms = be(&v[4..8]);
                if variant == Jt808Variant::Mv710g && alarms & (1 << 16) != 0 {
                    out.push(alarm_value("door"));
                }
            }
            (0x63, n) if n > 0 && n.is_multiple_of(11) => {
                for (i, lock) in v.chunks_exact(11).enumerate() {
                    let mv = be(&lock[6..8]) as f64;
                    out.push(numbered("lock_", i + 1, "_battery_voltage", mv / 1000.0));
                    out.push(state(
                        format!("lock_{}_sealed", i + 1),
                        Value::Bool(lock[8] == b'1'),
                    ));
                }
            }
            (0x69, 2) => out.push(input("battery_voltage", be(v) as f64 / 100.0)),
            (0x77, n) if n > 0 && n.is_multiple_of(8) => {
                for tyre in v.chunks_exact(8) {
                    let index = usize::from(tyre[0]);
                    let pressure = (be(&tyre[4..6]) & 0x3FF) as f64 / 40.0;
                    let temperature = f64::from(tyre[6]) - 50.0;
                    out.push(numbered("tire_", index, "_pressure", pressure));
                    out.push(numbered("tire_", index, "_temperature", temperature));
                }
            }
            (0x82, 2) => out.push(input("board_voltage", be(v) as f64 / 10.0)),
            (0xD5, n) if n >= 1 && usize::from(v[0]) * 13 == n - 1 => {
                for (i, lock) in v[1..].chunks_exact(13).enumerate() {
                    let n = i + 1;
                    out.push(state(format!("lock_{n}_id"), Value::Text(hex(&lock[..5]))));
                    out.push(numbered("lock_", n, "_battery_level", f64::from(lock[10])));
                    let status = be(&lock[11..13]);
                    out.push(state(
                        format!("lock_{n}_locked"),
                        Value::Bool(status & (1 << 5) == 0),
                    ));
                }
            }
            (0xE6, n) if n > 0 && n.is_multiple_of(11) => {
                for sensor in v.chunks_exact(11) {
                    let index = usize::from(sensor[0]);
                    let temperature = whole_and_255ths(sensor[7], sensor[8]);
                    let humidity = whole_and_255ths(sensor[9], sensor[10]);
                    out.push(numbered("ext_temp_sensor_", index, "", temperature));
                    out.push(numbered("humidity_", index, "", humidity));
                }
            }
            (0xE8, 2..) if variant == Jt808Variant::Jimi => {
                jimi_event(be(&v[..2]) as u16, &mut out);
            }
            (0xEB, _) => items_eb::named(v, &mut out),
            (0xF1, 4) => out.push(input("board_voltage", be(v) as f64 / 1000.0)),
            (0xF7, 4..=6) => {
                out.push(input("battery_voltage", be(&v[..4]) as f64 / 1000.0));
                if let Some(&charge) = v.get(4) {
                    out.push(state(
                        "charging".into(),
                        Value::Bool(matches!(charge, 2 | 3)),
                    ));
                }
                if let Some(&level) = v.get(5) {
                    out.push(battery_level(f64::from(level)));
                }
            }
            (0xFE, 1) => out.push(battery_level(f64::from(v[0]))),
            (0xFE, 3..) if v[0] == 0x7C => driving_alarms(&v[1..], &mut out),
            _ => {}
        }
    }
    out
}

/// 0x33 from e-locks: `*M00,<signal>,<7-char lock state>…`, where the
/// lock state's characters 2-4 are the battery in hundredths of a volt.
fn lock_text(v: &[u8], out: &mut Vec<NamedValue>) {
    if !v.starts_with(b"*M00,") {
        return;
    }
    let digits = v.get(10..13).and_then(|d| std::str::from_utf8(d).ok());
    if let Some(centivolts) = digits.and_then(|d| d.parse::<u16>().ok()) {
        out.push(input("battery_voltage", f64::from(centivolts) / 100.0));
    }
}

/// 0xFE after its `7C` mark: sub-items id (1), length (1), value; sub-item
/// 0x01 is a 4-byte word of driving alarms.
fn driving_alarms(mut rest: &[u8], out: &mut Vec<NamedValue>) {
    while let [id, len, tail @ ..] = rest {
        let Some(value) = tail.get(..usize::from(*len)) else {
            return;
        };
        if *id == 0x01 && value.len() == 4 {
            let bits = be(value);
            for (bit, name) in [
                (0, "harsh_acceleration"),
                (1, "harsh_braking"),
                (2, "harsh_cornering"),
                (3, "collision"),
                (4, "tampering"),
            ] {
                if bits & (1 << bit) != 0 {
                    out.push(alarm_value(name));
                }
            }
        }
        rest = &tail[value.len()..];
    }
}

/// Jimi dashcam event codes in item 0xE8.
fn jimi_event(code: u16, out: &mut Vec<NamedValue>) {
    let alarm = match code {
        0x0001 => "fault",
        0x0400 | 0x0412 => "harsh_acceleration",
        0x0401 | 0x0413 => "harsh_braking",
        0x0402 | 0x0414 => "harsh_cornering",
        0x0403 => "overspeed",
        0x0405 | 0x0416 | 0x0417 => "collision",
        0x0406 => "vibration",
        0x0407 => "tow",
        0x0408 => "geofence_enter",
        0x0409 => "geofence_exit",
        0x040C => "door",
        0x0415 => "lane_change",
        0x0C01 => "sos",
        0x0C02 => "low_power",
        0x0C0E => "power_cut",
        0x0C0F => "low_battery",
        0x0C10 => "power_off",
        0x0C12 => "tampering",
        0x0C03 | 0x0C04 => {
            out.push(NamedValue::new(
                Sensor::Ignition,
                Value::Bool(code == 0x0C03),
            ));
            return;
        }
        _ => return,
    };
    out.push(alarm_value(alarm));
}

/// A signed whole part and an unsigned fraction in 255ths.
fn whole_and_255ths(whole: u8, fraction: u8) -> f64 {
    let whole = whole as i8;
    let magnitude = f64::from(whole.unsigned_abs()) + f64::from(fraction) / 255.0;
    if whole < 0 { -magnitude } else { magnitude }
}

/// Big-endian unsigned value of up to 8 bytes.
pub(super) fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}

pub(super) fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

pub(super) fn state(name: String, value: Value) -> NamedValue {
    NamedValue::new(Sensor::State(Cow::Owned(name)), value)
}

pub(super) fn battery_level(percent: f64) -> NamedValue {
    NamedValue::new(Sensor::BatteryLevel, Value::Number(percent))
}

/// `<prefix><n><suffix>` as a sensor input.
fn numbered(prefix: &str, n: usize, suffix: &str, value: f64) -> NamedValue {
    NamedValue::new(
        Sensor::Input(Cow::Owned(format!("{prefix}{n}{suffix}"))),
        Value::Number(value),
    )
}
