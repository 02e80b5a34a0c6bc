//! `tracker/list` and `tracker/read`: the dealer's trackers only, with
//! Navixy's filter, order and paging; `su` narrows to one user; `out=xml`.

use serde_json::{Value, json};
use trackgate_store::*;
use trackgate_tests::http;

use super::{ADA_IMEI, BOB_IMEI, World, world};

fn ids(answer: &Value) -> Vec<u64> {
    answer["list"]
        .as_array()
        .map(|l| l.iter().filter_map(|t| t["id"].as_u64()).collect())
        .unwrap_or_default()
}

#[test]
fn a_dealer_lists_and_reads_its_own_trackers_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w: World = world(dir.path(), |_, _| {}, |_| {});

    let north = w.ok("tracker/list", &w.north, json!({}));
    assert_eq!(ids(&north), vec![w.ada_tracker, w.bob_tracker]);
    assert_eq!(north["count"], 2);
    let south = w.ok("tracker/list", &w.south, json!({}));
    assert_eq!(ids(&south), vec![w.cyd_tracker]);
    let staff = w.ok("tracker/list", &w.staff, json!({}));
    assert_eq!(staff["count"], 3);

    // The object: what trackgate keeps, the owner's plan as the tariff.
    let ada = w.read(w.ada_tracker);
    assert_eq!(ada["label"], "Ada's van");
    assert_eq!(ada["user_id"], w.ada.0);
    assert_eq!(ada["dealer_id"], w.north_dealer.0);
    assert_eq!(ada["clone"], false);
    assert_eq!(ada["deleted"], false);
    assert_eq!(ada["creation_date"], "2023-11-14 22:13:20");
    assert_eq!(ada["source"]["device_id"], ADA_IMEI);
    assert_eq!(ada["source"]["model"], "teltonika");
    assert_eq!(ada["source"]["tariff_id"], w.basic);
    assert_eq!(ada["source"]["blocked"], false);
    assert_eq!(ada["source"]["connection_status"], "signal_lost");
    assert!(ada["source"].get("corrupted").is_none(), "{ada}");
    assert_eq!(ada["last_connection"], Value::Null);
    assert_eq!(ada["model_name"], "Teltonika FMB/FMC/FMM");
    assert_eq!(w.read(w.bob_tracker)["source"]["tariff_id"], Value::Null);

    // Filter (device id, label, user id), user and tariff, order and page.
    let by_imei = w.ok("tracker/list", &w.north, json!({ "filter": BOB_IMEI }));
    assert_eq!(ids(&by_imei), vec![w.bob_tracker]);
    let by_label = w.ok("tracker/list", &w.north, json!({ "filter": "VAN" }));
    assert_eq!(ids(&by_label), vec![w.ada_tracker]);
    let of_bob = w.ok("tracker/list", &w.north, json!({ "user_id": w.bob.0 }));
    assert_eq!(ids(&of_bob), vec![w.bob_tracker]);
    let on_basic = w.ok("tracker/list", &w.north, json!({ "tariff_id": w.basic }));
    assert_eq!(ids(&on_basic), vec![w.ada_tracker]);
    let ordered = w.ok(
        "tracker/list",
        &w.north,
        json!({ "order_by": "label", "ascending": false }),
    );
    assert_eq!(ids(&ordered), vec![w.bob_tracker, w.ada_tracker]);
    let paged = w.ok(
        "tracker/list",
        &w.north,
        json!({ "order_by": "device_id", "offset": 1, "limit": 1 }),
    );
    assert_eq!(
        (ids(&paged), paged["count"].clone()),
        (vec![w.bob_tracker], json!(2))
    );
    assert_eq!(
        w.code("tracker/list", &w.north, json!({ "order_by": "x" })),
        7
    );
    assert_eq!(w.code("tracker/list", &w.north, json!({ "limit": -1 })), 7);

    // Another dealer's user, tariff and tracker are 201.
    assert_eq!(
        w.code("tracker/list", &w.north, json!({ "user_id": w.cyd.0 })),
        201
    );
    assert_eq!(
        w.code(
            "tracker/list",
            &w.north,
            json!({ "tariff_id": w.south_tariff })
        ),
        201
    );
    assert_eq!(
        w.code(
            "tracker/read",
            &w.south,
            json!({ "tracker_id": w.ada_tracker })
        ),
        201
    );
    assert_eq!(
        w.code("tracker/read", &w.north, json!({ "tracker_id": 9999 })),
        201
    );
    assert_eq!(
        w.code("tracker/read", &w.north, json!({ "tracker_id": "x" })),
        7
    );
    w.gateway.stop();
}

#[test]
fn su_narrows_reads_to_the_users_trackers_and_xml_is_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = world(dir.path(), |_, _| {}, |_| {});
    let as_ada = |path: &str, body: Value| {
        let mut body = body;
        body["su"] = json!("ada@example.com");
        w.call(path, &w.north, body)
    };
    let listed = as_ada("tracker/list", json!({}));
    assert_eq!(ids(&listed), vec![w.ada_tracker], "{listed}");
    let own = as_ada("tracker/read", json!({ "tracker_id": w.ada_tracker }));
    assert_eq!(own["value"]["id"], w.ada_tracker, "{own}");
    let other = as_ada("tracker/read", json!({ "tracker_id": w.bob_tracker }));
    assert_eq!(other["status"]["code"], 201, "{other}");

    let xml = http::get(
        w.gateway.api,
        &format!(
            "/v2/panel/tracker/read?hash={}&tracker_id={}&out=xml",
            w.north, w.ada_tracker
        ),
    );
    assert_eq!(xml.status, 200);
    assert!(
        xml.body
            .contains(&format!("<device_id>{ADA_IMEI}</device_id>"))
            && xml.body.contains("<success>true</success>")
            && xml.body.contains("<source>"),
        "{}",
        xml.body
    );
    w.gateway.stop();
}

#[test]
fn a_corrupted_tracker_is_listed_as_such_and_read_as_252() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = world(
        dir.path(),
        |store, seeded| {
            let mut bob = store
                .tracker(seeded.bob_tracker)
                .expect("read")
                .expect("bob's tracker");
            bob.corrupted = true;
            store.update_tracker(&bob).expect("corrupt");
        },
        |_| {},
    );
    let listed = w.ok("tracker/list", &w.north, json!({ "user_id": w.bob.0 }));
    assert_eq!(listed["list"][0]["source"]["corrupted"], true, "{listed}");
    assert_eq!(
        w.code(
            "tracker/read",
            &w.north,
            json!({ "tracker_id": w.bob_tracker })
        ),
        252
    );
    w.gateway.stop();
}
