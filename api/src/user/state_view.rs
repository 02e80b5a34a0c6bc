//! How the User API writes a tracker's state (`tracker/get_state`,
//! `tracker/get_states`): every part with its own update time, in the
//! caller's time zone; the statuses as [`super::status`] judges them.
//!
//! Field names and shapes follow seed 003. Where the seed's two state
//! examples disagree (`gps.lat`/`gps.lng` in `get_state`, `gps.location` in
//! `get_states`), both forms are written so clients of either work.
//!
//! A state is serialised straight from the [`TrackerState`] it describes:
//! no intermediate JSON tree, and timestamps and readings are formatted
//! into the output. A `get_states` answer of 2,000 states is written in one
//! pass over them.

use std::fmt;
use std::ops::Bound;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use trackgate_protocols::{Sensor, Value as Reading};
use trackgate_store::{Timed, TrackerState};

use super::status::{Since, StatusRules};
use crate::time::{LocalTime, UserZone};

/// Discrete channels (`input_1` … `input_16`) a state reports at most.
const CHANNELS: usize = 16;

/// One tracker's state object, as of `now`, with its times in the
/// caller's zone.
#[derive(Debug, Clone, Copy)]
pub struct StateView<'a> {
    /// The tracker's id (`source_id`).
    pub source_id: u64,
    /// Its state.
    pub state: &'a TrackerState,
    /// When the tracker got its device (registered, replaced).
    pub since: Since,
    /// The answer's time, ms since the epoch.
    pub now: i64,
    /// The zone times are written in.
    pub zone: &'a UserZone,
    /// The status thresholds.
    pub rules: &'a StatusRules,
}

fn reading<'a>(state: &'a TrackerState, sensor: &Sensor) -> Option<&'a Timed<Reading>> {
    state.values.get(sensor.name().as_ref())
}

fn number(state: &TrackerState, sensor: &Sensor) -> Option<(f64, i64)> {
    match reading(state, sensor)? {
        Timed {
            value: Reading::Number(n),
            updated_ms,
        } => Some((*n, *updated_ms)),
        _ => None,
    }
}

/// Discrete channels 1..=16 named `<prefix><n>`, as booleans (missing ones
/// below the highest present are `false`), with the newest update time.
#[derive(Debug, Default)]
pub(super) struct Channels {
    values: [bool; CHANNELS],
    len: usize,
    updated: Option<i64>,
}

impl Channels {
    /// The channels named `<prefix><n>` in `state`.
    pub(super) fn of(state: &TrackerState, prefix: &str) -> Self {
        let mut channels = Self::default();
        let from = (Bound::Included(prefix), Bound::Unbounded);
        for (name, timed) in state.values.range::<str, _>(from) {
            let Some(number) = name.strip_prefix(prefix) else {
                break;
            };
            let (Ok(n @ 1..=16), Reading::Bool(on)) = (number.parse::<usize>(), &timed.value)
            else {
                continue;
            };
            channels.values[n - 1] = *on;
            channels.len = channels.len.max(n);
            channels.updated = channels.updated.max(Some(timed.updated_ms));
        }
        channels
    }

    /// When the newest of them was reported, ms since the epoch.
    pub(super) fn updated(&self) -> Option<i64> {
        self.updated
    }

    /// On/off of channels 1 to the highest reported.
    pub(super) fn values(&self) -> &[bool] {
        &self.values[..self.len]
    }
}

#[derive(Serialize)]
struct LatLng {
    lat: f64,
    lng: f64,
}

#[derive(Serialize)]
pub(crate) struct Gps {
    updated: Option<LocalTime>,
    signal_level: Option<u32>,
    location: Option<LatLng>,
    lat: Option<f64>,
    lng: Option<f64>,
    heading: Option<i64>,
    speed: Option<i64>,
    alt: Option<i64>,
}

