//! Secrets at rest: no session hash or API key a client could present as
//! `hash` is written to the data directory, and `GET_USER_API_KEY` answers
//! one working key, call after call and restart after restart.

use crate::support;

use std::path::Path;

use serde_json::{Value, json};

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

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn no_session_hash_or_api_key_reaches_the_data_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (server_key, _) = gateway.provision("me@example.com", "s3cret-pass", "356307042441013");
    let session = login(&gateway, "me@example.com");
    let created = call(
        &gateway,
        "api/key/create",
        &session,
        json!({ "title": "app" }),
    );
    let created = created["value"]["hash"].as_str().expect("a key").to_owned();
    let renewed = call(&gateway, "user/session/renew", &session, json!({}));
    assert_eq!(renewed["success"], true, "{renewed}");
    gateway.stop();

    let secrets = [&server_key, &session, &created];
    for file in files(dir.path()) {
        let bytes = std::fs::read(&file).expect("read");
        // Keys and hashes are ASCII, which survives the lossy reading.
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for secret in secrets {
            assert!(
                !text.contains(&secret.to_ascii_lowercase()),
                "{} holds a secret",
                file.display()
            );
        }
    }

    // And they all still work after a restart.
    let gateway = support::start(dir.path(), |_| {});
    for hash in secrets {
        let info = call(&gateway, "user/get_info", hash, json!({}));
        assert_eq!(info["user_info"]["login"], "me@example.com", "{info}");
    }
}

#[test]
fn the_server_api_gives_each_user_one_key_for_good() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, _) = gateway.provision("ops@example.com", "s3cret-pass", "356307042441013");
    assert_eq!(key.len(), 32);
    assert_eq!(gateway.server("GET_USER_API_KEY,ops@example.com").body, key);
    gateway.provision("dev@example.com", "s3cret-pass", "356307042441014");
    assert_ne!(gateway.server("GET_USER_API_KEY,dev@example.com").body, key);

    // Deleted by its user, it is registered again by the next call.
    let session = login(&gateway, "ops@example.com");
    let deleted = call(&gateway, "api/key/delete", &session, json!({ "key": key }));
    assert_eq!(deleted["success"], true, "{deleted}");
    assert_eq!(
        call(&gateway, "tracker/list", &key, json!({}))["status"]["code"],
        4
    );
    assert_eq!(gateway.server("GET_USER_API_KEY,ops@example.com").body, key);
    assert_eq!(
        call(&gateway, "tracker/list", &key, json!({}))["success"],
        true
    );
    gateway.stop();

    // The secret it is derived from is kept in the data directory.
    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(gateway.server("GET_USER_API_KEY,ops@example.com").body, key);
    assert_eq!(
        call(&gateway, "tracker/list", &key, json!({}))["success"],
        true
    );
    let keys = call(
        &gateway,
        "api/key/list",
        &login(&gateway, "ops@example.com"),
        json!({}),
    );
    assert_eq!(keys["list"].as_array().map(Vec::len), Some(1), "{keys}");
}
