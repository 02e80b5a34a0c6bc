//! What the live-push channel writes: events, subscription answers and
//! errors, each one JSON text frame.
//!
//! States are the very objects `tracker/get_state` writes (`format: full`),
//! or their position and statuses only (`format: compact`).

use std::collections::BTreeMap;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use serde_json::Value;
use trackgate_store::TrackerState;

use super::request::{Action, Format, Kind};
use crate::error::{ApiError, ParamError};
use crate::time::{LocalTime, UserZone};
use crate::user::state_view::{Gps, StateView};
use crate::user::status::{Since, StatusRules};

/// A state in the format a subscription asked for.
#[derive(Debug, Clone, Copy)]
pub struct Formatted<'a> {
    /// The state.
    pub view: StateView<'a>,
    /// How to write it.
    pub format: Format,
}

impl Formatted<'_> {
    /// A tracker's state as of `now`, for a tracker with device times
    /// `since`, its times in `zone`.
    pub fn new<'a>(
        source_id: u64,
        state: &'a TrackerState,
        since: Since,
        now: i64,
        (zone, rules): (&'a UserZone, &'a StatusRules),
        format: Format,
    ) -> Formatted<'a> {
        Formatted {
            view: StateView {
                source_id,
                state,
                since,
                now,
                zone,
                rules,
            },
            format,
        }
    }
}

impl Serialize for Formatted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = &self.view;
        if self.format == Format::Full {
            return view.serialize(serializer);
        }
        let s = view.state;
        let mut out = serializer.serialize_struct("CompactState", 5)?;
        out.serialize_field("source_id", &view.source_id)?;
        out.serialize_field("gps", &Gps::of(s, view.zone))?;
        out.serialize_field(
            "connection_status",
            view.rules.connection(s, view.since, view.now),
        )?;
        out.serialize_field("movement_status", view.rules.movement(s, view.now).status)?;
        out.serialize_field("last_update", &view.zone.at_opt(s.last_update_ms))?;
        out.end()
    }
}

#[derive(Serialize)]
struct Event<'a, D> {
    #[serde(rename = "type")]
    kind: &'static str,
    event: &'a str,
    user_time: LocalTime,
    data: D,
}

/// A `state` event: one tracker's state, `user_time` in `zone`.
pub fn state_event(now: i64, zone: &UserZone, state: Formatted<'_>) -> String {
    to_text(&Event {
        kind: "event",
        event: Kind::State.name(),
        user_time: zone.at(now),
        data: state,
    })
}

/// A `state_batch` event: many trackers' states, `user_time` in `zone`.
pub fn batch_event(now: i64, zone: &UserZone, states: &[Formatted<'_>]) -> String {
    to_text(&Event {
        kind: "event",
        event: Kind::StateBatch.name(),
        user_time: zone.at(now),
        data: states,
    })
}

/// The `logout` event: the credential the subscriptions were made with ended.
pub fn logout_event() -> String {
    r#"{"type":"event","event":"logout","data":"session closed"}"#.to_owned()
}

#[derive(Serialize)]
struct Outcome<'a> {
    success: bool,
    value: &'a BTreeMap<i64, &'static str>,
}

#[derive(Serialize)]
struct Response<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    action: &'static str,
    events: Vec<&'static str>,
    data: BTreeMap<&'static str, Outcome<'a>>,
}

