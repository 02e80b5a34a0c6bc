//! trackgate's Navixy-style API: the Server API calls that set a run up,
//! and the User API calls the `api` scenario times.
//!
//! Server API: `GET /api/api.php?api=server&key=KEY&cmd=NAME,arg,...`,
//! answered `OK` or a plain-text value. User API: `POST /v2/...` with a JSON
//! body carrying `hash`, answered `{"success":true,...}`; a failure has a
//! status other than 200 and `{"success":false,"status":{"code":N,...}}`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::client::{Client, Response};

/// The User API calls the scenario makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Call {
    /// `tracker/get_state` for one tracker.
    GetState,
    /// `tracker/get_states` for a batch of trackers.
    GetStates,
    /// `tracker/get_last_gps_point` for one tracker.
    GetLastGpsPoint,
}

impl Call {
    /// Every call, in report order.
    pub const ALL: [Call; 3] = [Call::GetState, Call::GetStates, Call::GetLastGpsPoint];

    /// The request path.
    pub fn path(self) -> &'static str {
        match self {
            Self::GetState => "/v2/tracker/get_state",
            Self::GetStates => "/v2/tracker/get_states",
            Self::GetLastGpsPoint => "/v2/tracker/get_last_gps_point",
        }
    }

    /// The JSON body asking about `ids` (the first only, for single calls).
    pub fn body(self, hash: &str, ids: &[u64]) -> Vec<u8> {
        let body = match self {
            Self::GetStates => json!({ "hash": hash, "trackers": ids }),
            _ => json!({ "hash": hash, "tracker_id": ids.first().copied().unwrap_or(0) }),
        };
        body.to_string().into_bytes()
    }

    /// Checks a reply to a call about `asked` trackers; returns how many
    /// tracker states it carried (0 for a GPS point).
    ///
    /// The reply is read into a typed shape that skips the states' contents
    /// and only counts them: a 2,000-state answer is megabytes, and building
    /// a JSON tree of it would cost the load generator more than the gateway
    /// spent writing it.
    pub fn check(self, response: &Response, asked: usize) -> Result<u64, String> {
        let reply: Reply = serde_json::from_slice(&response.body).unwrap_or_default();
        if response.status != 200 || !reply.success {
            return Err(match reply.status.and_then(|s| s.code) {
                Some(code) => format!("HTTP {} code {code}", response.status),
                None => format!("HTTP {}", response.status),
            });
        }
        match self {
            Self::GetState if reply.state.is_some() => Ok(1),
            Self::GetStates => match reply.states {
                Some(Entries(n)) if n == asked => Ok(n as u64),
                Some(Entries(n)) => Err(format!("{n} of {asked} states")),
                None => Err("no states object".into()),
            },
            Self::GetLastGpsPoint if reply.value.is_some() => Ok(0),
            _ => Err("reply without the expected fields".into()),
        }
    }
}

/// The parts of a User API reply that [`Call::check`] looks at.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Reply {
    success: bool,
    status: Option<Status>,
    state: Option<Entries>,
    states: Option<Entries>,
    value: Option<Entries>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Status {
    code: Option<i64>,
}

/// A JSON object, read only to count its entries (their values skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entries(usize);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Counter;
        impl<'de> serde::de::Visitor<'de> for Counter {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut n = 0;
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {
                    n += 1;
                }
                Ok(Entries(n))
            }
        }
        deserializer.deserialize_map(Counter)
    }
}

/// `cmd` (name and comma-separated arguments) as a Server API request target.
pub fn server_target(key: &str, cmd: &str) -> String {
    format!(
        "/api/api.php?api=server&key={}&cmd={}",
        encode(key),
        encode(cmd)
    )
}

/// Percent-encodes everything but unreserved characters and the commas
/// that separate a command's arguments.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Runs a Server API command; the reply's text if it succeeded.
pub async fn server(client: &mut Client, key: &str, cmd: &str) -> Result<String, String> {
    let response = client
        .get(&server_target(key, cmd))
        .await
        .map_err(|e| format!("{cmd}: {e}"))?;
    let text = String::from_utf8_lossy(&response.body).trim().to_owned();
    if response.status == 200 && !text.starts_with("ERROR") {
        Ok(text)
    } else {
        Err(format!("{cmd}: HTTP {}: {text}", response.status))
    }
}

/// Like [`server`], but "already exists" counts as done, so runs can repeat.
pub async fn server_idempotent(client: &mut Client, key: &str, cmd: &str) -> Result<(), String> {
    match server(client, key, cmd).await {
        Ok(_) => Ok(()),
        Err(e) if e.contains("already") => Ok(()),
        Err(e) => Err(e),
    }
}

