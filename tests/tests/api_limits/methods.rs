//! Only the methods each surface documents: GET and POST on the User API
//! and the Server API (the live-push channel GET only), GET on `/metrics`;
//! anything else is 405 with `Allow`, in the surface's error format.

use serde_json::json;
use trackgate_tests::http;

use crate::support;

#[test]
fn other_methods_are_answered_405_with_allow_in_each_surface_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let api = gateway.api;

    for method in ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"] {
        let answer = http::send(api, method, "/v2/tracker/list");
        assert_eq!(answer.status, 405, "{method}: {}", answer.body);
        assert_eq!(answer.header("allow"), Some("GET, POST"), "{method}");
        if method != "HEAD" {
            let body = answer.json();
            assert_eq!(body["success"], false, "{method}: {body}");
            assert_eq!(body["status"]["code"], 112, "{method}: {body}");
            assert_eq!(body["status"]["description"], "Wrong method");
        }
    }
    let push = http::send(api, "POST", "/v2/event/subscription");
    assert_eq!(push.status, 405, "{}", push.body);
    assert_eq!(push.header("allow"), Some("GET"));
    assert_eq!(push.json()["status"]["code"], 112);

    let server = http::send(api, "PUT", "/api/api.php?api=server&cmd=GET_USERS");
    assert_eq!(server.status, 405, "{}", server.body);
    assert_eq!(server.header("allow"), Some("GET, POST"));
    assert_eq!(server.body, "ERROR: method not allowed");

    let metrics = http::send(api, "POST", "/metrics");
    assert_eq!(metrics.status, 405, "{}", metrics.body);
    assert_eq!(metrics.header("allow"), Some("GET"));
}

#[test]
fn documented_methods_and_unknown_paths_answer_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let api = gateway.api;
    let (key, _) = gateway.provision("methods@example.com", "s3cret-pass", "356307042441013");

    let by_get = http::get(api, &format!("/v2/tracker/list?hash={key}"));
    assert_eq!(by_get.json()["success"], true, "{}", by_get.body);
    let by_post = http::post_json(api, "/v2/tracker/list", &json!({ "hash": key }));
    assert_eq!(by_post.json()["success"], true, "{}", by_post.body);
    assert_eq!(http::get(api, "/v2/openapi.json").status, 200);
    assert_eq!(http::get(api, "/metrics").status, 200);
    assert_eq!(gateway.server("GET_USERS").status, 200);

    // Unknown paths, whatever the method: 111 on /v2/, 404 elsewhere.
    for method in ["GET", "PUT"] {
        let unknown = http::send(api, method, "/v2/no/such/call");
        assert_eq!(unknown.status, 400, "{method}");
        assert_eq!(unknown.json()["status"]["code"], 111, "{method}");
        assert_eq!(http::send(api, method, "/nowhere").status, 404, "{method}");
    }
    gateway.stop();
}
