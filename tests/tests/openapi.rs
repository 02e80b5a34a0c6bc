//! The OpenAPI document as the running gateway serves it: the same as the
//! copy in docs/, every path in it a call the gateway answers (asking for
//! the hash, or for `user/auth` the login), not "wrong handler", and real
//! answers fitting the schemas it documents.

use crate::support;

use serde_json::{Value, json};
use trackgate_api::user::openapi::conform::conforms;
use trackgate_tests::device::Device;
use trackgate_tests::http;
use trackgate_tests::points::drive;

const IMEI: &str = "356307042441013";

#[test]
fn every_documented_call_is_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let served = http::get(gateway.api, "/v2/openapi.json");
    assert_eq!(served.status, 200);
    let document: Value = served.json();
    let copy: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/user-api.openapi.json"
        ))
        .expect("docs copy"),
    )
    .expect("json");
    assert_eq!(document, copy);

    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() >= 30, "{} paths", paths.len());
    for path in paths.keys() {
        let answer = gateway.user(path.trim_start_matches('/'), json!({})).json();
        let code = &answer["status"]["code"];
        if path == "/user/auth" {
            assert_eq!(code, 7, "{path}: {answer}");
        } else {
            assert_eq!(code, 3, "{path} asks for the hash: {answer}");
        }
    }
    let unknown = gateway.user("tracker/no_such_call", json!({})).json();
    assert_eq!(unknown["status"]["code"], 111);
    gateway.stop();
}

/// Real answers of the calls that answer objects and lists fit the
/// document's schemas for them.
#[test]
fn answers_fit_the_documented_schemas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (_, tracker) = gateway.provision("schema@example.com", "schema-pass", IMEI);
    // A session, not an API key: api/key/* take sessions only.
    let login = json!({ "login": "schema@example.com", "password": "schema-pass" });
    let auth = gateway.user("user/auth", login).json();
    assert!(
        conforms(&http_document(&gateway), "user/auth", &auth).is_ok(),
        "{auth}"
    );
    let key = auth["hash"].as_str().expect("a session").to_owned();
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    assert!(device.send_records(&drive(1_700_000_000_000, 3)).is_some());
    let document = http_document(&gateway);
    let period = json!({ "tracker_id": tracker, "from": "2023-11-14 00:00:00",
                         "to": "2023-11-16 00:00:00", "filter": false });
    let calls = [
        ("user/get_info", json!({})),
        ("user/settings/read", json!({})),
        ("api/key/create", json!({ "title": "reporting" })),
        ("api/key/list", json!({})),
        (
            "tag/create",
            json!({ "tag": { "name": "Night shift", "color": "FF0000" } }),
        ),
        ("tag/list", json!({})),
        (
            "tracker/group/create",
            json!({ "title": "North", "color": "00FF00" }),
        ),
        ("tracker/group/list", json!({})),
        (
            "subuser/register",
            json!({ "user": { "login": "sub@example.com" }, "password": "sub-pass1" }),
        ),
        ("subuser/list", json!({})),
        ("tracker/list_models", json!({})),
        ("tracker/list", json!({})),
        ("tracker/get", json!({ "tracker_id": tracker })),
        ("tracker/get_state", json!({ "tracker_id": tracker })),
        ("tracker/get_states", json!({ "trackers": [tracker] })),
        (
            "tracker/get_last_gps_point",
            json!({ "tracker_id": tracker }),
        ),
        ("tracker/get_diagnostics", json!({ "tracker_id": tracker })),
        ("tracker/get_fuel", json!({ "tracker_id": tracker })),
        ("tracker/get_readings", json!({ "tracker_id": tracker })),
        ("tracker/get_inputs", json!({ "tracker_id": tracker })),
        ("track/list", period.clone()),
        ("track/read", period),
        (
            "tracker/raw_command",
            json!({ "tracker_id": tracker, "command": "getinfo" }),
        ),
        ("tracker/command/list", json!({ "tracker_id": tracker })),
    ];
    for (call, body) in calls {
        let mut body = body;
        body["hash"] = json!(key);
        let answer = gateway.user(call, body).json();
        assert_eq!(answer["success"], true, "{call}: {answer}");
        if let Err(why) = conforms(&document, call, &answer) {
            panic!("{call}: {why}\n{answer}");
        }
    }
    gateway.stop();
}

fn http_document(gateway: &support::Running) -> Value {
    http::get(gateway.api, "/v2/openapi.json").json()
}
