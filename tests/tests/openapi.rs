//! The OpenAPI document as the running gateway serves it: the same as the
//! copy in docs/, and every path in it a call the gateway answers (asking
//! for the hash, or for `user/auth` the login), not "wrong handler".

mod support;

use serde_json::{Value, json};
use trackgate_tests::http;

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
