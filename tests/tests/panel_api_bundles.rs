//! The Panel API's tracker bundles against the running gateway: a dealer
//! imports devices (all or none, 247 for a device or SIM already bundled),
//! lists, reads and assigns its own and its sub-dealers' (201 for any
//! other), filtered, ordered and paged. (A bundle taken over by
//! registration: panel_api_bundles_used.rs.)

use crate::support;

use serde_json::{Value, json};
use support::panel_api::{call, code, log_in, post};
use support::panel_bundles::{gateway, imei, imeis};
use trackgate_api::user::openapi::conform::conforms;
use trackgate_tests::http;

fn fits(document: &Value, path: &str, answer: &Value) {
    assert_eq!(code(answer), 0, "{path}: {answer}");
    if let Err(why) = conforms(document, path, answer) {
        panic!("{path} does not fit the document: {why}\n{answer}");
    }
}

#[test]
fn a_dealer_imports_lists_and_assigns_its_own_bundles_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = gateway(dir.path());
    let document: Value = http::get(gateway.api, "/v2/panel/openapi.json").json();
    let north = log_in(&gateway, "north-admin");
    let south = log_in(&gateway, "south-admin");
    let east = log_in(&gateway, "east-admin");
    let staff = log_in(&gateway, "staff");
    let reader = log_in(&gateway, "north-reader");

    let imported = call(
        &gateway,
        "tracker/bundle/import",
        &north,
        json!({ "imeis": [imei(1), { "imei": imei(2), "iccid": "8949000002",
            "phone": "+491700000002", "model_code": "fmb120", "order_id": 7 }],
            "model_code": "teltonika", "equip_id": 5, "factory_preset": false }),
    );
    fits(&document, "tracker/bundle/import", &imported);
    // Navixy's plain list of IMEIs, as a form sends it.
    let form = http::post_form(
        gateway.api,
        "/v2/panel/tracker/bundle/import",
        &format!("hash={east}&imeis=[\"{}\"]", imei(3)),
    )
    .json();
    assert_eq!(code(&form), 0, "{form}");
    // Or separated by commas.
    let south_import = http::post_form(
        gateway.api,
        "/v2/panel/tracker/bundle/import",
        &format!("hash={south}&imeis={},{}", imei(4), imei(10)),
    )
    .json();
    assert_eq!(code(&south_import), 0, "{south_import}");

    // All or none: a device already bundled, twice in one import, or a SIM
    // another bundle has refuses the whole import.
    for (imeis, why) in [
        (json!([imei(5), imei(1)]), "an IMEI already bundled"),
        (json!([imei(5), imei(5)]), "an IMEI twice"),
        (
            json!([imei(5), { "imei": imei(6), "iccid": "8949000002" }]),
            "an ICCID another bundle has",
        ),
        (
            json!([{ "imei": imei(6), "phone": "491700000002" }]),
            "a SIM number another bundle has",
        ),
    ] {
        let refused = call(
            &gateway,
            "tracker/bundle/import",
            &north,
            json!({ "imeis": imeis }),
        );
        assert_eq!(code(&refused), 247, "{why}: {refused}");
    }
    let absent = call(
        &gateway,
        "tracker/bundle/read",
        &staff,
        json!({ "imei": imei(5) }),
    );
    assert_eq!(code(&absent), 201, "nothing of a refused import: {absent}");
    for (imeis, parameter) in [
        (
            json!([imei(5), { "imei": imei(6), "iccid": "x" }]),
            "imeis.1.iccid",
        ),
        (json!([{ "iccid": "8949000006" }]), "imeis.0.imei"),
        (json!(["two words"]), "imeis.0"),
        (json!([]), "imeis"),
        (json!(42), "imeis"),
    ] {
        let bad = call(
            &gateway,
            "tracker/bundle/import",
            &north,
            json!({ "imeis": imeis }),
        );
        assert_eq!(
            (code(&bad), bad["errors"][0]["parameter"].clone()),
            (7, json!(parameter)),
            "{bad}"
        );
    }
    let not_permitted = call(
        &gateway,
        "tracker/bundle/import",
        &reader,
        json!({ "imeis": [imei(8)] }),
    );
    assert_eq!(code(&not_permitted), 13);

    // What each administrator sees.
    let listed = call(&gateway, "tracker/bundle/list", &north, json!({}));
    fits(&document, "tracker/bundle/list", &listed);
    assert_eq!(imeis(&listed), [imei(1), imei(2), imei(3)], "{listed}");
    assert_eq!(listed["count"], 3);
    let listed = call(&gateway, "tracker/bundle/list", &east, json!({}));
    assert_eq!(imeis(&listed), [imei(3)], "a sub-dealer sees its own only");
    let listed = call(&gateway, "tracker/bundle/list", &south, json!({}));
    assert_eq!(imeis(&listed), [imei(4), imei(10)]);
    let listed = call(&gateway, "tracker/bundle/list", &staff, json!({}));
    assert_eq!(listed["count"], 5, "{listed}");
    let listed = call(&gateway, "tracker/bundle/list", &reader, json!({}));
    assert_eq!(listed["count"], 3, "reading needs no update permission");

    let read = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "imei": imei(2) }),
    );
    fits(&document, "tracker/bundle/read", &read);
    let value = &read["value"];
    assert_eq!(
        (
            value["iccid"].clone(),
            value["phone"].clone(),
            value["model_code"].clone(),
            value["order_id"].clone(),
            value["used"].clone(),
            value["user_id"].clone(),
        ),
        (
            json!("8949000002"),
            json!("+491700000002"),
            json!("fmb120"),
            json!(7),
            json!(false),
            Value::Null
        ),
        "{read}"
    );
    let first = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "imei": imei(1) }),
    );
    assert_eq!(
        first["value"]["model_code"], "teltonika",
        "the call's model"
    );
    let first_id = first["value"]["id"].as_u64().expect("an id");
    for (who, imei) in [(&north, imei(4)), (&east, imei(1)), (&south, imei(9))] {
        let hidden = call(
            &gateway,
            "tracker/bundle/read",
            who,
            json!({ "imei": imei }),
        );
        assert_eq!(code(&hidden), 201, "{hidden}");
    }

    // Filter, order and page.
    let page = |body: Value| call(&gateway, "tracker/bundle/list", &north, body);
    let found = page(json!({ "filter": "8949000002" }));
    assert_eq!(
        (imeis(&found), found["count"].clone()),
        (vec![imei(2)], json!(1))
    );
    let found = page(json!({ "filter": "TELTONIKA" }));
    assert_eq!(imeis(&found), [imei(1)], "case does not matter");
    let ordered = page(json!({ "order_by": "imei", "ascending": false, "offset": 1, "limit": 1 }));
    assert_eq!(
        (imeis(&ordered), ordered["count"].clone()),
        (vec![imei(2)], json!(3))
    );
    let by_model = page(json!({ "order_by": "model" }));
    assert_eq!(
        imeis(&by_model),
        [imei(3), imei(2), imei(1)],
        "none first: {by_model}"
    );
    let clones = page(json!({ "clones_filter": "only_include_clones" }));
    assert_eq!(clones["count"], 0, "a bundle is never a clone");
    for bad in [
        json!({ "order_by": "weight" }),
        json!({ "limit": -1 }),
        json!({ "clones_filter": "some" }),
    ] {
        assert_eq!(code(&page(bad.clone())), 7, "{bad}");
    }

    // Assigning a SIM and an order.
    let assign = |who: &str, body: Value| call(&gateway, "tracker/bundle/assign", who, body);
    let assigned = assign(
        &north,
        json!({ "bundle_id": first_id, "iccid": "8949000001" }),
    );
    fits(&document, "tracker/bundle/assign", &assigned);
    let taken = assign(
        &north,
        json!({ "bundle_id": first_id, "iccid": "8949000002" }),
    );
    assert_eq!(code(&taken), 247, "another bundle's SIM: {taken}");
    let again = assign(
        &north,
        json!({ "bundle_id": first_id, "iccid": "8949000001" }),
    );
    assert_eq!(code(&again), 0, "its own SIM again: {again}");
    let bad = assign(&north, json!({ "bundle_id": first_id, "iccid": "x" }));
    assert_eq!(code(&bad), 7);
    assert_eq!(
        code(&assign(
            &south,
            json!({ "bundle_id": first_id, "iccid": "8949000011" })
        )),
        201
    );
    assert_eq!(
        code(&assign(
            &reader,
            json!({ "bundle_id": first_id, "iccid": "8949000011" })
        )),
        13
    );
    let order = |body: Value| call(&gateway, "tracker/bundle/order/assign", &north, body);
    assert_eq!(
        code(&order(json!({ "bundle_id": first_id, "order_id": 42 }))),
        0
    );
    let read = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "imei": imei(1) }),
    );
    assert_eq!(
        (
            read["value"]["iccid"].clone(),
            read["value"]["order_id"].clone()
        ),
        (json!("8949000001"), json!(42))
    );
    assert_eq!(
        code(&order(json!({ "bundle_id": first_id, "order_id": null }))),
        0
    );
    let read = call(
        &gateway,
        "tracker/bundle/read",
        &north,
        json!({ "imei": imei(1) }),
    );
    assert_eq!(read["value"]["order_id"], Value::Null);
    assert_eq!(
        code(&order(json!({ "bundle_id": 9_999, "order_id": 1 }))),
        201
    );
    assert_eq!(
        code(&order(json!({ "bundle_id": first_id, "order_id": -3 }))),
        7
    );

    // Text output.
    let text = post(
        &gateway,
        "tracker/bundle/read",
        &json!({ "hash": north, "imei": imei(2), "out": "text" }),
    );
    let lines: Vec<&str> = text.body.lines().collect();
    assert!(
        lines.contains(&format!("value.imei={}", imei(2)).as_str())
            && lines.contains(&"value.iccid=8949000002"),
        "{}",
        text.body
    );
}
