//! Tracker bundles against the running gateway: devices a dealer imported
//! by IMEI are taken over by `tracker/register` (and `register_quick`),
//! once, with the codes seed 003 lists where their conditions arise: 226
//! (wrong ICCID), 258 (no bundle, or another dealer's), 224 (used), 241
//! (a bundled SIM's number), 221 (the dealer's device limit).
//!
//! Bundles are imported through the store's port, as the Panel API's
//! `tracker/bundle/import` does.

use crate::support;

use serde_json::{Value, json};
use support::server_rest::ok;
use support::user_api::{call, code, register_body, user};
use trackgate_store::*;

/// A valid IMEI ending in `n` (three digits).
fn imei(n: u32) -> String {
    let body = format!("35630704244{n:03}");
    format!("{body}{}", trackgate_protocols::luhn_check_digit(&body))
}

fn import(gateway: &support::Running, imei: &str, dealer: Option<DealerId>, phone: Option<&str>) {
    gateway
        .store
        .import_bundles(vec![NewBundle {
            imei: imei.into(),
            iccid: Some(format!("8949{}", &imei[..10])),
            phone: phone.map(str::to_owned),
            model: Some("teltonika".into()),
            dealer,
            order_id: Some(7),
            created_ms: 0,
        }])
        .expect("imported");
}

fn register(
    gateway: &support::Running,
    key: &str,
    imei: &str,
    phone: &str,
    iccid: Option<&str>,
) -> Value {
    let mut body = register_body(imei, phone);
    if let Some(iccid) = iccid {
        body["iccid"] = json!(iccid);
    }
    call(gateway, "tracker/register", key, body)
}

#[test]
fn a_bundled_device_is_taken_over_once_by_registration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "buyer@example.com");
    let bundled = imei(101);
    import(&gateway, &bundled, None, Some("+491700000101"));
    let iccid = format!("8949{}", &bundled[..10]);

    let wrong = register(
        &gateway,
        &key,
        &bundled,
        "+491709999101",
        Some("894900000000"),
    );
    assert_eq!(code(&wrong), 226, "{wrong}");
    let bad = register(&gateway, &key, &bundled, "+491709999101", Some("x"));
    assert_eq!(
        (code(&bad), bad["errors"][0]["parameter"].clone()),
        (7, json!("iccid")),
        "{bad}"
    );
    let none = register(&gateway, &key, &imei(102), "+491709999102", Some(&iccid));
    assert_eq!(
        code(&none),
        258,
        "an ICCID for a device no bundle has: {none}"
    );
    assert_eq!(
        gateway
            .store
            .bundle_by_imei(&bundled)
            .unwrap()
            .and_then(|b| b.used),
        None,
        "refusals change nothing"
    );

    let taken = register(&gateway, &key, &bundled, "+491709999101", Some(&iccid));
    let tracker = taken["value"]["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{taken}"));
    let used = gateway
        .store
        .bundle_by_imei(&bundled)
        .unwrap()
        .and_then(|b| b.used)
        .expect("marked used");
    assert_eq!(used.tracker, TrackerId(tracker));
    let listed = call(&gateway, "tracker/list", &key, json!({}));
    assert_eq!(
        listed["list"][0]["source"]["device_id"],
        bundled.as_str(),
        "{listed}"
    );

    let other = user(&gateway, "late@example.com");
    let again = register(&gateway, &other, &bundled, "+491709999103", None);
    assert_eq!(code(&again), 224, "a used bundle: {again}");

    // The bundled SIM of another device is no phone to move to.
    import(&gateway, &imei(104), None, Some("+491700000104"));
    let moved = call(
        &gateway,
        "tracker/change_phone",
        &key,
        json!({ "tracker_id": tracker, "phone": "491700000104" }),
    );
    assert_eq!(code(&moved), 241, "{moved}");
    let own = call(
        &gateway,
        "tracker/change_phone",
        &key,
        json!({ "tracker_id": tracker, "phone": "+491700000101" }),
    );
    assert_eq!(own["success"], true, "its own bundled SIM: {own}");
}

#[test]
fn a_dealers_bundles_are_its_users_and_its_limit_answers_221() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let dealer = ok(
        &gateway,
        "resellers/new",
        &json!({"data": {"name": "seller", "max_allowed_connections": 1}}),
    )["created_id"]
        .as_u64()
        .map(DealerId)
        .expect("an id");
    ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "customer@example.com", "password": "pass-customer-1", "reseller_id": dealer.0}}),
    );
    let customer = gateway.server("GET_USER_API_KEY,customer@example.com").body;
    let stranger = user(&gateway, "stranger@example.com");
    let (first, second) = (imei(201), imei(202));
    import(&gateway, &first, Some(dealer), None);
    import(&gateway, &second, Some(dealer), None);

    let quick = |key: &str, imei: &str| {
        call(
            &gateway,
            "tracker/register_quick",
            key,
            json!({ "label": "Quick", "group_id": 0, "imei": imei }),
        )
    };
    assert_eq!(
        code(&quick(&stranger, &first)),
        258,
        "another dealer's bundle is not there"
    );
    let taken = quick(&customer, &first);
    assert_eq!(taken["success"], true, "{taken}");
    assert_eq!(
        taken["value"]["source"]["model"], "teltonika",
        "the bundle's model: {taken}"
    );
    let full = quick(&customer, &second);
    assert_eq!(code(&full), 221, "the dealer's limit of 1: {full}");
    assert_eq!(
        gateway
            .store
            .bundle_by_imei(&second)
            .unwrap()
            .and_then(|b| b.used),
        None
    );
    assert_eq!(
        code(&quick(&customer, &imei(203))),
        201,
        "no bundle, no tracker"
    );
}
