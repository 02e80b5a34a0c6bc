//! Small helpers for User API calls and the answers they give.

use serde_json::{Value, json};

use super::Running;

/// A User API call with `key` as its hash; the answer.
pub fn call(gateway: &Running, name: &str, key: &str, body: Value) -> Value {
    let mut body = body;
    body["hash"] = json!(key);
    gateway.user(name, body).json()
}

/// The status code of an error answer (0 for a success).
pub fn code(answer: &Value) -> i64 {
    answer["status"]["code"].as_i64().unwrap_or(0)
}

/// The parameters a code 7 answer names, in order.
pub fn named(answer: &Value) -> Vec<String> {
    answer["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["parameter"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A user with an API key and no trackers.
pub fn user(gateway: &Running, email: &str) -> String {
    let added = gateway.server(&format!("ADD_USER,{email},false,pass-{email}"));
    assert_eq!(added.body, "OK");
    gateway.server(&format!("GET_USER_API_KEY,{email}")).body
}

/// A `tracker/register` body for a Teltonika device (plugin 37).
pub fn register_body(imei: &str, phone: &str) -> Value {
    json!({
        "label": "Courier",
        "group_id": 0,
        "plugin_id": 37,
        "model": "teltonika",
        "phone": phone,
        "device_id": imei,
        "apn_name": "internet",
        "apn_user": "tmobile",
        "apn_password": "tmobile",
    })
}

/// The device ids `tracker/list` answers.
pub fn listed(gateway: &Running, key: &str) -> Vec<String> {
    call(gateway, "tracker/list", key, json!({}))["list"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["source"]["device_id"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// Adds a tracker labelled `label` to `email`'s account through the Server
/// API; returns its id.
pub fn add_labelled(gateway: &Running, key: &str, email: &str, imei: &str, label: &str) -> u64 {
    for cmd in [
        format!("ADD_OBJECT,{imei},{label},false,"),
        format!("ADD_USER_OBJECT,{email},{imei}"),
    ] {
        let reply = gateway.server(&cmd);
        assert_eq!((reply.status, reply.body.as_str()), (200, "OK"), "{cmd}");
    }
    let list = call(gateway, "tracker/list", key, json!({}));
    list["list"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["source"]["device_id"] == imei))
        .and_then(|t| t["id"].as_u64())
        .expect("the tracker is listed")
}

/// The parameter a code 7 answer names first (asserting it is code 7).
pub fn bad_param(answer: &Value) -> &str {
    assert_eq!(code(answer), 7, "{answer}");
    answer["errors"][0]["parameter"].as_str().unwrap_or("")
}

/// Registers a Teltonika device (`register_body`) for the user `key`;
/// returns the new tracker's id.
pub fn registered(gateway: &Running, key: &str, imei: &str, phone: &str) -> u64 {
    let answer = call(gateway, "tracker/register", key, register_body(imei, phone));
    answer["value"]["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("registered: {answer}"))
}

/// Corrupts tracker `id` once its device's session has ended (243 until
/// then); the answer, or the last refusal after 10 s.
pub fn corrupt_when_offline(gateway: &Running, key: &str, id: u64) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let answer = call(gateway, "tracker/corrupt", key, json!({ "tracker_id": id }));
        if answer["success"] == true || std::time::Instant::now() > deadline {
            return answer;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
