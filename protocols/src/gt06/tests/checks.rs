//! What each corpus assertion means for the messages the codec returned.

use serde_json::Value as Json;

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};

pub(super) fn check(sample: &Json, messages: &[Message]) -> Result<(), String> {
    let expected = &sample["expected"];
    let records: Vec<&Record> = messages
        .iter()
        .flat_map(|m| match m {
            Message::Records { records, .. } => records.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    match sample["assert"].as_str().expect("assert kind") {
        "null" => {
            if !records.is_empty() {
                return Err(format!("expected no records, got {records:?}"));
            }
        }
        "not_null" => {
            if messages.is_empty() {
                return Err("no message".into());
            }
        }
        "position" | "positions" => {
            if records.is_empty() {
                return Err(format!("no records in {messages:?}"));
            }
            for r in &records {
                if r.source == FixSource::Gnss {
                    plausible(r)?;
                }
            }
            if let Some(lat) = expected["lat"].as_f64() {
                let r = records[0];
                let lon = expected["lon"].as_f64().expect("lon");
                if (r.latitude - lat).abs() > 1e-5 || (r.longitude - lon).abs() > 1e-5 {
                    return Err(format!("position {} {}", r.latitude, r.longitude));
                }
                if expected["valid"].as_bool() != Some(r.valid) {
                    return Err("validity".into());
                }
            }
        }
        "attributes" => {
            let text = messages
                .iter()
                .any(|m| matches!(m, Message::CommandResponse { text, .. } if !text.is_empty()));
            if !text && !records.iter().any(|r| !r.io.is_empty()) {
                return Err(format!("no attributes in {messages:?}"));
            }
        }
        "attribute" => return attribute(&expected["attribute"], messages, &records),
        other => return Err(format!("unhandled assert kind {other}")),
    }
    Ok(())
}

fn value<'a>(records: &[&'a Record], sensor: &Sensor) -> Option<&'a Value> {
    records
        .iter()
        .flat_map(|r| r.values.iter())
        .find(|v| &v.sensor == sensor)
        .map(|v| &v.value)
}

fn attribute(attr: &Json, messages: &[Message], records: &[&Record]) -> Result<(), String> {
    let key = attr["key"].as_str().expect("key");
    let want = &attr["value"];
    let number = |name: &str| {
        let target = want.as_f64().expect("a number");
        value(records, &Sensor::Input(name.to_owned().into()))
            .is_some_and(|v| matches!(v, Value::Number(n) if (n - target).abs() < 1e-6))
    };
    let state = |name: &str| value(records, &Sensor::State(name.to_owned().into())).cloned();
    let found = match key {
        "alarm" => {
            let ours = match want.as_str().expect("alarm name") {
                "lowBattery" => "low_battery",
                "hardBraking" => "harsh_braking",
                "hardAcceleration" => "harsh_acceleration",
                "powerCut" => "power_cut",
                "accident" => "collision",
                other => other,
            };
            value(records, &Sensor::Alarm) == Some(&Value::Text(ours.into()))
        }
        "ignition" => value(records, &Sensor::Ignition) == Some(&Value::Bool(want == true)),
        "batteryLevel" => {
            value(records, &Sensor::BatteryLevel) == want.as_f64().map(Value::Number).as_ref()
        }
        "event" => records.iter().any(|r| r.event.map(u64::from) == want.as_u64()),
        "iccid" => {
            let text = want.as_str().expect("text");
            state("iccid") == Some(Value::Text(text.into()))
                || messages.iter().any(
                    |m| matches!(m, Message::CommandResponse { text: t, .. } if t.contains(text)),
                )
        }
        "result" => messages.iter().any(|m| {
            matches!(m, Message::CommandResponse { text, .. } if Some(text.as_str()) == want.as_str())
        }),
        "driverUniqueId" => state("hardware_key") == want.as_str().map(|t| Value::Text(t.into())),
        "door" => state("door") == want.as_bool().map(Value::Bool),
        "power" if want.is_null() => !records.is_empty(),
        "power" => number("board_voltage"),
        "battery" => number("battery_voltage"),
        "temp1" => number("ext_temp_sensor_1"),
        "tag1Temp" => number("ble_temp_sensor_1"),
        "humidity" => number("humidity"),
        "hours" => {
            let ms = want.as_f64().expect("ms");
            value(records, &Sensor::Input("engine_hours".into()))
                .is_some_and(|v| matches!(v, Value::Number(h) if (h * 3_600_000.0 - ms).abs() < 1.0))
        }
        "altitude" => records
            .iter()
            .any(|r| Some(r.altitude_m) == want.as_f64()),
        "networkTechnology" | "serial" | "eventFiles" => {
            let name = match key {
                "networkTechnology" => "network_technology",
                "serial" => "serial",
                _ => "event_files",
            };
            raw(records, name) == want.as_str().map(|t| IoValue::Text(t.into())).as_ref()
        }
        "drivingTime" => raw(records, "driving_time").and_then(IoValue::as_u64) == want.as_u64(),
        other => return Err(format!("no check written for attribute {other}")),
    };
    if found {
        Ok(())
    } else {
        Err(format!("{key} = {want} not found in {messages:?}"))
    }
}

/// The raw element named `name`, in the first record that has one.
fn raw<'a>(records: &[&'a Record], name: &str) -> Option<&'a IoValue> {
    records
        .iter()
        .flat_map(|r| r.io.iter())
        .find(|e| e.key == IoKey::Name(name.to_owned()))
        .map(|e| &e.value)
}

/// The corpus's plausibility bounds, with Traccar's 869-knot limit in km/h.
fn plausible(r: &Record) -> Result<(), String> {
    crate::test_support::plausibility(r)
}
