//! Named values for Gotop reports.
//!
//! Every raw field is also kept in [`Record::io`](crate::Record) as text
//! under its name ([`super::decode`]).
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | `type` `CMD-KEY` | alarm | sos |
//! | `type` `ALM-B<n>-1` / `ALM-B<n>-0` | alarm | geofence_enter / geofence_exit (zone n) |
//! | `status`: its second-to-last part | battery_level | percent |
//! | `status`: its first three parts, when six | external_power_state, moving… | raw only: see below |
//!
//! The status field is `[<USB power>-<GPS on>-<charging>-<reserved>-]
//! <battery %>-<GSM signal>`; only the battery level is named. The GSM
//! part's scale is not settled by the samples (values up to 70 next to
//! ones of 19–31), so it stays raw.

use crate::sensor::{NamedValue, Sensor, Value};

/// The alarm a report type raises, if it raises one.
pub fn alarm(kind: &str) -> Option<NamedValue> {
    let name = match kind {
        "CMD-KEY" => "sos",
        _ if kind.starts_with("ALM-B") && kind.ends_with("-1") => "geofence_enter",
        _ if kind.starts_with("ALM-B") && kind.ends_with("-0") => "geofence_exit",
        _ => return None,
    };
    Some(NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned())))
}

/// The battery level from the status field, if it holds one.
pub fn battery_level(status: &str) -> Option<NamedValue> {
    let parts: Vec<&str> = status.split('-').collect();
    let level: u8 = parts
        .len()
        .checked_sub(2)
        .and_then(|i| parts[i].parse().ok())?;
    (level <= 100).then(|| NamedValue::new(Sensor::BatteryLevel, Value::Number(level.into())))
}
