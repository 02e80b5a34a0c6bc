//! Named values for JT/T 808 location reports.
//!
//! From the standard's tables (JT/T 808-2019, location basic information
//! and additional information items); every item stays raw in
//! `Record::io` whether named here or not:
//!
//! | source                      | named value         | conversion                      |
//! |-----------------------------|---------------------|---------------------------------|
//! | status bit 0 (ACC)          | ignition            | bit set = on                    |
//! | alarm flag bits             | alarm (one per bit) | names below                     |
//! | item 0x01 mileage (DWORD)   | odometer            | 0.1 km → m                      |
//! | item 0x02 fuel (WORD)       | fuel_level          | 0.1 l → l                       |
//! | item 0x2B analog (DWORD)    | analog_1, analog_2  | bits 0-15 AD0, bits 16-31 AD1   |
//! | item 0x30 signal (BYTE)     | gsm_signal          | CSQ 0..31 → percent             |
//! | item 0x31 satellites (BYTE) | `Record::satellites`| count                           |
//!
//! Items 0xE0-0xFF are reserved by the standard for manufacturers, and
//! devices in the field use several ids below 0xE0 for their own purposes
//! too; [`super::items`] names those whose layout is known. The alarm and
//! status words are read per [`Jt808Variant`]: some models give bits the
//! standard leaves reserved a meaning of their own.

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

use super::variant::Jt808Variant;

/// Alarm flag bits and the alarm names they map to (JT/T 808-2019).
const ALARMS: &[(u32, &str)] = &[
    (0, "sos"),
    (1, "overspeed"),
    (2, "fatigue_driving"),
    (3, "danger_warning"),
    (4, "gnss_fault"),
    (5, "gnss_antenna_cut"),
    (6, "gnss_antenna_short"),
    (7, "low_power"),
    (8, "power_cut"),
    (9, "display_fault"),
    (10, "tts_fault"),
    (11, "camera_fault"),
    (12, "ic_card_fault"),
    (13, "overspeed_warning"),
    (14, "fatigue_warning"),
    (18, "driving_overtime"),
    (19, "parking_overtime"),
    (20, "geofence"),
    (21, "route"),
    (22, "route_time"),
    (23, "route_deviation"),
    (24, "vss_fault"),
    (25, "fuel_abnormal"),
    (26, "stolen"),
    (27, "illegal_ignition"),
    (28, "illegal_movement"),
    (29, "collision"),
    (30, "rollover"),
    (31, "illegal_door_open"),
];

/// Status bit 0: ACC (ignition) on.
const STATUS_ACC: u32 = 1;
/// Status bit 16: the standard's fourth door, the MV710G's door input.
const STATUS_DOOR_4: u32 = 1 << 16;
/// Alarm bit 16 (reserved in the standard): the AOVX movement alarm.
const AOVX_MOVEMENT: u32 = 1 << 16;

/// The satellite count, from item 0x31.
pub fn satellites(io: &[IoElement]) -> Option<u8> {
    item(io, 0x31).and_then(|n| u8::try_from(n).ok())
}

/// The alarm names set in `alarm`, in bit order.
pub fn alarms(alarm: u32) -> impl Iterator<Item = &'static str> {
    ALARMS
        .iter()
        .filter(move |(bit, _)| alarm & (1 << bit) != 0)
        .map(|(_, name)| *name)
}

/// The named values of one location report's basic information and
/// standard items, read with `variant`'s alarm and status layout.
pub fn named_values(
    alarm: u32,
    status: u32,
    io: &[IoElement],
    variant: Jt808Variant,
) -> Vec<NamedValue> {
    let mut out = vec![NamedValue::new(
        Sensor::Ignition,
        Value::Bool(status & STATUS_ACC != 0),
    )];
    match variant {
        Jt808Variant::Aovx => {
            if alarm & AOVX_MOVEMENT != 0 {
                out.push(alarm_value("movement"));
            }
        }
        _ => out.extend(alarms(alarm).map(alarm_value)),
    }
    if variant == Jt808Variant::Mv710g {
        out.push(NamedValue::new(
            Sensor::State(Cow::Borrowed("door")),
            Value::Bool(status & STATUS_DOOR_4 != 0),
        ));
    }
    if let Some(tenths_km) = item(io, 0x01) {
        out.push(NamedValue::new(
            Sensor::OdometerM,
            Value::Number(tenths_km as f64 * 100.0),
        ));
    }
    if let Some(tenths_l) = item(io, 0x02) {
        out.push(input("fuel_level", tenths_l as f64 / 10.0));
    }
    if let Some(analog) = item(io, 0x2B) {
        out.push(input("analog_1", (analog & 0xFFFF) as f64));
        out.push(input("analog_2", (analog >> 16 & 0xFFFF) as f64));
    }
    if let Some(csq) = item(io, 0x30) {
        let percent = (csq.min(31) as f64 * 100.0 / 31.0).round();
        out.push(NamedValue::new(Sensor::GsmSignal, Value::Number(percent)));
    }
    out
}

/// An alarm named value.
pub fn alarm_value(name: &str) -> NamedValue {
    NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned()))
}

fn input(name: &'static str, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(Cow::Borrowed(name)), Value::Number(value))
}

/// An integer item by id, only when it has the width the standard gives it.
fn item(io: &[IoElement], id: u16) -> Option<u64> {
    let expected = match id {
        0x01 | 0x2B => 4,
        0x02 => 2,
        _ => 1,
    };
    io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Id(i), IoValue::Uint { value, width }) if *i == id && *width == expected => {
            Some(*value)
        }
        _ => None,
    })
}
