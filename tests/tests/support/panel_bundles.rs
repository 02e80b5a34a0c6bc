//! Tracker bundle helpers: IMEIs, list answers, and a gateway with
//! dealers (one below another) and their administrators.

use std::path::Path;

use serde_json::{Value, json};
use trackgate_store::{DealerStore, NewDealer};

use super::Running;
use super::panel_api::{admin, all, all_but, call, dealer, seed};

/// A valid IMEI ending in `n` (three digits).
pub fn imei(n: u32) -> String {
    let body = format!("35630704255{n:03}");
    format!("{body}{}", trackgate_protocols::luhn_check_digit(&body))
}

/// The IMEIs of a list answer, in order.
pub fn imeis(answer: &Value) -> Vec<String> {
    answer["list"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {answer}"))
        .iter()
        .map(|b| b["imei"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// A gateway with dealers North (and its sub-dealer North-East) and South,
/// an administrator of each with every permission, one of North that may
/// not change bundles, and the server's own staff.
pub fn gateway(dir: &Path) -> Running {
    seed(dir, |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        let east = store
            .create_dealer(NewDealer {
                name: "North-East".into(),
                credits: 0,
                use_credits: false,
                tracker_limit: None,
                parent: Some(north),
                created_ms: 1_700_000_000_000,
            })
            .expect("sub-dealer")
            .id;
        admin(store, "north-admin", Some(north), all());
        admin(store, "south-admin", Some(south), all());
        admin(store, "east-admin", Some(east), all());
        admin(
            store,
            "north-reader",
            Some(north),
            all_but(&[("tracker_bundles", "update")]),
        );
        admin(store, "staff", None, all());
    });
    super::start(dir, |_| {})
}

/// A user of the administrator `hash`'s dealer: its id and a User API hash.
pub fn customer(gateway: &Running, hash: &str, login: &str) -> (u64, String) {
    let created = call(
        gateway,
        "user/create",
        hash,
        json!({ "user": { "login": login, "activated": true }, "password": "buyer-secret" }),
    );
    let id = created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("created: {created}"));
    let session = call(
        gateway,
        "user/session/create",
        hash,
        json!({ "user_id": id }),
    );
    let key = session["hash"].as_str().expect("a hash").to_owned();
    (id, key)
}
