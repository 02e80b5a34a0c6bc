//! A bundle the Panel API imported, taken over by a user of the dealer
//! through the User API's `tracker/register` and shown used by
//! `tracker/bundle/read`; another dealer's bundle is 258 there, and `su`
//! narrows the bundle reads to what the user registered.

use crate::support;

use serde_json::json;
use support::panel_api::{call, code, log_in};
use support::panel_bundles::{customer, gateway, imei, imeis};

#[test]
fn an_imported_bundle_is_taken_over_by_registration_and_shown_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = gateway(dir.path());
    let north = log_in(&gateway, "north-admin");
    let south = log_in(&gateway, "south-admin");
    let bundled = imei(21);
    let imported = call(
        &gateway,
        "tracker/bundle/import",
        &north,
        json!({ "imeis": [{ "imei": bundled, "iccid": "8949000021", "model_code": "teltonika" }] }),
    );
    assert_eq!(code(&imported), 0, "{imported}");
    let foreign = imei(22);
    let imported = call(
        &gateway,
        "tracker/bundle/import",
        &south,
        json!({ "imeis": [foreign] }),
    );
    assert_eq!(code(&imported), 0, "{imported}");

    let (user_id, key) = customer(&gateway, &north, "buyer@example.com");

    let mut body = support::user_api::register_body(&bundled, "+491709990021");
    body["iccid"] = json!("8949000021");
    let registered = support::user_api::call(&gateway, "tracker/register", &key, body);
    let tracker_id = registered["value"]["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("registered: {registered}"));
    let other = support::user_api::register_body(&foreign, "+491709990022");
    let refused = support::user_api::call(&gateway, "tracker/register", &key, other);
    assert_eq!(
        support::user_api::code(&refused),
        258,
        "another dealer's bundle: {refused}"
    );

    let read = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "imei": bundled }),
    );
    let value = &read["value"];
    assert_eq!(
        (
            value["used"].clone(),
            value["tracker_id"].clone(),
            value["user_id"].clone()
        ),
        (json!(true), json!(tracker_id), json!(user_id)),
        "{read}"
    );
    assert!(value["use_time"].is_string(), "{read}");

    // As the user: only the bundles it registered; no imports.
    let unused = call(
        &gateway,
        "tracker/bundle/import",
        &north,
        json!({ "imeis": [imei(23)] }),
    );
    assert_eq!(code(&unused), 0);
    let mine = call(
        &gateway,
        "tracker/bundle/list",
        &north,
        json!({ "su": "buyer@example.com" }),
    );
    assert_eq!(imeis(&mine), std::slice::from_ref(&bundled), "{mine}");
    let hidden = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "su": "buyer@example.com", "imei": imei(23) }),
    );
    assert_eq!(code(&hidden), 201);
    let refused = call(
        &gateway,
        "tracker/bundle/import",
        &north,
        json!({ "su": "buyer@example.com", "imeis": [imei(24)] }),
    );
    assert_eq!(code(&refused), 13);
    let by_user = call(
        &gateway,
        "tracker/bundle/list",
        &north,
        json!({ "order_by": "user_id", "ascending": false }),
    );
    assert_eq!(imeis(&by_user), [bundled, imei(23)], "{by_user}");

    // A sub-dealer's user may register its parent's bundle; the sub-dealer
    // still does not see it, not even as that user.
    let east = log_in(&gateway, "east-admin");
    let (_, east_key) = customer(&gateway, &east, "east-buyer@example.com");
    let taken = support::user_api::call(
        &gateway,
        "tracker/register",
        &east_key,
        support::user_api::register_body(&imei(23), "+491709990023"),
    );
    assert_eq!(taken["success"], true, "{taken}");
    let as_buyer = call(
        &gateway,
        "tracker/bundle/list",
        &east,
        json!({ "su": "east-buyer@example.com" }),
    );
    assert_eq!(as_buyer["count"], 0, "{as_buyer}");
    let read = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "imei": imei(23) }),
    );
    assert_eq!(read["value"]["used"], true, "{read}");
}
