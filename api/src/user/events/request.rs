//! What a live-push client asks: `subscribe` and `unsubscribe` messages,
//! parsed and validated before anything is looked up.
//!
//! ```json
//! {"action": "subscribe", "hash": "...", "requests": [
//!   {"type": "state", "trackers": [1, 2], "format": "compact"},
//!   {"type": "state_batch", "target": {"type": "all"}, "rate_limit": "5s"}]}
//! ```
//!
//! The deprecated form (`"events": ["state"], "trackers": [..]`) is read as
//! one `state` request.

use std::time::Duration;

use serde_json::{Map, Value};

use super::limits;
use crate::error::{ApiError, Code, ParamError};

/// Subscribe or unsubscribe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `subscribe`.
    Subscribe,
    /// `unsubscribe`.
    Unsubscribe,
}

impl Action {
    /// The name answers carry (`subscription/subscribe`).
    pub fn answer_name(self) -> &'static str {
        match self {
            Self::Subscribe => "subscription/subscribe",
            Self::Unsubscribe => "subscription/unsubscribe",
        }
    }
}

/// The two kinds of state events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `state`: every change of each listed tracker, as it happens.
    State,
    /// `state_batch`: the newest state of each changed tracker, once per `rate_limit`.
    StateBatch,
}

impl Kind {
    /// The event's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::StateBatch => "state_batch",
        }
    }
}

/// How states are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The whole state, as `tracker/get_state` writes it.
    #[default]
    Full,
    /// Position and statuses only.
    Compact,
}

/// Which trackers a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// All of the user's trackers.
    All,
    /// These ids (as the client wrote them: they are checked later).
    Selected(Vec<i64>),
}

/// One entry of `requests`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which events.
    pub kind: Kind,
    /// For which trackers.
    pub target: Target,
    /// How often a batch may be sent (`state_batch` only).
    pub rate_limit: Duration,
    /// How states are written.
    pub format: Format,
}

/// A whole client message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// What to do.
    pub action: Action,
    /// The credential, as given (checked by the caller).
    pub hash: Option<String>,
    /// What to do it for.
    pub requests: Vec<Request>,
}

/// A message that cannot be acted on: the answer's action (if known) and the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The action the error answers, when the message named a known one.
    pub action: Option<Action>,
    /// What is wrong.
    pub error: ApiError,
}

/// Parses one text frame.
pub fn parse(text: &str) -> Result<Message, Refusal> {
    let refuse = |action, error| Refusal { action, error };
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) else {
        return Err(refuse(None, ApiError::code(Code::WrongRequestFormat)));
    };
    let action = match fields.get("action").and_then(Value::as_str) {
        Some("subscribe") => Action::Subscribe,
        Some("unsubscribe") => Action::Unsubscribe,
        _ => {
            let error = ApiError::invalid("action", "must be subscribe or unsubscribe");
            return Err(refuse(None, error));
        }
    };
    let hash = fields
        .get("hash")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut errors = Vec::new();
    let requests = match (fields.get("requests"), fields.get("events")) {
        (Some(Value::Array(list)), _) if !list.is_empty() && list.len() <= limits::REQUESTS => {
            let mut requests = Vec::with_capacity(list.len());
            for (n, item) in list.iter().enumerate() {
                if let Some(request) = request(item, &format!("requests[{n}]"), &mut errors) {
                    requests.push(request);
                }
            }
            requests
        }
        (Some(_), _) => {
            let limit = limits::REQUESTS;
            let error = format!("must be an array of 1 to {limit} requests");
            errors.push(param("requests", error));
            Vec::new()
        }
        (None, Some(_)) => deprecated(&fields, &mut errors).into_iter().collect(),
        (None, None) => {
            errors.push(param("requests", "required"));
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(refuse(Some(action), ApiError::invalid_all(errors)));
    }
    Ok(Message {
        action,
        hash,
        requests,
    })
}

