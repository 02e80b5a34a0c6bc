//! Seed 001's lines (user accounts) over HTTP, as its PHP clients send
//! them: created, read, updated, renamed and deleted; generated
//! credentials; every bad field named.

use crate::support;

use serde_json::{Value, json};
use support::server_rest::{http_build_query, ok, post, refused, with_key};
use trackgate_tests::http;

/// Seconds since the epoch, as PHP's `time()`.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn login(gateway: &support::Running, login: &str, password: &str) -> Value {
    gateway
        .user("user/auth", json!({ "login": login, "password": password }))
        .json()
}

#[test]
fn php_forms_create_read_update_and_delete_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(
        gateway.server("ADD_BILLING_PLAN,Basic,9.99,30,5,90").body,
        "1"
    );
    let expire = now() + 30 * 86_400;
    // The seed's example, with allowed_ips and notes.
    let new = json!({"data": {
        "username": "test_username",
        "password": "test_password",
        "max_allowed_connections": 1,
        "restreamer": 1,
        "expire_date": expire,
        "subscription_plan_id": 1,
        "allowed_ips": ["127.0.0.1", "192.0.2.0/24"],
        "notes": "paid by card",
    }});
    let form = http_build_query(&with_key(&new));
    assert!(form.contains("data%5Busername%5D=test_username"), "{form}");
    assert!(
        form.contains("data%5Ballowed_ips%5D%5B1%5D=192.0.2.0%2F24"),
        "{form}"
    );
    let created = ok(&gateway, "line/new", &new);
    assert_eq!(created["username"], "test_username");
    assert_eq!(created["password"], "test_password");
    let id = created["created_id"].as_u64().expect("an id");

    let info = ok(&gateway, "line/info", &json!({"username": "test_username"}));
    let line = &info["line_info"];
    assert_eq!(line["id"], id);
    assert_eq!(line["expire_date"], expire);
    assert_eq!(line["max_allowed_connections"], 1);
    assert_eq!(line["subscription_plan_id"], 1);
    assert_eq!(line["disabled"], 0);
    assert_eq!(line["allowed_ips"], json!(["127.0.0.1", "192.0.2.0/24"]));
    assert_eq!(line["notes"], "paid by card");
    assert!(line.get("password").is_none(), "never shown: {line}");
    assert_eq!(info["line_conn_info"], json!([]));
    assert_eq!(info["line_channel_ids"], json!([]));
    assert_eq!(
        login(&gateway, "test_username", "test_password")["success"],
        true
    );

    // The seed's edit: password, connections, expiry; the line named by
    // its username and (optionally) its current password.
    let later = now() + 60 * 86_400;
    let updated = ok(
        &gateway,
        "line/update",
        &json!({"username": "test_username", "password": "test_password", "data": {
            "password": "new_password",
            "max_allowed_connections": 10,
            "restreamer": 1,
            "expire_date": later,
        }}),
    );
    assert_eq!(
        (
            &updated["modified_id"],
            &updated["username"],
            &updated["password"]
        ),
        (&json!(id), &json!("test_username"), &json!("new_password"))
    );
    let line =
        ok(&gateway, "line/info", &json!({"username": "test_username"}))["line_info"].clone();
    assert_eq!(
        (
            line["max_allowed_connections"].clone(),
            line["expire_date"].clone()
        ),
        (json!(10), json!(later))
    );
    assert_eq!(line["notes"], "paid by card", "left as it was");
    assert_eq!(
        login(&gateway, "test_username", "test_password")["success"],
        false
    );
    assert_eq!(
        login(&gateway, "test_username", "new_password")["success"],
        true
    );

    // Empty fields take their defaults; a new username renames.
    ok(
        &gateway,
        "line/update",
        &json!({"username": "test_username", "data": {
            "username": "renamed", "notes": "", "expire_date": 0, "disabled": true,
        }}),
    );
    let line = ok(&gateway, "line/info", &json!({"username": "renamed"}))["line_info"].clone();
    assert_eq!(line["notes"], "");
    assert_eq!(line["expire_date"], Value::Null);
    assert_eq!(line["disabled"], 1);
    assert_eq!(
        login(&gateway, "renamed", "new_password")["status"]["code"],
        103,
        "disabled"
    );
    assert_eq!(
        refused(&gateway, "line/info", &json!({"username": "test_username"})),
        "Wrong Username/Password."
    );

    // The same account through the command API's eyes.
    let users = gateway.server("GET_USERS").json();
    let user = support::server_api::entry(&users, "email", "renamed");
    assert_eq!(
        (user["plan"].clone(), user["active"].clone()),
        (json!(1), json!(false))
    );

    ok(&gateway, "line/delete", &json!({"username": "renamed"}));
    assert_eq!(
        refused(&gateway, "line/delete", &json!({"username": "renamed"})),
        "Wrong Username/Password."
    );
    assert_eq!(gateway.server("CHECK_USER_EXISTS,renamed").body, "false");
}

