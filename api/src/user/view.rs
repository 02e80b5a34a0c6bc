//! How the User API writes trackers, points and states.
//!
//! Field names and shapes follow seed 003. Where the seed's two state
//! examples disagree (`gps.lat`/`gps.lng` in `get_state`, `gps.location` in
//! `get_states`), both forms are written so clients of either work.

use serde_json::{Value, json};
use trackgate_actors::protocols::{FixSource, Record, Sensor, Value as Reading};
use trackgate_actors::store::{Tracker, TrackerState};

use crate::time::{format_date, format_datetime};

/// A connected tracker silent for this long is `offline`.
pub const OFFLINE_AFTER_MS: i64 = 10 * 60 * 1000;
/// A tracker without a valid fix for this long is `idle`.
pub const IDLE_AFTER_MS: i64 = 5 * 60 * 1000;
/// A tracker that moved within this time is `moving`.
pub const MOVING_WITHIN_MS: i64 = 2 * 60 * 1000;

/// The tracker object.
pub fn tracker(t: &Tracker) -> Value {
    json!({
        "id": t.id.0,
        "label": t.label,
        "clone": false,
        "group_id": 0,
        "source": {
            "id": t.id.0,
            "device_id": t.device_id,
            "model": t.model,
            "blocked": t.blocked,
            "tariff_id": null,
            "status_listing_id": null,
            "creation_date": format_date(t.created_ms),
            "tariff_end_date": t.expires,
            "phone": t.phone,
        },
        "tag_bindings": [],
    })
}

/// A track point, as `track/read` and `get_last_gps_point` write it.
pub fn point(r: &Record) -> Value {
    let mut value = json!({
        "lat": r.latitude,
        "lng": r.longitude,
        "alt": r.altitude_m.round() as i64,
        "satellites": r.satellites.unwrap_or(0),
        "get_time": format_datetime(r.fix_time_ms),
        "heading": r.course_deg.round() as i64,
        "speed": r.speed_kmh.round() as i64,
    });
    if r.source == FixSource::Lbs {
        value["gsm_lbs"] = Value::Bool(true);
    }
    value
}

fn time(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| Value::String(format_datetime(ms)))
}

fn reading(state: &TrackerState, sensor: &Sensor) -> Option<(Reading, i64)> {
    state
        .values
        .get(sensor.name().as_ref())
        .map(|t| (t.value.clone(), t.updated_ms))
}

fn number(state: &TrackerState, sensor: &Sensor) -> Option<(f64, i64)> {
    match reading(state, sensor)? {
        (Reading::Number(n), at) => Some((n, at)),
        _ => None,
    }
}

/// Discrete channels 1..n as booleans, with the newest update time.
fn channels(state: &TrackerState, make: fn(u8) -> Sensor) -> (Vec<bool>, Option<i64>) {
    let mut values = Vec::new();
    let mut updated = None;
    for n in 1..=16u8 {
        match reading(state, &make(n)) {
            Some((Reading::Bool(on), at)) => {
                values.resize(usize::from(n - 1), false);
                values.push(on);
                updated = updated.max(Some(at));
            }
            _ => continue,
        }
    }
    (values, updated)
}

/// `connection_status` at `now`: see the thresholds above.
pub fn connection_status(state: &TrackerState, connected: bool, now: i64) -> &'static str {
    let Some(last) = state.last_update_ms else {
        return "just_registered";
    };
    if !connected || now - last > OFFLINE_AFTER_MS {
        return "offline";
    }
    match &state.last_gps {
        Some(gps) if now - gps.updated_ms <= IDLE_AFTER_MS => "active",
        _ => "idle",
    }
}

/// `movement_status` at `now`: moving recently, else stopped with the
/// ignition on, else parked.
pub fn movement_status(state: &TrackerState, now: i64) -> &'static str {
    if state
        .last_moving_ms
        .is_some_and(|t| now - t <= MOVING_WITHIN_MS)
    {
        return "moving";
    }
    match reading(state, &Sensor::Ignition) {
        Some((Reading::Bool(true), _)) => "stopped",
        _ => "parked",
    }
}

/// The state object of `tracker/get_state`.
pub fn state(tracker: &Tracker, s: &TrackerState, connected: bool, now: i64) -> Value {
    let gps = s.last_gps.as_ref().map(|g| &g.value);
    let gps_updated = s.last_gps.as_ref().map(|g| g.updated_ms);
    let gsm = number(s, &Sensor::GsmSignal);
    let battery = number(s, &Sensor::BatteryLevel);
    let (inputs, inputs_update) = channels(s, Sensor::DigitalInput);
    let (outputs, outputs_update) = channels(s, Sensor::DigitalOutput);
    let mut additional = serde_json::Map::new();
    for (name, value) in &s.values {
        let text = match &value.value {
            Reading::Bool(b) => u8::from(*b).to_string(),
            Reading::Number(n) => n.to_string(),
            Reading::Text(t) => t.clone(),
        };
        additional.insert(
            name.clone(),
            json!({ "value": text, "updated": format_datetime(value.updated_ms) }),
        );
    }
    json!({
        "source_id": tracker.id.0,
        "gps": {
            "updated": time(gps_updated),
            "signal_level": gps.and_then(|g| g.satellites).map(|n| (u32::from(n) * 100 / 12).min(100)),
            "location": gps.map(|g| json!({ "lat": g.latitude, "lng": g.longitude })),
            "lat": gps.map(|g| g.latitude),
            "lng": gps.map(|g| g.longitude),
            "heading": gps.map(|g| g.course_deg.round() as i64),
            "speed": gps.map(|g| g.speed_kmh.round() as i64),
            "alt": gps.map(|g| g.altitude_m.round() as i64),
        },
        "connection_status": connection_status(s, connected, now),
        "movement_status": movement_status(s, now),
        "gsm": gsm.map(|(level, at)| json!({
            "updated": format_datetime(at),
            "signal_level": level.round() as i64,
            "network_name": null,
            "roaming": null,
        })),
        "last_update": time(s.last_update_ms),
        "battery_level": battery.map(|(level, _)| level.round() as i64),
        "battery_update": time(battery.map(|(_, at)| at)),
        "inputs": inputs,
        "inputs_update": time(inputs_update),
        "outputs": outputs,
        "outputs_update": time(outputs_update),
        "additional": additional,
        "actual_track_update": time(s.last_moving_ms),
    })
}
