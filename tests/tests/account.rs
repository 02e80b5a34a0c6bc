//! The caller's own account through the User API: who it is, ending and
//! renewing a session, and API keys that work as `hash` until deleted.

use crate::support;

use serde_json::{Value, json};
use trackgate_store::SecretDigest;

/// The id `api/key/list` shows for `key`: it never shows the key itself.
fn key_id(key: &str) -> String {
    SecretDigest::of(key).id()
}

fn login(gateway: &support::Running, email: &str) -> String {
    let auth = gateway
        .user(
            "user/auth",
            json!({ "login": email, "password": "s3cret-pass" }),
        )
        .json();
    auth["hash"].as_str().expect("a session hash").to_owned()
}

fn call(gateway: &support::Running, name: &str, hash: &str, extra: Value) -> Value {
    let mut body = extra;
    body["hash"] = json!(hash);
    gateway.user(name, body).json()
}

#[test]
fn get_info_logout_and_renew_work_on_sessions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, _) = gateway.provision("me@example.com", "s3cret-pass", "356307042441013");
    let session = login(&gateway, "me@example.com");

    let info = call(&gateway, "user/get_info", &session, json!({}));
    assert_eq!(info["user_info"]["login"], "me@example.com", "{info}");
    assert_eq!(info["user_info"]["time_zone"], "UTC");
    // The same user through its API key.
    let by_key = call(&gateway, "user/get_info", &key, json!({}));
    assert_eq!(by_key["user_info"]["id"], info["user_info"]["id"]);

    assert_eq!(
        call(&gateway, "user/session/renew", &session, json!({}))["success"],
        true
    );
    // Renewing or ending "the session" with an API key is code 4.
    assert_eq!(
        call(&gateway, "user/session/renew", &key, json!({}))["status"]["code"],
        4
    );
    assert_eq!(
        call(&gateway, "user/logout", &key, json!({}))["status"]["code"],
        4
    );

    assert_eq!(
        call(&gateway, "user/logout", &session, json!({}))["success"],
        true
    );
    // The session is gone; the API key still works.
    let after = call(&gateway, "tracker/list", &session, json!({}));
    assert_eq!(after["status"]["code"], 4, "{after}");
    assert_eq!(
        call(&gateway, "tracker/list", &key, json!({}))["success"],
        true
    );
}

#[test]
fn api_keys_are_created_listed_used_and_deleted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (first_key, _) = gateway.provision("keys@example.com", "s3cret-pass", "356307042441013");
    gateway.provision("other@example.com", "s3cret-pass", "356307042441014");
    let session = login(&gateway, "keys@example.com");

    let created = call(
        &gateway,
        "api/key/create",
        &session,
        json!({ "title": "My Super App" }),
    );
    assert_eq!(created["success"], true, "{created}");
    let new_key = created["value"]["hash"].as_str().expect("a key").to_owned();
    assert_eq!(new_key.len(), 32);
    assert_eq!(created["value"]["title"], "My Super App");
    // The new key works as `hash`.
    assert_eq!(
        call(&gateway, "tracker/list", &new_key, json!({}))["success"],
        true
    );

    let list = call(&gateway, "api/key/list", &session, json!({}));
    let hashes: Vec<&str> = list["list"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|k| k["hash"].as_str())
        .collect();
    // Each key by its id (the store keeps only digests), oldest first.
    assert_eq!(
        hashes,
        vec![key_id(&first_key), key_id(&new_key)],
        "oldest first"
    );
    // An id is no key.
    assert_eq!(
        call(&gateway, "tracker/list", &key_id(&new_key), json!({}))["status"]["code"],
        4
    );

    // Keys are managed with a session only; titles are checked; another
    // user's key is not found.
    assert_eq!(
        call(
            &gateway,
            "api/key/create",
            &new_key,
            json!({ "title": "x" })
        )["status"]["code"],
        4
    );
    let untitled = call(
        &gateway,
        "api/key/create",
        &session,
        json!({ "title": " " }),
    );
    assert_eq!(untitled["errors"][0]["parameter"], "title", "{untitled}");
    let other_session = login(&gateway, "other@example.com");
    assert_eq!(
        call(
            &gateway,
            "api/key/delete",
            &other_session,
            json!({ "key": new_key })
        )["status"]["code"],
        201
    );

    assert_eq!(
        call(
            &gateway,
            "api/key/delete",
            &other_session,
            json!({ "key": key_id(&new_key) })
        )["status"]["code"],
        201
    );

    assert_eq!(
        call(
            &gateway,
            "api/key/delete",
            &session,
            json!({ "key": new_key })
        )["success"],
        true
    );
    assert_eq!(
        call(&gateway, "tracker/list", &new_key, json!({}))["status"]["code"],
        4
    );
    // A key is deleted by its id as well.
    let by_id = call(
        &gateway,
        "api/key/create",
        &session,
        json!({ "title": "short-lived" }),
    )["value"]["hash"]
        .as_str()
        .expect("a key")
        .to_owned();
    let deleted = call(
        &gateway,
        "api/key/delete",
        &session,
        json!({ "key": key_id(&by_id) }),
    );
    assert_eq!(deleted["success"], true, "{deleted}");
    assert_eq!(
        call(&gateway, "tracker/list", &by_id, json!({}))["status"]["code"],
        4
    );
    assert_eq!(
        call(
            &gateway,
            "api/key/delete",
            &session,
            json!({ "key": key_id(&by_id) })
        )["status"]["code"],
        201
    );
}