/// `"events": ["state"], "trackers": [..]`, the form before `requests`.
fn deprecated(fields: &Map<String, Value>, errors: &mut Vec<ParamError>) -> Option<Request> {
    let events = fields.get("events").and_then(Value::as_array);
    if events.is_none_or(|e| e.len() != 1 || e[0] != "state") {
        errors.push(param("events", "must be [\"state\"]"));
        return None;
    }
    let trackers = ids(fields.get("trackers"), "trackers", errors)?;
    Some(Request {
        kind: Kind::State,
        target: Target::Selected(trackers),
        rate_limit: limits::DEFAULT_RATE_LIMIT,
        format: Format::Full,
    })
}

fn request(item: &Value, at: &str, errors: &mut Vec<ParamError>) -> Option<Request> {
    let Some(fields) = item.as_object() else {
        errors.push(param(at, "must be an object"));
        return None;
    };
    let kind = match fields.get("type").and_then(Value::as_str) {
        Some("state") => Kind::State,
        Some("state_batch") => Kind::StateBatch,
        _ => {
            let error = "must be state or state_batch (the events served)";
            errors.push(param(&format!("{at}.type"), error));
            return None;
        }
    };
    let format = match fields.get("format") {
        None | Some(Value::Null) => Format::Full,
        Some(v) if v == "full" => Format::Full,
        Some(v) if v == "compact" => Format::Compact,
        Some(_) => {
            errors.push(param(&format!("{at}.format"), "must be full or compact"));
            Format::Full
        }
    };
    let rate_limit = match fields.get("rate_limit") {
        None | Some(Value::Null) => Some(limits::DEFAULT_RATE_LIMIT),
        Some(v) => {
            let parsed = v
                .as_str()
                .and_then(timespan)
                .filter(|d| (limits::MIN_RATE_LIMIT..=limits::MAX_RATE_LIMIT).contains(d));
            if parsed.is_none() {
                let error = "must be a timespan from 100ms to 1h, like \"5s\"";
                errors.push(param(&format!("{at}.rate_limit"), error));
            }
            parsed
        }
    };
    // `state` names its trackers in `trackers`; a `target` is read too, for
    // clients that write both kinds alike.
    let target = match (kind, fields.get("trackers")) {
        (Kind::State, Some(list)) => {
            ids(Some(list), &format!("{at}.trackers"), errors).map(Target::Selected)
        }
        _ => target(fields.get("target"), &format!("{at}.target"), errors),
    };
    Some(Request {
        kind,
        target: target?,
        rate_limit: rate_limit?,
        format,
    })
}

fn target(value: Option<&Value>, at: &str, errors: &mut Vec<ParamError>) -> Option<Target> {
    let Some(fields) = value.and_then(Value::as_object) else {
        errors.push(param(
            at,
            "required: {\"type\": \"all\"} or selected tracker_ids",
        ));
        return None;
    };
    match fields.get("type").and_then(Value::as_str) {
        Some("all") => Some(Target::All),
        Some("selected") => {
            let at = format!("{at}.tracker_ids");
            ids(fields.get("tracker_ids"), &at, errors).map(Target::Selected)
        }
        _ => {
            errors.push(param(&format!("{at}.type"), "must be all or selected"));
            None
        }
    }
}

fn ids(value: Option<&Value>, at: &str, errors: &mut Vec<ParamError>) -> Option<Vec<i64>> {
    let list = value.and_then(Value::as_array);
    let ids: Option<Vec<i64>> = list.and_then(|l| l.iter().map(Value::as_i64).collect());
    match ids {
        Some(ids) if !ids.is_empty() && ids.len() <= limits::TRACKERS => Some(ids),
        _ => {
            let limit = limits::TRACKERS;
            errors.push(param(
                at,
                format!("must be an array of 1 to {limit} tracker ids"),
            ));
            None
        }
    }
}

