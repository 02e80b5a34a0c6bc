//! Seed 004's conventions on Panel calls against the running gateway:
//! `out` (JSON, XML, text), `lang`, `func`, `sok`, `authinfo` (and its
//! address allow-list) and `su`.

use crate::support;

use serde_json::json;
use support::panel_api::{PASSWORD, admin, all, all_but, call, code, dealer, log_in, post, seed};
use trackgate_tests::http;

/// A gateway with dealer North, its administrator `north` (every
/// permission), `north-no-su` (all but `user_sessions: create`), and
/// users `u1@example.com` and `u2@example.com` of North and
/// `other@example.com` of South.
fn north(
    dir: &std::path::Path,
    tweak: impl FnOnce(&mut trackgate_gateway::Config),
) -> (support::Running, String) {
    seed(dir, |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        admin(store, "north", Some(north), all());
        admin(
            store,
            "north-no-su",
            Some(north),
            all_but(&[("user_sessions", "create")]),
        );
        admin(store, "south", Some(south), all());
    });
    let gateway = support::start(dir, tweak);
    let north = log_in(&gateway, "north");
    let south = log_in(&gateway, "south");
    for (hash, login) in [
        (&north, "u1@example.com"),
        (&north, "u2@example.com"),
        (&south, "other@example.com"),
    ] {
        let made = call(
            &gateway,
            "user/create",
            hash,
            json!({ "user": { "login": login }, "password": "user-secret" }),
        );
        assert_eq!(code(&made), 0, "{made}");
    }
    (gateway, north)
}

#[test]
fn out_lang_func_and_sok() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gateway, hash) = north(dir.path(), |_| {});
    let xml = http::get(
        gateway.api,
        &format!("/v2/panel/user/list?hash={hash}&out=xml&order_by=login"),
    );
    assert_eq!(xml.status, 200);
    assert!(
        xml.header("content-type")
            .is_some_and(|t| t.starts_with("application/xml"))
    );
    assert!(
        xml.body
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response>"),
        "{}",
        xml.body
    );
    assert!(xml.body.contains("<count>2</count>"), "{}", xml.body);
    assert!(xml.body.contains("<list><item>"), "{}", xml.body);
    assert!(
        xml.body.contains("<login>u1@example.com</login>"),
        "{}",
        xml.body
    );
    assert!(xml.body.contains("<success>true</success>"));

    let text = http::get(
        gateway.api,
        &format!("/v2/panel/user/list?hash={hash}&out=text&order_by=login"),
    );
    assert!(
        text.header("content-type")
            .is_some_and(|t| t.starts_with("text/plain"))
    );
    let lines: Vec<&str> = text.body.lines().collect();
    assert!(lines.contains(&"count=2"), "{}", text.body);
    assert!(
        lines.contains(&"list.0.login=u1@example.com"),
        "{}",
        text.body
    );
    assert!(
        lines.contains(&"list.1.login=u2@example.com"),
        "{}",
        text.body
    );
    assert!(lines.contains(&"success=true"));

    // Errors keep their status in every format, described in the language asked for.
    let xml_error = http::get(
        gateway.api,
        "/v2/panel/user/list?hash=00000000000000000000000000000000&out=xml&lang=de",
    );
    assert_eq!(xml_error.status, 400);
    assert!(
        xml_error.body.contains("<code>4</code>"),
        "{}",
        xml_error.body
    );
    assert!(
        xml_error
            .body
            .contains("Benutzer nicht gefunden oder Sitzung beendet"),
        "{}",
        xml_error.body
    );
    let text_error = http::get(
        gateway.api,
        "/v2/panel/user/read?out=text&lang=ru&hash="
            .to_owned()
            .as_str(),
    );
    assert!(
        text_error.body.lines().any(|l| l == "status.code=3"),
        "{}",
        text_error.body
    );
    assert!(
        text_error.body.contains("Неверный хеш"),
        "{}",
        text_error.body
    );
    for (lang, description) in [
        ("de", "Vorgang nicht erlaubt"),
        ("ru", "Операция не разрешена"),
        ("fr", "Operation not permitted"),
        ("en", "Operation not permitted"),
    ] {
        let answer = post(
            &gateway,
            "user/create",
            &json!({ "hash": hash, "su": "u1@example.com", "lang": lang }),
        );
        assert_eq!(
            answer.json()["status"]["description"],
            description,
            "{lang}"
        );
    }
    let bad_out = post(
        &gateway,
        "user/list",
        &json!({ "hash": hash, "out": "html" }),
    );
    assert_eq!(bad_out.json()["errors"][0]["parameter"], "out");

    // func at the panel's root, by GET and by POST form; sok is accepted.
    let by_func = http::get(
        gateway.api,
        &format!("/v2/panel/?func=user.list&hash={hash}&sok=ok"),
    );
    assert_eq!(by_func.json()["count"], 2, "{}", by_func.body);
    let form = http::post_form(
        gateway.api,
        "/v2/panel",
        &format!(
            "func=tariff.create&sok=ok&hash={hash}&tariff=%7B%22name%22%3A%22Form%22%2C%22price%22%3A3%7D"
        ),
    );
    assert!(form.json()["id"].is_u64(), "{}", form.body);
    let nothing = http::get(gateway.api, &format!("/v2/panel/?hash={hash}"));
    assert_eq!(code(&nothing.json()), 111);
    gateway.stop();
}

