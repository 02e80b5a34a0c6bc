//! Every documented call, with every parameter given a malformed value in
//! turn: each answer is the API's error format (or a success), never an
//! internal error, and a code 7 names the bad parameter in `errors[]`.
//! The User API is served in-process over an embedded store.

use actix_web::{App, test};
use serde_json::{Value, json};

use super::blocked_tests::fixture;
use super::openapi::calls;
use crate::configure;

/// Values no parameter takes as they are: wrong types, out-of-range
/// numbers, empty, oversized and nested values.
fn malformed() -> Vec<Value> {
    vec![
        json!(true),
        json!(-1),
        json!(1.5),
        json!(i64::MAX),
        json!(""),
        json!("x"),
        json!("9".repeat(300)),
        json!("2024-13-45 25:61:61"),
        json!([1, "a", null]),
        json!({ "a": { "b": [] } }),
    ]
}

#[actix_web::test]
async fn malformed_parameters_get_the_error_format_never_an_internal_error() {
    let fixture = fixture();
    let app = test::init_service(
        App::new()
            .app_data(fixture.state.clone())
            .configure(configure),
    )
    .await;
    let mut checked = 0;
    for call in calls::all() {
        for param in call.params.iter().filter(|p| p.name != "tracker_id") {
            for value in malformed() {
                let mut body = json!({ "hash": fixture.key });
                if call.params.iter().any(|p| p.name == "tracker_id") {
                    body["tracker_id"] = json!(fixture.mine.0);
                }
                body[param.name] = value.clone();
                let request = test::TestRequest::post()
                    .uri(&format!("/v2/{}", call.path))
                    .set_json(&body)
                    .to_request();
                let response = test::call_service(&app, request).await;
                let status = response.status();
                let answer: Value =
                    serde_json::from_slice(&test::read_body(response).await).unwrap_or_default();
                let what = format!(
                    "{} with {} = {value}: {status} {answer}",
                    call.path, param.name
                );
                assert!(!status.is_server_error(), "{what}");
                let success = answer["success"].as_bool().expect(&what);
                if success {
                    continue;
                }
                let code = answer["status"]["code"].as_i64().expect(&what);
                assert!(!matches!(code, 1 | 6), "an internal error: {what}");
                if code == 7 {
                    let errors = answer["errors"].as_array().expect(&what);
                    assert!(
                        errors
                            .iter()
                            .all(|e| e["parameter"].as_str().is_some_and(|p| !p.is_empty())),
                        "{what}"
                    );
                    assert!(!errors.is_empty(), "{what}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked} refusals checked");
}