#[test]
fn empty_credentials_are_generated_and_answered_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    // Nothing at all, as the seed says works.
    let created = ok(&gateway, "line/new", &json!({}));
    let (name, password) = (
        created["username"].as_str().expect("a username").to_owned(),
        created["password"].as_str().expect("a password").to_owned(),
    );
    assert_eq!(name.len(), 10);
    assert!(password.len() >= 12);
    assert_eq!(login(&gateway, &name, &password)["success"], true);
    // Empty ones too, and each call its own.
    let again = ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "", "password": ""}}),
    );
    assert_ne!(again["username"], created["username"]);
    assert_ne!(again["password"], created["password"]);
    // The line's info never shows it again.
    let info = ok(&gateway, "line/info", &json!({"username": name}));
    assert!(!info.to_string().contains(&password));
}

#[test]
fn bad_fields_are_refused_by_name_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "taken", "password": "secret1"}}),
    );
    let new = |data: Value| refused(&gateway, "line/new", &json!({ "data": data }));
    assert_eq!(new(json!({"username": "taken"})), "Username exists.");
    assert!(
        new(json!({"expire_date": "soon"})).starts_with("data[expire_date] must be a Unix time")
    );
    assert_eq!(
        new(json!({"disabled": "maybe"})),
        "data[disabled] must be 1 or 0 (true or false)"
    );
    assert_eq!(
        new(json!({"max_allowed_connections": -1})),
        "data[max_allowed_connections] must be a whole number of at least 0"
    );
    assert_eq!(
        new(json!({"subscription_plan_id": 9})),
        "data[subscription_plan_id] names no billing plan"
    );
    assert_eq!(
        new(json!({"reseller_id": 9})),
        "data[reseller_id] names no reseller"
    );
    assert_eq!(
        new(json!({"allowed_ips": ["10.0.0.1", "ten"]})),
        "data[allowed_ips][1] must be an IP address or a CIDR range, not \"ten\""
    );
    assert_eq!(
        new(json!({"password": "abc"})),
        "data[password] must have at least 6 characters"
    );
    assert_eq!(
        new(json!({"username": "a b"})),
        "data[username] must be 1 to 128 characters, without spaces"
    );
    assert!(new(json!({"bouquets": [1]})).starts_with("data[bouquets] is not a field of a line"));
    // Nothing was made by any of them.
    assert_eq!(
        gateway.server("GET_USERS").json().as_array().map(Vec::len),
        Some(1)
    );

    let form = |body: &str| {
        let answer = http::post_form(gateway.api, "/api/line/new", body);
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let key = support::SERVER_KEY;
    assert!(
        form(&format!("api_key={key}&data%5Busername=x")).contains("data[username is malformed")
    );
    assert_eq!(
        form(&format!("api_key={key}&data=plain")),
        "data must hold the fields to set: data[name]=value"
    );
    assert_eq!(
        form(&format!("api_key={key}&data[username][]=x")),
        "data[username] must be a single value, not a list"
    );

    let update = |fields: Value| refused(&gateway, "line/update", &fields);
    assert_eq!(update(json!({"data": {}})), "username is missing");
    assert_eq!(
        update(json!({"username": "nobody"})),
        "Wrong Username/Password."
    );
    assert_eq!(
        update(json!({"username": "taken", "password": "wrong!"})),
        "Wrong Username/Password."
    );
    ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "other"}}),
    );
    assert_eq!(
        update(json!({"username": "taken", "data": {"username": "other"}})),
        "Username exists."
    );
    let answer = post(&gateway, "line/info", &json!({"username": "taken"})).json();
    assert_eq!(answer["line_info"]["username"], "taken");
}

#[test]
fn a_line_is_used_only_from_its_allowed_addresses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "kiosk", "password": "kiosk-pass",
            "allowed_ips": ["192.0.2.1", "2001:db8::/32"]}}),
    );
    let key = gateway.server("GET_USER_API_KEY,kiosk").body;
    let list = |key: &str| gateway.user("tracker/list", json!({ "hash": key })).json();
    // From elsewhere the right password is as wrong as any.
    assert_eq!(
        login(&gateway, "kiosk", "kiosk-pass")["status"]["code"],
        102
    );
    assert_eq!(list(&key)["status"]["code"], 4);

    ok(
        &gateway,
        "line/update",
        &json!({"username": "kiosk", "data": {"allowed_ips": ["127.0.0.0/8"]}}),
    );
    let session = login(&gateway, "kiosk", "kiosk-pass");
    assert_eq!(session["success"], true, "{session}");
    assert_eq!(list(&key)["success"], true);
    let hash = session["hash"].as_str().expect("a hash").to_owned();
    assert_eq!(list(&hash)["success"], true);

    // Taken away again: the session made meanwhile stops working too.
    ok(
        &gateway,
        "line/update",
        &json!({"username": "kiosk", "data": {"allowed_ips": ["192.0.2.1"]}}),
    );
    assert_eq!(list(&hash)["status"]["code"], 4);
    // Empty: from anywhere.
    ok(
        &gateway,
        "line/update",
        &json!({"username": "kiosk", "data": {"allowed_ips": ""}}),
    );
    assert_eq!(list(&hash)["success"], true);
    let info = ok(&gateway, "line/info", &json!({"username": "kiosk"}));
    assert_eq!(info["line_info"]["allowed_ips"], json!([]));
}