#[test]
fn authinfo_logs_in_per_call_from_allowed_addresses_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gateway, _) = north(dir.path(), |_| {});
    let good = post(
        &gateway,
        "user/list",
        &json!({ "authinfo": format!("north:{PASSWORD}") }),
    );
    assert_eq!(good.json()["count"], 2, "{}", good.body);
    let by_func = http::get(
        gateway.api,
        &format!("/v2/panel/?func=dealer.get_info&authinfo=north:{PASSWORD}"),
    );
    assert_eq!(by_func.json()["title"], "North", "{}", by_func.body);
    let wrong = post(
        &gateway,
        "user/list",
        &json!({ "authinfo": "north:wrong-password" }),
    );
    assert_eq!(code(&wrong.json()), 12);
    let shapeless = post(&gateway, "user/list", &json!({ "authinfo": "north" }));
    assert_eq!(shapeless.json()["errors"][0]["parameter"], "authinfo");
    // No session to end.
    let logout = post(
        &gateway,
        "account/logout",
        &json!({ "authinfo": format!("north:{PASSWORD}") }),
    );
    assert_eq!(code(&logout.json()), 4);
    gateway.stop();

    let gateway = support::start(dir.path(), |config| {
        config.panel.authinfo_allowed_ips = vec!["10.0.0.0/8".into()];
    });
    let refused = post(
        &gateway,
        "user/list",
        &json!({ "authinfo": format!("north:{PASSWORD}") }),
    );
    assert_eq!(
        (refused.status, code(&refused.json())),
        (403, 11),
        "{}",
        refused.body
    );
    // Sessions are not limited by it.
    let hash = log_in(&gateway, "north");
    assert_eq!(call(&gateway, "user/list", &hash, json!({}))["count"], 2);
    gateway.stop();
}

#[test]
fn su_runs_a_call_as_one_of_the_dealers_users() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gateway, hash) = north(dir.path(), |_| {});
    let tariff = call(
        &gateway,
        "tariff/create",
        &hash,
        json!({ "tariff": { "name": "T", "price": 1 } }),
    )["id"]
        .clone();
    let other_tariff = call(
        &gateway,
        "tariff/create",
        &hash,
        json!({ "tariff": { "name": "U", "price": 2 } }),
    )["id"]
        .clone();
    let users = call(&gateway, "user/list", &hash, json!({ "order_by": "login" }));
    let (u1, u2) = (
        users["list"][0]["id"].clone(),
        users["list"][1]["id"].clone(),
    );
    let update = json!({ "user": { "id": u1 }, "default_tariff_id": tariff });
    assert_eq!(code(&call(&gateway, "user/update", &hash, update)), 0);

    let su = |path: &str, body: serde_json::Value| {
        let mut body = body;
        body["su"] = json!("u1@example.com");
        call(&gateway, path, &hash, body)
    };
    // Reads see the user itself and its tariff only.
    let list = su("user/list", json!({}));
    assert_eq!(
        (list["count"].clone(), list["list"][0]["id"].clone()),
        (json!(1), u1.clone())
    );
    assert_eq!(code(&su("user/read", json!({ "user_id": u1 }))), 0);
    assert_eq!(code(&su("user/read", json!({ "user_id": u2 }))), 201);
    let tariffs = su("tariff/list", json!({}));
    assert_eq!(
        (tariffs["count"].clone(), tariffs["list"][0]["id"].clone()),
        (json!(1), tariff)
    );
    assert_eq!(
        code(&su("tariff/read", json!({ "tariff_id": other_tariff }))),
        201
    );
    assert_eq!(su("dealer/get_info", json!({}))["title"], "North");
    // The user's own password and session; nothing of the dealer's.
    assert_eq!(
        code(&su(
            "user/change_password",
            json!({ "user_id": u1, "password": "mine-now" })
        )),
        0
    );
    assert_eq!(
        code(&su("user/session/create", json!({ "user_id": u2 }))),
        201
    );
    for (path, body) in [
        (
            "user/create",
            json!({ "user": { "login": "x@example.com" }, "password": "secret-1" }),
        ),
        (
            "user/update",
            json!({ "user": { "id": u1, "activated": false } }),
        ),
        (
            "user/corrupt",
            json!({ "user_id": u1, "login": "u1@example.com" }),
        ),
        (
            "tariff/create",
            json!({ "tariff": { "name": "V", "price": 1 } }),
        ),
        (
            "tariff/update",
            json!({ "tariff": { "id": other_tariff, "price": 1 } }),
        ),
        ("account/logout", json!({})),
    ] {
        assert_eq!(code(&su(path, body)), 13, "{path} with su");
    }
    // Another dealer's user is not found; su needs user_sessions: create.
    let other = call(
        &gateway,
        "user/list",
        &hash,
        json!({ "su": "other@example.com" }),
    );
    assert_eq!(code(&other), 201);
    let no_su = log_in(&gateway, "north-no-su");
    let refused = call(
        &gateway,
        "user/list",
        &no_su,
        json!({ "su": "u1@example.com" }),
    );
    assert_eq!(code(&refused), 13);
    assert_eq!(call(&gateway, "user/list", &no_su, json!({}))["count"], 2);
    gateway.stop();
}