#[test]
fn a_user_holds_at_most_twenty_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    gateway.provision("quota@example.com", "s3cret-pass", "356307042441013");
    let session = login(&gateway, "quota@example.com");
    // The provisioning already made one key.
    for n in 2..=20 {
        let created = call(
            &gateway,
            "api/key/create",
            &session,
            json!({ "title": format!("key {n}") }),
        );
        assert_eq!(created["success"], true, "{created}");
    }
    let over = call(
        &gateway,
        "api/key/create",
        &session,
        json!({ "title": "one too many" }),
    );
    assert_eq!(over["status"]["code"], 268, "{over}");
}

#[test]
fn trackers_are_read_one_at_a_time_and_models_are_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("models@example.com", "s3cret-pass", "356307042441013");
    let (other_key, _) = gateway.provision("someone@example.com", "s3cret-pass", "356307042441014");

    for name in ["tracker/get", "tracker/read"] {
        let got = call(&gateway, name, &key, json!({ "tracker_id": tracker }));
        assert_eq!(got["value"]["id"], tracker, "{got}");
        assert_eq!(
            got["value"]["source"]["device_id"], "356307042441013",
            "{got}"
        );
    }
    let foreign = call(
        &gateway,
        "tracker/get",
        &other_key,
        json!({ "tracker_id": tracker }),
    );
    assert_eq!(foreign["status"]["code"], 201, "{foreign}");

    let all = call(&gateway, "tracker/list_models", &key, json!({}));
    let models = all["list"].as_array().expect("a list");
    assert_eq!(
        models.len(),
        trackgate_protocols::catalogue::ALL.len(),
        "one per protocol"
    );
    let model = |code: &str| {
        models
            .iter()
            .find(|m| m["code"] == code)
            .unwrap_or_else(|| panic!("{code} listed"))
            .clone()
    };
    // Read from the protocols' encoders: Teltonika addresses 4 outputs and
    // asks for a position both ways; Wialon IPS has no output and no
    // position request; JT/T 808 terminals have 12-digit ids.
    let teltonika = model("teltonika");
    assert_eq!(teltonika["digital_outputs"], 4, "{teltonika}");
    assert_eq!(teltonika["has_gprs_location_request"], true);
    assert_eq!(teltonika["has_location_request"], true);
    let wialon = model("wialon");
    assert_eq!(wialon["digital_outputs"], 0, "{wialon}");
    assert_eq!(wialon["has_gprs_location_request"], false);
    assert_eq!(model("jt808")["id_type"], "id,12");
    let some = call(
        &gateway,
        "tracker/list_models",
        &key,
        json!({ "codes": ["gt06", "osmand"] }),
    );
    assert_eq!(some["list"].as_array().map(Vec::len), Some(2), "{some}");
}
