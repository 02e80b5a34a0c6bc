//! Named values for H02's status word and battery level.
//!
//! Every location sentence and binary frame ends with `vehicle_status`:
//! four bytes (eight hex digits in text) in negative logic, a bit at 0
//! meaning "active". It is always kept raw as `status` (a 4-byte
//! [`IoValue::Uint`]), so nothing the device said is lost.
//!
//! | source                        | named value     | conversion                 |
//! |-------------------------------|-----------------|----------------------------|
//! | status bit 10 (byte 3, bit 2) | ignition        | bit clear = on             |
//! | `HTBT,<n>` heartbeat          | battery_level   | percent, 0..=100           |
//!
//! ACC in byte 3, bit 2 is where the vendor's status table puts it, and the
//! corpus agrees: moving vehicles report `FFFFFBFF`, parked ones `FFFFFFFF`.
//! The table also lists alarm bits (SOS, overspeed, backup battery, …),
//! but they are deliberately not mapped: the table could not be re-read
//! for this change, and models differ — several devices in the corpus
//! routinely send `FFFBFFFF`, which one reading of the table calls an SOS.
//! A false SOS is worse than none; the raw word lets them be mapped later.

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{NamedValue, Sensor, Value};

/// The ACC (ignition) bit of the status word; 0 = on.
const ACC_BIT: u32 = 10;

/// The raw status element.
pub fn status_element(status: u32) -> IoElement {
    IoElement {
        key: IoKey::Name("status".into()),
        value: IoValue::Uint {
            value: u64::from(status),
            width: 4,
        },
    }
}

/// The named values the status word carries.
pub fn status_values(status: u32) -> Vec<NamedValue> {
    let acc_on = status & (1 << ACC_BIT) == 0;
    vec![NamedValue::new(Sensor::Ignition, Value::Bool(acc_on))]
}

/// A battery level in percent, if `percent` is one.
pub fn battery_level(percent: u32) -> Option<NamedValue> {
    (percent <= 100)
        .then(|| NamedValue::new(Sensor::BatteryLevel, Value::Number(f64::from(percent))))
}

/// A text field kept raw under its name.
pub fn text(name: impl Into<String>, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(value.to_owned()),
    }
}

/// Eight hex digits as a status word.
pub fn parse_status(field: &str) -> Option<u32> {
    if field.len() != 8 || !field.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(field, 16).ok()
}
