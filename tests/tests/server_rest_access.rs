//! The REST administration's gate and record: the key in the path or the
//! body, forms and JSON, the methods each action takes, the allow-list
//! before anything is read, wrong keys counted per address with the
//! command API's, and the audit log of every call.

use crate::support;

use serde_json::{Value, json};
use support::SERVER_KEY;
use support::server_rest::{ok, post, post_key_in_path};
use trackgate_tests::http;

fn audit(gateway: &support::Running, limit: usize) -> Vec<Value> {
    let answer = gateway.server(&format!("GET_AUDIT_LOG,{limit}"));
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json().as_array().cloned().expect("a list")
}

#[test]
fn the_key_in_the_path_or_the_body_forms_or_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let in_path = post_key_in_path(
        &gateway,
        "line/new",
        &json!({"data": {"username": "path", "notes": "a b&c"}}),
    );
    assert_eq!(in_path.status, 200, "{}", in_path.body);
    assert_eq!(in_path.json()["username"], "path");
    let json_body = http::post_json(
        gateway.api,
        "/api/line/new",
        &json!({"api_key": SERVER_KEY, "data": {"username": "json", "allowed_ips": ["::1"]}}),
    );
    assert_eq!(json_body.json()["result"], true, "{}", json_body.body);
    let json_path = http::post_json(
        gateway.api,
        &format!("/api/line/info/{SERVER_KEY}"),
        &json!({"username": "json"}),
    );
    assert_eq!(json_path.json()["line_info"]["allowed_ips"], json!(["::1"]));
    // Written by hand: brackets as they are, lists with [].
    let by_hand = http::post_form(
        gateway.api,
        "/api/line/new",
        &format!(
            "api_key={SERVER_KEY}&data[username]=hand&data[allowed_ips][]=127.0.0.1&data[allowed_ips][]=10.0.0.0/8"
        ),
    );
    assert_eq!(by_hand.json()["result"], true, "{}", by_hand.body);
    let info = ok(&gateway, "line/info", &json!({"username": "hand"}));
    assert_eq!(
        info["line_info"]["allowed_ips"],
        json!(["127.0.0.1", "10.0.0.0/8"])
    );
    let info = ok(&gateway, "line/info", &json!({"username": "path"}));
    assert_eq!(info["line_info"]["notes"], "a b&c");

    // Wrong or missing keys, wherever they are.
    for answer in [
        http::post_form(gateway.api, "/api/line/info/WRONG", "username=path"),
        http::post_form(gateway.api, "/api/line/info", "api_key=WRONG&username=path"),
        http::post_form(gateway.api, "/api/line/info", "username=path"),
        http::get(gateway.api, "/api/streams/online"),
    ] {
        assert_eq!(answer.status, 401, "{}", answer.body);
        assert_eq!(
            answer.json(),
            json!({"result": false, "error": "wrong key"})
        );
    }
}

#[test]
fn each_action_takes_its_methods_and_unknown_ones_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let by_get = http::get(gateway.api, &format!("/api/line/new/{SERVER_KEY}"));
    assert_eq!(by_get.status, 405);
    assert_eq!(by_get.header("allow"), Some("POST"));
    assert_eq!(
        by_get.json(),
        json!({"result": false, "error": "method not allowed"})
    );
    let by_put = http::send(
        gateway.api,
        "PUT",
        &format!("/api/streams/online/{SERVER_KEY}"),
    );
    assert_eq!(
        (by_put.status, by_put.header("allow")),
        (405, Some("GET, POST"))
    );
    let by_delete = http::send(gateway.api, "DELETE", "/api/servers/update");
    assert_eq!(
        (by_delete.status, by_delete.header("allow")),
        (405, Some("POST"))
    );
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,nobody@example.com").body,
        "false",
        "nothing changed"
    );
    let unknown = post(&gateway, "line/renew", &json!({"username": "x"}));
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.json()["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("unknown action line/renew")),
        "{}",
        unknown.body
    );
    // The reads seed 001 calls without a POST take both.
    for path in ["servers/list", "streams/online", "streams/offline"] {
        assert_eq!(
            post(&gateway, path, &json!({})).json()["result"],
            true,
            "{path}"
        );
        let got = http::get(gateway.api, &format!("/api/{path}?api_key={SERVER_KEY}"));
        assert_eq!(got.json()["result"], true, "{path}: {}", got.body);
    }
    // A body that is not what it says.
    let broken = http::post_raw(gateway.api, "/api/line/new", "application/json", "{nope");
    assert_eq!(broken.status, 200);
    assert!(
        broken.json()["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("malformed request")),
        "{}",
        broken.body
    );
}

