//! The Panel API's calls against the running gateway: a dealer's
//! administrator runs its users and tariffs and sees nothing of another
//! dealer's (201); one without a dealer sees all. Real answers fit the
//! OpenAPI document.

use crate::support;

use serde_json::{Value, json};
use support::panel_api::{admin, all, call, code, dealer, log_in, seed};
use trackgate_api::user::openapi::conform::conforms;
use trackgate_tests::http;

fn fits(document: &Value, path: &str, answer: &Value) {
    assert_eq!(code(answer), 0, "{path}: {answer}");
    if let Err(why) = conforms(document, path, answer) {
        panic!("{path} does not fit the document: {why}\n{answer}");
    }
}

#[test]
fn a_dealer_runs_its_users_and_tariffs_and_sees_no_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        admin(store, "north-admin", Some(north), all());
        admin(store, "south-admin", Some(south), all());
        admin(store, "staff", None, all());
    });
    let gateway = support::start(dir.path(), |_| {});
    let document: Value = http::get(gateway.api, "/v2/panel/openapi.json").json();
    let north = log_in(&gateway, "north-admin");
    let south = log_in(&gateway, "south-admin");
    let staff = log_in(&gateway, "staff");

    let info = call(&gateway, "dealer/get_info", &north, json!({}));
    fits(&document, "dealer/get_info", &info);
    assert_eq!(
        (info["title"].clone(), info["active_limit"].clone()),
        (json!("North"), json!(50))
    );
    assert_eq!(
        code(&call(&gateway, "dealer/get_info", &staff, json!({}))),
        201
    );

    // Tariffs.
    let tariff = json!({ "name": "Basic", "price": 9.5, "device_limit": 3, "store_period": "6m" });
    let created = call(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": tariff }),
    );
    fits(&document, "tariff/create", &created);
    let tariff_id = created["id"].as_u64().expect("an id");
    let again = call(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": tariff }),
    );
    assert_eq!(code(&again), 244, "{again}");
    // Another dealer may use the name.
    let south_tariff = call(
        &gateway,
        "tariff/create",
        &south,
        json!({ "tariff": tariff }),
    );
    let south_tariff_id = south_tariff["id"].as_u64().expect("an id");
    let camera = call(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": { "name": "Cam", "price": 1, "device_type": "camera" } }),
    );
    assert_eq!(code(&camera), 214);
    let no_price = call(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": { "name": "Free" } }),
    );
    assert_eq!(no_price["errors"][0]["parameter"], "tariff.price");
    let read = call(
        &gateway,
        "tariff/read",
        &north,
        json!({ "tariff_id": tariff_id }),
    );
    fits(&document, "tariff/read", &read);
    assert_eq!(read["value"]["price"], json!(9.5));
    assert_eq!(read["value"]["store_period"], "6m");
    assert_eq!(read["value"]["device_limit"], 3);
    let update = json!({ "tariff": { "id": tariff_id, "price": "12.25", "store_period": "1y" } });
    fits(
        &document,
        "tariff/update",
        &call(&gateway, "tariff/update", &north, update),
    );
    let list = call(
        &gateway,
        "tariff/list",
        &north,
        json!({ "filter": "basic" }),
    );
    fits(&document, "tariff/list", &list);
    assert_eq!(list["count"], 1);
    assert_eq!(list["list"][0]["price"], json!(12.25));
    assert_eq!(list["list"][0]["store_period"], "1y");
    assert_eq!(
        call(
            &gateway,
            "tariff/list",
            &staff,
            json!({ "order_by": "price", "ascending": false })
        )["count"],
        2
    );
    assert_eq!(
        call(
            &gateway,
            "tariff/list",
            &north,
            json!({ "device_type": "camera" })
        )["count"],
        0
    );
    for (path, body) in [
        ("tariff/read", json!({ "tariff_id": south_tariff_id })),
        (
            "tariff/update",
            json!({ "tariff": { "id": south_tariff_id, "price": 1 } }),
        ),
        ("tariff/read", json!({ "tariff_id": 999_999 })),
    ] {
        assert_eq!(
            code(&call(&gateway, path, &north, body.clone())),
            201,
            "{path} {body}"
        );
    }

    // Users.
    let new_user = |login: &str, tariff: u64| {
        json!({
            "user": { "login": login, "first_name": "Ada", "activated": true, "legal_type": "individual" },
            "password": "user-secret", "time_zone": "Europe/Berlin", "comment": "first customer",
            "default_tariff_id": tariff,
        })
    };
    let created = call(
        &gateway,
        "user/create",
        &north,
        new_user("ada@example.com", tariff_id),
    );
    fits(&document, "user/create", &created);
    let ada = created["id"].as_u64().expect("an id");
    assert_eq!(
        code(&call(
            &gateway,
            "user/create",
            &south,
            new_user("ada@example.com", south_tariff_id)
        )),
        206
    );
    // Another dealer's tariff is not this dealer's to give.
    assert_eq!(
        code(&call(
            &gateway,
            "user/create",
            &north,
            new_user("bob@example.com", south_tariff_id)
        )),
        201
    );
    let bad = call(
        &gateway,
        "user/create",
        &north,
        json!({ "user": { "login": "a b" }, "password": "user-secret" }),
    );
    assert_eq!(bad["errors"][0]["parameter"], "user.login");
    let short = call(
        &gateway,
        "user/create",
        &north,
        json!({ "user": { "login": "c@example.com" }, "password": "x" }),
    );
    assert_eq!(short["errors"][0]["parameter"], "password");
    let south_user = call(
        &gateway,
        "user/create",
        &south,
        new_user("sam@example.com", south_tariff_id),
    )["id"]
        .as_u64()
        .expect("an id");

    let read = call(&gateway, "user/read", &north, json!({ "user_id": ada }));
    fits(&document, "user/read", &read);
    assert_eq!(read["value"]["login"], "ada@example.com");
    assert_eq!(read["value"]["first_name"], "Ada");
    assert_eq!(read["value"]["comment"], "first customer");
    assert_eq!(read["value"]["time_zone"], "Europe/Berlin");
    assert_eq!(read["default_tariff_id"], tariff_id);
    let update = json!({ "user": { "id": ada, "activated": false, "first_name": "Ada L." } });
    fits(
        &document,
        "user/update",
        &call(&gateway, "user/update", &north, update),
    );
    let list = call(&gateway, "user/list", &north, json!({}));
    fits(&document, "user/list", &list);
    assert_eq!(list["count"], 1);
    assert_eq!(list["list"][0]["activated"], false);
    assert_eq!(
        call(
            &gateway,
            "user/list",
            &north,
            json!({ "hide_inactive": true })
        )["count"],
        0
    );
    let everyone = call(
        &gateway,
        "user/list",
        &staff,
        json!({ "order_by": "login", "ascending": false }),
    );
    assert_eq!(everyone["count"], 2);
    assert_eq!(everyone["list"][0]["login"], "sam@example.com");
    let page = call(
        &gateway,
        "user/list",
        &staff,
        json!({ "limit": 1, "offset": 1 }),
    );
    assert_eq!(
        (page["count"].clone(), page["list"][0]["id"].clone()),
        (json!(2), json!(south_user))
    );
    for (path, body) in [
        ("user/read", json!({ "user_id": south_user })),
        (
            "user/update",
            json!({ "user": { "id": south_user, "activated": false } }),
        ),
        (
            "user/change_password",
            json!({ "user_id": south_user, "password": "new-secret" }),
        ),
        ("user/session/create", json!({ "user_id": south_user })),
        (
            "user/corrupt",
            json!({ "user_id": south_user, "login": "sam@example.com" }),
        ),
    ] {
        let refused = call(&gateway, path, &north, body.clone());
        assert_eq!(code(&refused), 201, "{path} {body}: {refused}");
    }

    // The user's way in: a new password, and a User API session.
    let update = json!({ "user": { "id": ada, "activated": true } });
    assert_eq!(code(&call(&gateway, "user/update", &north, update)), 0);
    let changed = call(
        &gateway,
        "user/change_password",
        &north,
        json!({ "user_id": ada, "password": "changed-secret" }),
    );
    fits(&document, "user/change_password", &changed);
    let auth = gateway
        .user(
            "user/auth",
            json!({ "login": "ada@example.com", "password": "changed-secret" }),
        )
        .json();
    assert!(auth["hash"].is_string(), "{auth}");
    let session = call(
        &gateway,
        "user/session/create",
        &north,
        json!({ "user_id": ada }),
    );
    fits(&document, "user/session/create", &session);
    let info = gateway
        .user("user/get_info", json!({ "hash": session["hash"] }))
        .json();
    assert_eq!(info["user_info"]["login"], "ada@example.com", "{info}");

    // Corrupting needs the login; the user is gone after it.
    let wrong = call(
        &gateway,
        "user/corrupt",
        &north,
        json!({ "user_id": ada, "login": "someone" }),
    );
    assert_eq!(wrong["errors"][0]["parameter"], "login");
    let corrupt = call(
        &gateway,
        "user/corrupt",
        &north,
        json!({ "user_id": ada, "login": "ada@example.com" }),
    );
    fits(&document, "user/corrupt", &corrupt);
    assert_eq!(
        code(&call(
            &gateway,
            "user/read",
            &north,
            json!({ "user_id": ada })
        )),
        201
    );
    let gone = gateway
        .user("user/get_info", json!({ "hash": session["hash"] }))
        .json();
    assert_eq!(gone["status"]["code"], 4);
    gateway.stop();
}

#[test]
fn a_corrupted_users_trackers_are_freed_for_a_new_registration() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| admin(store, "staff", None, all()));
    let gateway = support::start(dir.path(), |_| {});
    let (_, tracker) = gateway.provision("owner@example.com", "owner-pass", "356307042441077");
    let staff = log_in(&gateway, "staff");
    let list = call(&gateway, "user/list", &staff, json!({ "filter": "owner@" }));
    assert_eq!(list["list"][0]["trackers_count"], 1, "{list}");
    let id = list["list"][0]["id"].clone();
    let corrupt = call(
        &gateway,
        "user/corrupt",
        &staff,
        json!({ "user_id": id, "login": "owner@example.com" }),
    );
    assert_eq!(code(&corrupt), 0, "{corrupt}");
    // The device id is free: the Server API can add the device again.
    let again = gateway.server("ADD_OBJECT,356307042441077,Again,false,2030-01-01");
    assert_eq!(again.body, "OK", "tracker {tracker}");
    gateway.stop();
}
