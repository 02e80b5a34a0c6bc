//! Reading what the live-push channel sends: which trackers' states an
//! event carries, each with its gps `updated` time and position.
//!
//! Messages are read into typed shapes that keep only those fields: a full
//! state is hundreds of bytes, and building a JSON tree of every one would
//! cost the load generator more than the gateway spent writing it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::sent::Fix;

/// One message from the gateway, as far as the bench cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A `state` or `state_batch` event.
    States {
        /// `user_time`: the gateway's now in the user's zone, ms as if UTC.
        user_time_ms: Option<i64>,
        /// The states, in order.
        states: Vec<Seen>,
    },
    /// The answer to a subscribe.
    Subscribed,
    /// An error answer, with its code.
    Error(i64),
    /// The heartbeat, another event, or anything else.
    Other,
}

/// One tracker state in an event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seen {
    /// The state's `source_id`.
    pub source_id: u64,
    /// Its gps `updated` time (whole seconds, as if UTC) and position, if it has them.
    pub fix: Option<Fix>,
}

/// Reads one text frame (`None`: not JSON this bench understands).
pub fn parse(text: &str) -> Option<Message> {
    if text == "X" {
        return Some(Message::Other);
    }
    let raw: Raw = serde_json::from_str(text).ok()?;
    Some(match raw.kind.as_deref() {
        Some("event") if matches!(raw.event.as_deref(), Some("state" | "state_batch")) => {
            Message::States {
                user_time_ms: raw.user_time.as_deref().and_then(parse_time_ms),
                states: raw.data.0,
            }
        }
        Some("response") => Message::Subscribed,
        Some("error") => Message::Error(raw.status.and_then(|s| s.code).unwrap_or(-1)),
        _ => Message::Other,
    })
}

/// `YYYY-MM-DD HH:MM:SS` as ms since the epoch, read as UTC.
pub fn parse_time_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let field = |from: usize, to: usize| -> Option<i64> { text.get(from..to)?.parse().ok() };
    let (y, m, d) = (field(0, 4)?, field(5, 7)?, field(8, 10)?);
    let (hh, mm, ss) = (field(11, 13)?, field(14, 16)?, field(17, 19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some((days_from_civil(y, m, d) * 86_400 + hh * 3_600 + mm * 60 + ss) * 1_000)
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The user's zone offset, in seconds, from an event's `user_time` read at
/// `now_ms` (UTC): the difference rounded to a quarter of an hour.
pub fn zone_offset_s(user_time_ms: i64, now_ms: i64) -> i64 {
    let quarter = 900_000.0;
    ((user_time_ms - now_ms) as f64 / quarter).round() as i64 * 900
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    user_time: Option<String>,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    data: States,
}

#[derive(Deserialize)]
struct Status {
    #[serde(default)]
    code: Option<i64>,
}

/// An event's `data`: one state (an object), many (an array), or neither.
#[derive(Default)]
struct States(Vec<Seen>);

#[derive(Deserialize)]
struct State {
    #[serde(default)]
    source_id: Option<u64>,
    #[serde(default)]
    gps: Option<Gps>,
}

#[derive(Deserialize)]
struct Gps {
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    location: Option<LatLng>,
}

#[derive(Deserialize)]
struct LatLng {
    lat: f64,
    lng: f64,
}

impl State {
    fn seen(self) -> Option<Seen> {
        let source_id = self.source_id?;
        let fix = self.gps.and_then(|g| {
            let at = parse_time_ms(g.updated.as_deref()?)?;
            let at_ll = g.location?;
            Some(Fix::of(at, at_ll.lat, at_ll.lng))
        });
        Some(Seen { source_id, fix })
    }
}

impl<'de> Deserialize<'de> for States {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StatesVisitor)
    }
}

struct StatesVisitor;