/// The answer to a subscribe or unsubscribe: each requested tracker's status, by kind.
pub fn response(action: Action, outcome: &BTreeMap<Kind, BTreeMap<i64, &'static str>>) -> String {
    to_text(&Response {
        kind: "response",
        action: action.answer_name(),
        events: outcome.keys().map(|k| k.name()).collect(),
        data: outcome
            .iter()
            .map(|(kind, value)| {
                let outcome = Outcome {
                    success: true,
                    value,
                };
                (kind.name(), outcome)
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct Status<'a> {
    code: u32,
    description: &'a str,
}

#[derive(Serialize)]
struct ErrorAnswer<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    action: Option<&'static str>,
    status: Status<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ParamError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
}

/// An error answer; `data` echoes the request's parameters when it had any.
pub fn error(action: Option<Action>, error: &ApiError, data: Option<&Value>) -> String {
    to_text(&ErrorAnswer {
        kind: "error",
        action: action.map(Action::answer_name),
        status: Status {
            code: error.code.number(),
            description: &error.description,
        },
        errors: &error.errors,
        data,
    })
}

fn to_text<T: Serialize>(value: &T) -> String {
    // Serialising these types cannot fail: every map key is a string or a number.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use trackgate_protocols::Record;
    use trackgate_store::Timed;

    use super::*;
    use crate::error::Code;

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).expect("JSON")
    }

    #[test]
    fn compact_states_carry_position_and_statuses_only() {
        let now = 1_700_000_000_000;
        let state = TrackerState {
            last_gps: Some(std::sync::Arc::new(Timed {
                value: Record::at(now, 56.95, 24.1),
                updated_ms: now,
            })),
            last_update_ms: Some(now),
            ..TrackerState::default()
        };
        let (zone, rules) = (UserZone::utc(), StatusRules::default());
        let full = Formatted::new(
            9,
            &state,
            Since::registered(now),
            now,
            (&zone, &rules),
            Format::Full,
        );
        let compact = Formatted::new(
            9,
            &state,
            Since::registered(now),
            now,
            (&zone, &rules),
            Format::Compact,
        );
        let event = parsed(&state_event(now, &zone, compact));
        assert_eq!(event["type"], "event");
        assert_eq!(event["event"], "state");
        assert_eq!(event["user_time"], "2023-11-14 22:13:20");
        let data = event["data"].as_object().expect("an object");
        let mut keys: Vec<&str> = data.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "connection_status",
                "gps",
                "last_update",
                "movement_status",
                "source_id"
            ]
        );
        assert_eq!(
            data["gps"]["location"],
            json!({ "lat": 56.95, "lng": 24.1 })
        );
        assert_eq!(data["connection_status"], "active");
        let batch = parsed(&batch_event(now, &zone, &[full, compact]));
        assert_eq!(batch["event"], "state_batch");
        assert_eq!(
            batch["data"][0],
            serde_json::to_value(full.view).expect("JSON")
        );
        assert_eq!(batch["data"][1], event["data"]);
    }

    #[test]
    fn answers_and_errors_follow_the_documented_shapes() {
        let mut outcome = BTreeMap::new();
        outcome.insert(Kind::StateBatch, BTreeMap::from([(3, "blocked")]));
        outcome.insert(Kind::State, BTreeMap::from([(1, "normal"), (2, "unknown")]));
        assert_eq!(
            parsed(&response(Action::Subscribe, &outcome)),
            json!({
                "type": "response",
                "action": "subscription/subscribe",
                "events": ["state", "state_batch"],
                "data": {
                    "state": { "success": true, "value": { "1": "normal", "2": "unknown" } },
                    "state_batch": { "success": true, "value": { "3": "blocked" } },
                },
            })
        );
        let data = json!({ "requests": [] });
        assert_eq!(
            parsed(&error(
                Some(Action::Unsubscribe),
                &ApiError::code(Code::WrongHash),
                Some(&data)
            )),
            json!({
                "type": "error",
                "action": "subscription/unsubscribe",
                "status": { "code": 3, "description": "Wrong hash" },
                "data": { "requests": [] },
            })
        );
        let invalid = ApiError::invalid("requests[0].type", "bad");
        let written = parsed(&error(None, &invalid, None));
        assert_eq!(written["action"], Value::Null);
        assert_eq!(written["errors"][0]["parameter"], "requests[0].type");
        assert_eq!(parsed(&logout_event())["event"], "logout");
    }
}