impl Gps {
    pub(crate) fn of(state: &TrackerState, zone: &UserZone) -> Self {
        let timed = state.last_gps.as_deref();
        let gps = timed.map(|t| &t.value);
        Self {
            updated: timed.map(|t| zone.at(t.updated_ms)),
            signal_level: gps
                .and_then(|g| g.satellites)
                .map(|n| (u32::from(n) * 100 / 12).min(100)),
            location: gps.map(|g| LatLng {
                lat: g.latitude,
                lng: g.longitude,
            }),
            lat: gps.map(|g| g.latitude),
            lng: gps.map(|g| g.longitude),
            heading: gps.map(|g| g.course_deg.round() as i64),
            speed: gps.map(|g| g.speed_kmh.round() as i64),
            alt: gps.map(|g| g.altitude_m.round() as i64),
        }
    }
}

#[derive(Serialize)]
struct Gsm {
    updated: LocalTime,
    signal_level: i64,
    network_name: Option<()>,
    roaming: Option<()>,
}

/// A reading as `additional` writes it: booleans as `0`/`1`, numbers and
/// text as they are.
pub(super) struct ReadingText<'a>(pub(super) &'a Reading);

impl fmt::Display for ReadingText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Reading::Bool(b) => write!(f, "{}", u8::from(*b)),
            Reading::Number(n) => write!(f, "{n}"),
            Reading::Text(t) => f.write_str(t),
        }
    }
}

struct Additional<'a>(&'a TrackerState, &'a UserZone);

struct AdditionalValue<'a>(&'a Timed<Reading>, &'a UserZone);

impl Serialize for AdditionalValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("AdditionalValue", 2)?;
        out.serialize_field("value", &Text(ReadingText(&self.0.value)))?;
        out.serialize_field("updated", &self.1.at(self.0.updated_ms))?;
        out.end()
    }
}

/// Serialises a `Display` as a JSON string, written in place.
pub(super) struct Text<T>(pub(super) T);

impl<T: fmt::Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for Additional<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.values.len()))?;
        for (name, timed) in &self.0.values {
            map.serialize_entry(name, &AdditionalValue(timed, self.1))?;
        }
        map.end()
    }
}

