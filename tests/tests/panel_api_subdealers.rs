//! Sub-dealers in the Panel API, against the running gateway: a parent
//! dealer's administrators see and run what its sub-dealers own; a
//! sub-dealer's never see its parent's (201, as if it did not exist).

use crate::support;

use serde_json::{Value, json};
use support::panel_api::{admin, all, call, code, dealer, log_in, seed};
use trackgate_store::{DealerStore, NewDealer};

fn tariff(gateway: &support::Running, hash: &str, name: &str) -> u64 {
    let created = call(
        gateway,
        "tariff/create",
        hash,
        json!({ "tariff": { "name": name, "price": 5, "device_limit": 2, "store_period": "1m" } }),
    );
    created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"))
}

fn user(gateway: &support::Running, hash: &str, login: &str, tariff: u64) -> u64 {
    let body = json!({
        "user": { "login": login, "first_name": "Ann", "activated": true, "legal_type": "individual" },
        "password": "user-secret", "time_zone": "Europe/Berlin", "default_tariff_id": tariff,
    });
    let created = call(gateway, "user/create", hash, body);
    created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"))
}

fn logins(list: &Value) -> Vec<String> {
    let mut out: Vec<String> = list["list"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| u["login"].as_str().expect("a login").to_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn a_parent_dealer_sees_its_sub_dealers_users_and_tariffs_but_not_the_reverse() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        let north = dealer(store, "North");
        let west = store
            .create_dealer(NewDealer {
                name: "North-West".into(),
                credits: 10,
                use_credits: false,
                tracker_limit: Some(50),
                parent: Some(north),
                created_ms: 1_700_000_000_000,
            })
            .expect("sub-dealer")
            .id;
        admin(store, "north-admin", Some(north), all());
        admin(store, "west-admin", Some(west), all());
    });
    let gateway = support::start(dir.path(), |_| {});
    let north = log_in(&gateway, "north-admin");
    let west = log_in(&gateway, "west-admin");

    let north_tariff = tariff(&gateway, &north, "North basic");
    let west_tariff = tariff(&gateway, &west, "West basic");
    let ann = user(&gateway, &north, "ann@example.com", north_tariff);
    let wes = user(&gateway, &west, "wes@example.com", west_tariff);

    // The parent sees both.
    assert_eq!(
        logins(&call(&gateway, "user/list", &north, json!({}))),
        ["ann@example.com", "wes@example.com"]
    );
    let read = call(&gateway, "user/read", &north, json!({ "user_id": wes }));
    assert_eq!(code(&read), 0, "{read}");
    let read = call(
        &gateway,
        "tariff/read",
        &north,
        json!({ "tariff_id": west_tariff }),
    );
    assert_eq!(code(&read), 0, "{read}");

    // The sub-dealer sees its own only.
    assert_eq!(
        logins(&call(&gateway, "user/list", &west, json!({}))),
        ["wes@example.com"]
    );
    for (path, body) in [
        ("user/read", json!({ "user_id": ann })),
        ("tariff/read", json!({ "tariff_id": north_tariff })),
    ] {
        assert_eq!(
            code(&call(&gateway, path, &west, body.clone())),
            201,
            "{path} {body}"
        );
    }
}