impl<'de> Visitor<'de> for StatesVisitor {
    type Value = States;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a state, a list of states, or anything else")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<States, A::Error> {
        let state = State::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(States(state.seen().into_iter().collect()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<States, A::Error> {
        let mut states = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(state) = seq.next_element::<Option<State>>()? {
            states.extend(state.and_then(State::seen));
        }
        Ok(States(states))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<States, E> {
        Ok(States::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<States, E> {
        Ok(States::default())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<States, E> {
        Ok(States::default())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<States, E> {
        Ok(States::default())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<States, E> {
        Ok(States::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<States, E> {
        Ok(States::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_709_294_400_000; // 2024-03-01 12:00:00 UTC

    #[test]
    fn times_read_as_utc() {
        assert_eq!(parse_time_ms("2024-03-01 12:00:00"), Some(T));
        assert_eq!(parse_time_ms("1970-01-01 00:00:00"), Some(0));
        assert_eq!(parse_time_ms("2000-02-29 23:59:59"), Some(951_868_799_000));
        for bad in [
            "2024-03-01",
            "2024-13-01 00:00:00",
            "2024-03-01T12:00:00",
            "x",
        ] {
            assert_eq!(parse_time_ms(bad), None, "{bad}");
        }
        assert_eq!(zone_offset_s(T + 3 * 3_600_000 + 700, T), 10_800);
        assert_eq!(zone_offset_s(T - 1_800_000 - 200, T), -1_800);
        assert_eq!(zone_offset_s(T + 40, T), 0);
    }

    #[test]
    fn a_state_event_carries_one_state() {
        let text = r#"{"type":"event","event":"state","user_time":"2024-03-01 12:00:01",
            "data":{"source_id":7,"gps":{"updated":"2024-03-01 12:00:00","signal_level":58,
            "location":{"lat":52.5,"lng":13.4},"heading":10,"speed":40,"alt":30},
            "connection_status":"active","inputs":[true,false],"additional":{}}}"#;
        assert_eq!(
            parse(text),
            Some(Message::States {
                user_time_ms: Some(T + 1_000),
                states: vec![Seen {
                    source_id: 7,
                    fix: Some(Fix::of(T, 52.5, 13.4)),
                }],
            })
        );
    }

    #[test]
    fn a_batch_carries_many_and_states_without_gps_have_no_fix() {
        let text = r#"{"type":"event","event":"state_batch","user_time":"2024-03-01 12:00:01",
            "data":[{"source_id":1,"gps":{"updated":"2024-03-01 12:00:00",
            "location":{"lat":1.5,"lng":-2.25}}},{"source_id":2,"gps":{"updated":null,
            "location":null}},{"source_id":3},{"no":"id"}]}"#;
        let Some(Message::States { states, .. }) = parse(text) else {
            panic!("not states");
        };
        assert_eq!(
            states,
            vec![
                Seen {
                    source_id: 1,
                    fix: Some(Fix::of(T, 1.5, -2.25))
                },
                Seen {
                    source_id: 2,
                    fix: None
                },
                Seen {
                    source_id: 3,
                    fix: None
                },
            ]
        );
    }

    #[test]
    fn answers_errors_and_heartbeats() {
        let answer = r#"{"type":"response","action":"subscription/subscribe","events":["state"],
            "data":{"state":{"success":true,"value":{"1":"normal"}}}}"#;
        assert_eq!(parse(answer), Some(Message::Subscribed));
        let error = r#"{"type":"error","action":"subscription/subscribe",
            "status":{"code":3,"description":"Wrong hash"},"data":{"requests":[]}}"#;
        assert_eq!(parse(error), Some(Message::Error(3)));
        assert_eq!(parse("X"), Some(Message::Other));
        let logout = r#"{"type":"event","event":"logout","data":"session closed"}"#;
        assert_eq!(parse(logout), Some(Message::Other));
        assert_eq!(parse("{not json"), None);
        assert_eq!(parse("0f2c|30000|X|"), None);
    }
}