impl Serialize for StateView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (s, zone) = (self.state, self.zone);
        let gsm = number(s, &Sensor::GsmSignal).map(|(level, at)| Gsm {
            updated: zone.at(at),
            signal_level: level.round() as i64,
            network_name: None,
            roaming: None,
        });
        let battery = number(s, &Sensor::BatteryLevel);
        let inputs = Channels::of(s, "input_");
        let outputs = Channels::of(s, "output_");
        let movement = self.rules.movement(s, self.now);
        let ignition = match reading(s, &Sensor::Ignition) {
            Some(Timed {
                value: Reading::Bool(on),
                updated_ms,
            }) => Some((*on, *updated_ms)),
            _ => None,
        };

        let mut out = serializer.serialize_struct("State", 19)?;
        out.serialize_field("source_id", &self.source_id)?;
        out.serialize_field("gps", &Gps::of(s, zone))?;
        out.serialize_field(
            "connection_status",
            self.rules.connection(s, self.since, self.now),
        )?;
        out.serialize_field("movement_status", movement.status)?;
        out.serialize_field("movement_status_update", &zone.at_opt(movement.since_ms))?;
        match ignition {
            Some((on, at)) => {
                out.serialize_field("ignition", &on)?;
                out.serialize_field("ignition_update", &zone.at(at))?;
            }
            None => {
                out.skip_field("ignition")?;
                out.skip_field("ignition_update")?;
            }
        }
        out.serialize_field("gsm", &gsm)?;
        out.serialize_field("last_update", &zone.at_opt(s.last_update_ms))?;
        out.serialize_field(
            "battery_level",
            &battery.map(|(level, _)| level.round() as i64),
        )?;
        out.serialize_field("battery_update", &zone.at_opt(battery.map(|(_, at)| at)))?;
        out.serialize_field("inputs", inputs.values())?;
        out.serialize_field("inputs_update", &zone.at_opt(inputs.updated))?;
        out.serialize_field("outputs", outputs.values())?;
        out.serialize_field("outputs_update", &zone.at_opt(outputs.updated))?;
        out.serialize_field("additional", &Additional(s, zone))?;
        out.serialize_field("actual_track_update", &zone.at_opt(s.last_moving_ms))?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use trackgate_protocols::Record;

    use super::*;

    fn timed<T>(value: T, updated_ms: i64) -> Timed<T> {
        Timed { value, updated_ms }
    }

    #[test]
    fn a_full_state_is_written_with_every_seed_field() {
        let now = 1_700_000_000_000;
        let mut fix = Record::at(now - 60_000, 52.5, 13.25);
        fix.satellites = Some(9);
        fix.speed_kmh = 41.6;
        fix.course_deg = 179.5;
        fix.altitude_m = 33.4;
        let mut state = TrackerState {
            last_gps: Some(std::sync::Arc::new(timed(fix, now - 30_000))),
            last_update_ms: Some(now - 30_000),
            last_moving_ms: Some(now - 60_000),
            ..TrackerState::default()
        };
        state.last_record = state.last_gps.clone();
        let values = [
            ("input_1", Reading::Bool(true)),
            ("input_3", Reading::Bool(true)),
            ("input_x", Reading::Bool(true)),
            ("input_17", Reading::Bool(true)),
            ("output_2", Reading::Number(1.0)),
            ("gsm_signal", Reading::Number(3.6)),
            ("battery_level", Reading::Number(87.0)),
            ("ignition", Reading::Bool(false)),
            ("vin", Reading::Text("W0L \"A\"".into())),
        ];
        for (i, (name, value)) in values.into_iter().enumerate() {
            let at = now - 100_000 + i as i64 * 1_000;
            state.values.insert(name.into(), timed(value, at));
        }
        let zone = UserZone::named("Europe/Berlin").unwrap();
        let view = StateView {
            source_id: 7,
            state: &state,
            since: Since::default(),
            now,
            zone: &zone,
            rules: &StatusRules::default(),
        };
        let written = serde_json::to_value(view).unwrap();
        // The readings were updated a second apart from 22:11:40 UTC,
        // 23:11:40 in Berlin.
        let at = |i: usize| format!("2023-11-14 23:11:4{i}");
        let expected = json!({
            "source_id": 7,
            "gps": {
                "updated": "2023-11-14 23:12:50",
                "signal_level": 75,
                "location": { "lat": 52.5, "lng": 13.25 },
                "lat": 52.5, "lng": 13.25, "heading": 180, "speed": 42, "alt": 33,
            },
            "connection_status": "active",
            "movement_status": "stopped",
            "movement_status_update": "2023-11-14 23:12:20",
            "ignition": false,
            "ignition_update": at(7),
            "gsm": { "updated": at(5), "signal_level": 4, "network_name": null, "roaming": null },
            "last_update": "2023-11-14 23:12:50",
            "battery_level": 87,
            "battery_update": at(6),
            "inputs": [true, false, true],
            "inputs_update": at(1),
            "outputs": [],
            "outputs_update": null,
            "additional": {
                "input_1": { "value": "1", "updated": at(0) },
                "input_3": { "value": "1", "updated": at(1) },
                "input_x": { "value": "1", "updated": at(2) },
                "input_17": { "value": "1", "updated": at(3) },
                "output_2": { "value": "1", "updated": at(4) },
                "gsm_signal": { "value": "3.6", "updated": at(5) },
                "battery_level": { "value": "87", "updated": at(6) },
                "ignition": { "value": "0", "updated": at(7) },
                "vin": { "value": "W0L \"A\"", "updated": at(8) },
            },
            "actual_track_update": "2023-11-14 23:12:20",
        });
        assert_eq!(written, expected);
    }

    #[test]
    fn an_empty_state_is_just_registered_with_nulls() {
        let state = TrackerState::default();
        let view = StateView {
            source_id: 1,
            state: &state,
            since: Since::default(),
            now: 0,
            zone: &UserZone::utc(),
            rules: &StatusRules::default(),
        };
        let written = serde_json::to_value(view).unwrap();
        assert_eq!(written["connection_status"], "just_registered");
        assert_eq!(written["movement_status"], "parked");
        assert_eq!(written["movement_status_update"], serde_json::Value::Null);
        assert!(written.get("ignition").is_none());
        assert_eq!(written["gps"]["location"], serde_json::Value::Null);
        assert_eq!(written["gsm"], serde_json::Value::Null);
        assert_eq!(written["inputs"], json!([]));
        assert_eq!(written["additional"], json!({}));
    }
}