#[test]
fn callers_outside_the_allow_list_are_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.server_api.allowed_ips = vec!["192.0.2.0/24".into()];
    });
    for answer in [
        post(&gateway, "line/new", &json!({"data": {"username": "x"}})),
        http::get(gateway.api, &format!("/api/streams/online/{SERVER_KEY}")),
        http::post_form(gateway.api, "/api/line/new", "%%%=&data[=x"),
        http::get(gateway.api, "/api/no/such/WRONG"),
        http::send(gateway.api, "PUT", "/api/line/new"),
    ] {
        assert_eq!(answer.status, 403, "{}", answer.body);
        assert_eq!(
            answer.json(),
            json!({"result": false, "error": "access denied"})
        );
    }
    gateway.stop();

    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(gateway.server("CHECK_USER_EXISTS,x").body, "false");
    let refusals: Vec<Value> = audit(&gateway, 20)
        .into_iter()
        .filter(|e| e["status"] == 403)
        .collect();
    assert_eq!(refusals.len(), 5, "{refusals:?}");
    for refusal in refusals {
        assert_eq!(refusal["command"], "", "nothing of it was read");
        assert_eq!(refusal["result"], "ERROR: access denied");
    }
}

#[test]
fn wrong_keys_count_per_address_with_the_command_apis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.server_api.failed_keys_per_address = 3;
        c.server_api.failed_keys_window_secs = 600;
    });
    for _ in 0..3 {
        assert_eq!(
            ok(&gateway, "servers/list", &json!({}))["result"],
            true,
            "right keys count nothing"
        );
    }
    assert_eq!(
        http::get(gateway.api, "/api/servers/list/WRONG").status,
        401
    );
    assert_eq!(
        http::post_form(gateway.api, "/api/line/info", "api_key=WRONG&username=x").status,
        401
    );
    assert_eq!(
        gateway.server("GET_USERS").status,
        200,
        "the command API's right key"
    );
    let wrong = http::get(
        gateway.api,
        "/api/api.php?api=server&key=WRONG&cmd=GET_USERS",
    );
    assert_eq!(wrong.status, 401);
    // Three wrong keys from the address, by either API: refused, right key or not.
    let refused = post(&gateway, "servers/list", &json!({}));
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.header("retry-after").is_some());
    assert!(
        refused.json()["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("too many wrong keys from this address")),
        "{}",
        refused.body
    );
    assert_eq!(gateway.server("GET_USERS").status, 429);
}

#[test]
fn every_call_is_audited_without_its_key_or_passwords() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    post_key_in_path(
        &gateway,
        "line/new",
        &json!({"data": {"username": "audited", "password": "first-secret"}}),
    );
    post(
        &gateway,
        "line/update",
        &json!({"username": "audited", "password": "first-secret",
            "data": {"password": "second-secret", "notes": "kept"}}),
    );
    post(
        &gateway,
        "line/new",
        &json!({"data": {"username": "audited"}}),
    );
    http::get(gateway.api, &format!("/api/line/new/{SERVER_KEY}"));
    let log = audit(&gateway, 4);
    let text = serde_json::to_string(&log).expect("json");
    for secret in [SERVER_KEY, "first-secret", "second-secret"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // Newest first.
    assert_eq!(log[0]["command"], "line/new");
    assert_eq!(
        (log[0]["status"].clone(), log[0]["result"].clone()),
        (json!(405), json!("ERROR: method not allowed"))
    );
    assert_eq!(
        log[1]["command"],
        r#"line/new {"data":{"username":"audited"}}"#
    );
    assert_eq!(
        (log[1]["status"].clone(), log[1]["result"].clone()),
        (json!(200), json!("ERROR: Username exists."))
    );
    assert_eq!(
        log[2]["command"],
        r#"line/update {"data":{"notes":"kept","password":"***"},"password":"***","username":"audited"}"#
    );
    assert_eq!(log[2]["result"], "OK");
    assert_eq!(
        log[3]["command"],
        r#"line/new {"data":{"password":"***","username":"audited"}}"#
    );
    assert_eq!(log[3]["address"], "127.0.0.1");
}