/// `500ms`, `5s`, `2m`, `1h`; a bare number is seconds.
pub fn timespan(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let ms = match unit.trim() {
        "ms" => number,
        "" | "s" => number.checked_mul(1_000)?,
        "m" => number.checked_mul(60_000)?,
        "h" => number.checked_mul(3_600_000)?,
        _ => return None,
    };
    Some(Duration::from_millis(ms))
}

fn param(parameter: &str, error: impl Into<String>) -> ParamError {
    ParamError {
        parameter: parameter.to_owned(),
        error: error.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> Vec<String> {
        let refusal = parse(text).expect_err("refused");
        assert_eq!(refusal.error.code, 7, "{refusal:?}");
        refusal
            .error
            .errors
            .iter()
            .map(|e| e.parameter.clone())
            .collect()
    }

    #[test]
    fn both_kinds_and_the_deprecated_form_are_read() {
        let message = parse(
            r#"{"action":"subscribe","hash":"h","requests":[
                {"type":"state","trackers":[1,2],"format":"compact"},
                {"type":"state_batch","target":{"type":"all"},"rate_limit":"5s"},
                {"type":"state_batch","target":{"type":"selected","tracker_ids":[3]}}]}"#,
        )
        .expect("valid");
        assert_eq!(message.action, Action::Subscribe);
        assert_eq!(message.hash.as_deref(), Some("h"));
        let r = &message.requests;
        assert_eq!((r[0].kind, r[0].format), (Kind::State, Format::Compact));
        assert_eq!(r[0].target, Target::Selected(vec![1, 2]));
        assert_eq!(
            (r[1].target.clone(), r[1].rate_limit),
            (Target::All, Duration::from_secs(5))
        );
        assert_eq!(r[2].rate_limit, limits::DEFAULT_RATE_LIMIT);

        let old = parse(r#"{"action":"unsubscribe","hash":"h","events":["state"],"trackers":[7]}"#)
            .expect("valid");
        assert_eq!(old.action, Action::Unsubscribe);
        assert_eq!(old.requests[0].target, Target::Selected(vec![7]));
    }

    #[test]
    fn every_bad_field_is_named() {
        assert_eq!(parse("not json").expect_err("refused").error.code, 5);
        assert_eq!(invalid(r#"{"action":"listen"}"#), ["action"]);
        assert_eq!(
            invalid(r#"{"action":"subscribe","requests":[]}"#),
            ["requests"]
        );
        assert_eq!(
            invalid(
                r#"{"action":"subscribe","requests":[
                {"type":"readings_batch","target":{"type":"all"}},
                {"type":"state","trackers":["x"]},
                {"type":"state_batch","target":{"type":"some"},"rate_limit":"5 years"},
                {"type":"state_batch","target":{"type":"selected"},"format":"tiny"}]}"#
            ),
            [
                "requests[0].type",
                "requests[1].trackers",
                "requests[2].rate_limit",
                "requests[2].target.type",
                "requests[3].format",
                "requests[3].target.tracker_ids",
            ]
        );
        let too_many: Vec<u32> = (1..=limits::TRACKERS as u32 + 1).collect();
        let text = format!(
            r#"{{"action":"subscribe","requests":[{{"type":"state","trackers":{too_many:?}}}]}}"#
        );
        assert_eq!(invalid(&text), ["requests[0].trackers"]);
        assert_eq!(
            invalid(r#"{"action":"subscribe","events":["lifecycle"]}"#),
            ["events"]
        );
    }

    #[test]
    fn timespans_take_a_unit() {
        assert_eq!(timespan("5s"), Some(Duration::from_secs(5)));
        assert_eq!(timespan("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(timespan("2m"), Some(Duration::from_secs(120)));
        assert_eq!(timespan("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(timespan("3"), Some(Duration::from_secs(3)));
        assert_eq!(timespan("s"), None);
        assert_eq!(timespan("5d"), None);
        assert_eq!(timespan("-5s"), None);
        assert_eq!(timespan("99999999999999999999h"), None);
    }
}