/// The tracker ids of `imeis` from a `tracker/list` reply, in `imeis` order;
/// IMEIs not listed are left out.
pub fn tracker_ids(list_reply: &[u8], imeis: &[String]) -> Result<Vec<u64>, String> {
    let v: Value = serde_json::from_slice(list_reply).map_err(|e| format!("tracker/list: {e}"))?;
    if v["success"] != true {
        return Err(format!("tracker/list failed: {v}"));
    }
    let list = v["list"].as_array().ok_or("tracker/list without a list")?;
    let by_imei: HashMap<&str, u64> = list
        .iter()
        .filter_map(|t| Some((t["source"]["device_id"].as_str()?, t["id"].as_u64()?)))
        .collect();
    Ok(imeis
        .iter()
        .filter_map(|imei| by_imei.get(imei.as_str()).copied())
        .collect())
}

/// The source ids (what push events call `source_id`) of `imeis` from a
/// `tracker/list` reply, by position in `imeis`; `None` for IMEIs not listed.
pub fn source_ids(list_reply: &[u8], imeis: &[String]) -> Result<Vec<Option<u64>>, String> {
    let v: Value = serde_json::from_slice(list_reply).map_err(|e| format!("tracker/list: {e}"))?;
    if v["success"] != true {
        return Err(format!("tracker/list failed: {v}"));
    }
    let list = v["list"].as_array().ok_or("tracker/list without a list")?;
    let by_imei: HashMap<&str, u64> = list
        .iter()
        .filter(|t| t["clone"] != true)
        .filter_map(|t| {
            let source = &t["source"];
            Some((source["device_id"].as_str()?, source["id"].as_u64()?))
        })
        .collect();
    Ok(imeis
        .iter()
        .map(|imei| by_imei.get(imei.as_str()).copied())
        .collect())
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn reply(status: u16, body: &str) -> Response {
        Response {
            status,
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn bodies_and_targets() {
        assert_eq!(
            Call::GetState.body("h", &[7, 8]),
            br#"{"hash":"h","tracker_id":7}"#.to_vec()
        );
        let v: Value = serde_json::from_slice(&Call::GetStates.body("h", &[1, 2])).unwrap();
        assert_eq!(v, json!({"hash": "h", "trackers": [1, 2]}));
        assert_eq!(
            server_target("k 1", "ADD_USER,a+b@x.org,false,pw"),
            "/api/api.php?api=server&key=k%201&cmd=ADD_USER,a%2Bb%40x.org,false,pw"
        );
    }

    #[test]
    fn replies_are_checked() {
        let ok_state = reply(200, r#"{"success":true,"state":{"source_id":1}}"#);
        assert_eq!(Call::GetState.check(&ok_state, 1), Ok(1));
        let states = reply(
            200,
            r#"{"success":true,"user_time":"x","states":{"1":{},"2":{}}}"#,
        );
        assert_eq!(Call::GetStates.check(&states, 2), Ok(2));
        assert!(Call::GetStates.check(&states, 3).is_err());
        let point = reply(200, r#"{"success":true,"value":{"lat":1.0}}"#);
        assert_eq!(Call::GetLastGpsPoint.check(&point, 1), Ok(0));
        let no_point = reply(200, r#"{"success":true,"state":{}}"#);
        assert!(Call::GetLastGpsPoint.check(&no_point, 1).is_err());
        let refused = reply(
            403,
            r#"{"success":false,"status":{"code":7,"description":"x"}}"#,
        );
        assert_eq!(
            Call::GetState.check(&refused, 1),
            Err("HTTP 403 code 7".into())
        );
        assert_eq!(
            Call::GetState.check(&reply(502, "oops"), 1),
            Err("HTTP 502".into())
        );
        assert!(
            Call::GetState
                .check(&reply(200, r#"{"success":true}"#), 1)
                .is_err()
        );
    }

    #[test]
    fn tracker_ids_follow_the_imeis() {
        let list = br#"{"success":true,"list":[
            {"id":5,"source":{"device_id":"b"}},
            {"id":3,"source":{"device_id":"a"}},
            {"id":9,"source":{"device_id":"other"}}]}"#;
        let imeis = ["a", "b", "c"].map(String::from);
        assert_eq!(tracker_ids(list, &imeis), Ok(vec![3, 5]));
        assert!(tracker_ids(br#"{"success":false}"#, &imeis).is_err());
    }

    #[test]
    fn source_ids_are_by_imei_position_and_skip_clones() {
        let list = br#"{"success":true,"list":[
            {"id":5,"clone":false,"source":{"id":50,"device_id":"b"}},
            {"id":6,"clone":true,"source":{"id":99,"device_id":"a"}},
            {"id":3,"clone":false,"source":{"id":30,"device_id":"a"}}]}"#;
        let imeis = ["a", "b", "c"].map(String::from);
        assert_eq!(source_ids(list, &imeis), Ok(vec![Some(30), Some(50), None]));
        assert!(source_ids(b"not json", &imeis).is_err());
    }
}
