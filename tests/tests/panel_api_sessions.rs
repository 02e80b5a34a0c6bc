//! Panel API sessions against the running gateway: logging in (12 for a
//! wrong login or password, throttled like user/auth), the configured
//! first administrator and no other on a fresh install, logout, expiry
//! and the idle timeout (4), and panel and user hashes kept apart.

use crate::support;

use std::thread::sleep;
use std::time::Duration;

use serde_json::json;
use support::panel_api::{PASSWORD, admin, all, call, code, log_in, post, seed};

#[test]
fn a_fresh_install_has_no_administrator_and_a_configured_one_is_made_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    for (login, password) in [("admin", "admin"), ("root", "root-password")] {
        let answer = post(
            &gateway,
            "account/auth",
            &json!({ "login": login, "password": password }),
        );
        assert_eq!(
            (answer.status, code(&answer.json())),
            (400, 12),
            "{}",
            answer.body
        );
        assert_eq!(answer.json()["status"]["description"], "Dealer not found");
    }
    gateway.stop();

    let gateway = support::start(dir.path(), |config| {
        config.panel.admin_login = Some("root".into());
        config.panel.admin_password = Some("root-password".into());
    });
    let answer = post(
        &gateway,
        "account/auth",
        &json!({ "login": "root", "password": "root-password" }),
    )
    .json();
    assert_eq!(code(&answer), 0, "{answer}");
    assert_eq!(answer["hash"].as_str().map(str::len), Some(32));
    assert_eq!(
        answer["permissions"]["users"],
        json!(["create", "read", "update", "delete"])
    );
    assert_eq!(answer["permissions"].as_object().map(|p| p.len()), Some(12));
    gateway.stop();

    // A later start with another password leaves the first one as it is.
    let gateway = support::start(dir.path(), |config| {
        config.panel.admin_login = Some("root".into());
        config.panel.admin_password = Some("another-password".into());
    });
    let old = post(
        &gateway,
        "account/auth",
        &json!({ "login": "root", "password": "root-password" }),
    );
    assert_eq!(code(&old.json()), 0, "{}", old.body);
    let new = post(
        &gateway,
        "account/auth",
        &json!({ "login": "root", "password": "another-password" }),
    );
    assert_eq!(code(&new.json()), 12);
    gateway.stop();
}

#[test]
fn wrong_passwords_are_12_then_throttled_and_logout_ends_the_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| admin(store, "clerk", None, all()));
    let gateway = support::start(dir.path(), |config| {
        config.api.failed_logins_per_login = 3;
    });
    for _ in 0..3 {
        let wrong = post(
            &gateway,
            "account/auth",
            &json!({ "login": "clerk", "password": "nope-nope" }),
        );
        assert_eq!(code(&wrong.json()), 12, "{}", wrong.body);
    }
    let throttled = post(
        &gateway,
        "account/auth",
        &json!({ "login": "clerk", "password": PASSWORD }),
    );
    assert_eq!(
        (throttled.status, code(&throttled.json())),
        (429, 15),
        "{}",
        throttled.body
    );
    assert!(throttled.header("retry-after").is_some());
    // authinfo counts against the same login.
    let by_authinfo = post(
        &gateway,
        "account/get_permissions",
        &json!({ "authinfo": format!("clerk:{PASSWORD}") }),
    );
    assert_eq!(code(&by_authinfo.json()), 15, "{}", by_authinfo.body);
    gateway.stop();

    let gateway = support::start(dir.path(), |_| {});
    let hash = log_in(&gateway, "clerk");
    let permissions = call(&gateway, "account/get_permissions", &hash, json!({}));
    assert_eq!(
        permissions["permissions"]["base"],
        json!(["get_dealer_info"])
    );
    assert_eq!(code(&call(&gateway, "account/logout", &hash, json!({}))), 0);
    let after = post(
        &gateway,
        "account/get_permissions",
        &json!({ "hash": hash }),
    );
    assert_eq!((after.status, code(&after.json())), (400, 4));
    let malformed = post(
        &gateway,
        "account/get_permissions",
        &json!({ "hash": "xyz" }),
    );
    assert_eq!(code(&malformed.json()), 3);
    let missing = post(&gateway, "account/get_permissions", &json!({}));
    assert_eq!(code(&missing.json()), 3);
    gateway.stop();
}

#[test]
fn sessions_end_when_they_expire_or_lie_idle() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| admin(store, "clerk", None, all()));
    let gateway = support::start(dir.path(), |config| {
        config.panel.session_ttl_secs = 2;
    });
    let hash = log_in(&gateway, "clerk");
    assert_eq!(
        code(&call(&gateway, "account/get_permissions", &hash, json!({}))),
        0
    );
    sleep(Duration::from_millis(2_300));
    let expired = call(&gateway, "account/get_permissions", &hash, json!({}));
    assert_eq!(code(&expired), 4, "{expired}");
    gateway.stop();

    let gateway = support::start(dir.path(), |config| {
        config.panel.idle_timeout_secs = 3;
    });
    let hash = log_in(&gateway, "clerk");
    // Used every 1.5 s it stays, longer than the timeout in all.
    for _ in 0..3 {
        sleep(Duration::from_millis(1_500));
        let used = call(&gateway, "account/get_permissions", &hash, json!({}));
        assert_eq!(code(&used), 0, "{used}");
    }
    sleep(Duration::from_millis(3_400));
    let idle = call(&gateway, "account/get_permissions", &hash, json!({}));
    assert_eq!(code(&idle), 4, "{idle}");
    gateway.stop();
}

#[test]
fn panel_and_user_hashes_are_refused_by_the_other_api() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| admin(store, "clerk", None, all()));
    let gateway = support::start(dir.path(), |_| {});
    let panel = log_in(&gateway, "clerk");
    let as_user = gateway
        .user("user/get_info", json!({ "hash": panel }))
        .json();
    assert_eq!(as_user["status"]["code"], 4, "{as_user}");

    assert_eq!(
        gateway
            .server("ADD_USER,driver@example.com,false,driver-pass")
            .body,
        "OK"
    );
    let user = gateway
        .user(
            "user/auth",
            json!({ "login": "driver@example.com", "password": "driver-pass" }),
        )
        .json();
    let user_hash = user["hash"].as_str().expect("a user session");
    let as_panel = call(&gateway, "account/get_permissions", user_hash, json!({}));
    assert_eq!(code(&as_panel), 4, "{as_panel}");
    // The same login as an administrator's is still the user's own.
    let user_login = post(
        &gateway,
        "account/auth",
        &json!({ "login": "driver@example.com", "password": "driver-pass" }),
    );
    assert_eq!(code(&user_login.json()), 12);
    gateway.stop();
}
