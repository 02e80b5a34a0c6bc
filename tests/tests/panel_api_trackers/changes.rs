//! `tracker/settings/update` and `tracker/source/update`: the label, the
//! blocked flag, the device id and the phone, with the User API's checks
//! (223, 224, 241), seen through the User API afterwards.

use serde_json::{Value, json};
use trackgate_store::*;

use super::support::user_api::code as user_code;
use super::{ADA_IMEI, BOB_IMEI, World, tracker, world};

/// The phone number of a SIM bundled with another device.
const BUNDLED_PHONE: &str = "+4915100000001";

fn state(w: &World, hash: &str, tracker: u64) -> Value {
    w.gateway
        .user(
            "tracker/get_state",
            json!({ "hash": hash, "tracker_id": tracker }),
        )
        .json()
}

#[test]
fn the_label_changes_and_bad_settings_are_7() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = world(dir.path(), |_, _| {}, |_| {});
    let id = w.ada_tracker;
    w.ok(
        "tracker/settings/update",
        &w.north,
        json!({ "tracker_id": id, "label": "Courier", "comment": "new SIM soon", "deleted": false }),
    );
    assert_eq!(w.read(id)["label"], "Courier");
    // The owner sees it in the User API too.
    let hash = w.user_hash(w.ada);
    let listed = w
        .gateway
        .user("tracker/list", json!({ "hash": hash }))
        .json();
    assert_eq!(listed["list"][0]["label"], "Courier", "{listed}");

    for bad in [
        json!({ "tracker_id": id, "label": "" }),
        json!({ "tracker_id": id, "label": "<b>bold</b>" }),
        json!({ "tracker_id": id, "label": "x".repeat(61) }),
        json!({ "tracker_id": id, "deleted": true }),
        json!({ "tracker_id": id, "comment": "c".repeat(3001) }),
    ] {
        let answer = w.call("tracker/settings/update", &w.north, bad.clone());
        assert_eq!(answer["status"]["code"], 7, "{bad}: {answer}");
    }
    assert_eq!(w.read(id)["label"], "Courier", "nothing changed");

    // su: a user relabels its own tracker, not another's.
    let mine = w.call(
        "tracker/settings/update",
        &w.north,
        json!({ "tracker_id": id, "label": "Mine", "su": "ada@example.com" }),
    );
    assert_eq!(mine["success"], true, "{mine}");
    let theirs = w.call(
        "tracker/settings/update",
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "label": "Mine", "su": "ada@example.com" }),
    );
    assert_eq!(theirs["status"]["code"], 201, "{theirs}");
    assert_eq!(
        w.code(
            "tracker/settings/update",
            &w.south,
            json!({ "tracker_id": id, "label": "Theirs" }),
        ),
        201
    );
    w.gateway.stop();
}

#[test]
fn the_source_is_blocked_moved_to_another_device_and_renumbered_with_the_user_apis_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = world(
        dir.path(),
        |store, seeded| {
            let mut bob = store
                .tracker(seeded.bob_tracker)
                .expect("read")
                .expect("bob's tracker");
            bob.phone = Some("+4915100000002".into());
            store.update_tracker(&bob).expect("bob's phone");
            store
                .import_bundles(vec![NewBundle {
                    imei: "356307042449999".into(),
                    iccid: Some("8949000000000000001".into()),
                    phone: Some(BUNDLED_PHONE.into()),
                    model: None,
                    dealer: Some(seeded.north),
                    order_id: None,
                    created_ms: 1_700_000_000_000,
                }])
                .expect("a bundle");
            tracker(store, "356307042441199", "Spare", seeded.bob);
        },
        |_| {},
    );
    let id = w.ada_tracker;
    let source = |body: Value| {
        let mut body = body;
        body["tracker_id"] = json!(id);
        w.call("tracker/source/update", &w.north, body)
    };
    // 223, 224, 241 and bad values change nothing.
    assert_eq!(
        source(json!({ "phone": "4915100000002" }))["status"]["code"],
        223
    );
    assert_eq!(
        source(json!({ "device_id": BOB_IMEI }))["status"]["code"],
        224
    );
    assert_eq!(
        source(json!({ "phone": BUNDLED_PHONE }))["status"]["code"],
        241
    );
    assert_eq!(source(json!({ "phone": "12" }))["status"]["code"], 7);
    assert_eq!(
        source(json!({ "device_id": "has space" }))["status"]["code"],
        7
    );
    assert_eq!(w.read(id)["source"]["device_id"], ADA_IMEI);

    // A free phone and device id are taken.
    let changed = source(json!({ "phone": "+4915100000003", "device_id": "356307042441111" }));
    assert_eq!(changed["success"], true, "{changed}");
    let read = w.read(id);
    assert_eq!(read["source"]["phone"], "+4915100000003");
    assert_eq!(read["source"]["device_id"], "356307042441111");
    assert_eq!(read["source"]["connection_status"], "just_replaced");

    // Blocked: the User API answers 208 until it is unblocked.
    let hash = w.user_hash(w.ada);
    assert_eq!(state(&w, &hash, id)["success"], true);
    assert_eq!(source(json!({ "blocked": true }))["success"], true);
    assert_eq!(w.read(id)["source"]["blocked"], true);
    assert_eq!(user_code(&state(&w, &hash, id)), 208);
    assert_eq!(source(json!({ "blocked": false }))["success"], true);
    assert_eq!(state(&w, &hash, id)["success"], true);

    // A dealer's decision: refused with su; another dealer's: 201.
    let su = w.call(
        "tracker/source/update",
        &w.north,
        json!({ "tracker_id": id, "blocked": true, "su": "ada@example.com" }),
    );
    assert_eq!(su["status"]["code"], 13, "{su}");
    assert_eq!(
        w.code(
            "tracker/source/update",
            &w.south,
            json!({ "tracker_id": id, "blocked": true })
        ),
        201
    );
    w.gateway.stop();
}

#[test]
fn a_clone_or_a_corrupted_tracker_keeps_its_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut clone = 0;
    let w = world(
        dir.path(),
        |store, seeded| {
            clone = store
                .create_clone(seeded.bob_tracker, seeded.ada, 1_700_000_000_000)
                .expect("a clone")
                .id
                .0;
            let mut cyd = store
                .tracker(seeded.cyd_tracker)
                .expect("read")
                .expect("cyd's tracker");
            cyd.corrupted = true;
            store.update_tracker(&cyd).expect("corrupt");
        },
        |_| {},
    );
    let read = w.read(clone);
    assert_eq!(
        (read["clone"].clone(), read["source"]["device_id"].clone()),
        (json!(true), json!(BOB_IMEI))
    );
    assert_eq!(
        w.code(
            "tracker/source/update",
            &w.north,
            json!({ "tracker_id": clone, "blocked": true })
        ),
        219
    );
    for path in ["tracker/settings/update", "tracker/source/update"] {
        let answer = w.call(
            path,
            &w.staff,
            json!({ "tracker_id": w.cyd_tracker, "label": "Gone", "blocked": false }),
        );
        assert_eq!(answer["status"]["code"], 252, "{path}: {answer}");
    }
    w.gateway.stop();
}
