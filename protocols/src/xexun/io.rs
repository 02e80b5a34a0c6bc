//! Xexun fields around the RMC sentence, as raw elements and named values.
//!
//! Every field is kept raw in `Record::io` under the name below
//! (`IoKey::Name`); a field that does not parse stays raw text only.
//!
//! | field (io name)      | named value            | conversion                               |
//! |----------------------|------------------------|------------------------------------------|
//! | `signal` (F / L)     | —                      | GPS signal full / low, raw               |
//! | `alarm_text`         | alarm, ignition        | table in [`alarm`]; `ACC on/off` → ignition |
//! | `device_time`, `phone` (head) | —             | raw                                      |
//! | satellites           | `Record::satellites`   |                                          |
//! | altitude             | `Record::altitude_m`   | metres                                   |
//! | `battery` (`F:4.15V`)| battery_voltage        | volts; `battery_state` F / L raw         |
//! | `ADC1=…V`, `ADC2=…V` | analog_1, analog_2     | volts                                    |
//! | `charging` (0 / 1)   | external_power_state   | 1 = on                                   |
//! | `length`, `crc`      | —                      | raw                                      |
//! | `mcc`, `mnc`, `lac`, `cid` | —                | raw (lac and cid hexadecimal text)       |
//! | odometer (`6.21km`)  | odometer               | km → m                                   |

use std::borrow::Cow;

use crate::record::{IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::decode::number;

fn raw(record: &mut Record, name: &str, value: &str) {
    record.io.push(IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    });
}

fn named(record: &mut Record, sensor: Sensor, value: Value) {
    record.values.push(NamedValue::new(sensor, value));
}

/// The alarm an alert text stands for (the texts Xexun trackers also send
/// by SMS), matched without case, spaces or `!`.
pub fn alarm(text: &str) -> Option<&'static str> {
    let key: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Some(match key.as_str() {
        "helpme" => "sos",
        "lowbattery" => "low_battery",
        "move" => "movement",
        "speed" => "overspeed",
        "stockade" => "geofence",
        "acalarm" | "poweralarm" => "power_cut",
        "dooralarm" => "door",
        "sensoralarm" => "vibration",
        _ => return None,
    })
}

/// Ignition from an `ACC` alert text.
fn ignition(text: &str) -> Option<bool> {
    let key: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "accstart" | "accon" => Some(true),
        "accstop" | "accoff" => Some(false),
        _ => None,
    }
}

/// `,<F|L>,<alert text>,` between the sentence and the IMEI.
pub fn status(record: &mut Record, text: &str) {
    let mut fields = text.split(',').map(str::trim).skip_while(|f| f.is_empty());
    if let Some(signal) = fields.next() {
        raw(record, "signal", signal);
    }
    let alert: Vec<&str> = fields.filter(|f| !f.is_empty()).collect();
    if alert.is_empty() {
        return;
    }
    let alert = alert.join(",");
    raw(record, "alarm_text", &alert);
    if let Some(name) = alarm(&alert) {
        named(record, Sensor::Alarm, Value::Text(name.to_owned()));
    }
    if let Some(on) = ignition(&alert) {
        named(record, Sensor::Ignition, Value::Bool(on));
    }
}

/// The full form's head: `<yymmddhhmmss>,<phone>,`.
pub fn head(record: &mut Record, text: &str) {
    let mut fields = text.split(',').map(str::trim);
    for name in ["device_time", "phone"] {
        match fields.next() {
            Some(value) if !value.is_empty() => raw(record, name, value),
            _ => {}
        }
    }
}

/// The full form's tail after the IMEI (empty for the simple form).
pub fn tail(record: &mut Record, text: &str) {
    let fields: Vec<&str> = text.split(',').map(str::trim).collect();
    let field = |i: usize| fields.get(i).copied().filter(|f| !f.is_empty());
    if let Some(sats) = field(0) {
        raw(record, "satellites", sats);
        record.satellites = sats.parse().ok();
    }
    if let Some(altitude) = field(1) {
        raw(record, "altitude", altitude);
        if let Some(m) = number(altitude).filter(|m| (-12_000.0..=18_000.0).contains(m)) {
            record.altitude_m = m;
        }
    }
    if let Some(battery) = field(2) {
        raw(record, "battery", battery);
        power(record, battery);
    }
    if let Some(charging) = field(3) {
        raw(record, "charging", charging);
        if let Some(on) = match charging {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        } {
            let sensor = Sensor::State(Cow::Borrowed("external_power_state"));
            named(record, sensor, Value::Bool(on));
        }
    }
    for (i, name) in ["length", "crc", "mcc", "mnc", "lac", "cid"]
        .into_iter()
        .enumerate()
    {
        if let Some(value) = field(4 + i) {
            raw(record, name, value);
        }
    }
    if let Some(odometer) = field(10) {
        raw(record, "odometer", odometer);
        if let Some(km) = odometer.strip_suffix("km").and_then(number) {
            named(record, Sensor::OdometerM, Value::Number(km * 1000.0));
        }
    }
}

/// `F:4.01V/ADC1=0.20V/ADC2=0.00V`: battery state and voltage, analog inputs.
fn power(record: &mut Record, text: &str) {
    let mut parts = text.split('/');
    if let Some((state, volts)) = parts.next().and_then(|p| p.split_once(':')) {
        raw(record, "battery_state", state);
        if let Some(v) = volts.strip_suffix('V').and_then(number) {
            let sensor = Sensor::Input(Cow::Borrowed("battery_voltage"));
            named(record, sensor, Value::Number(v));
        }
    }
    for part in parts {
        let Some((name, volts)) = part.split_once('=') else {
            continue;
        };
        let input = match name {
            "ADC1" => "analog_1",
            "ADC2" => "analog_2",
            _ => continue,
        };
        if let Some(v) = volts.strip_suffix('V').and_then(number) {
            named(
                record,
                Sensor::Input(Cow::Borrowed(input)),
                Value::Number(v),
            );
        }
    }
}
