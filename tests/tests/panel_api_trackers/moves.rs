//! `tracker/move`: the tracker and its history go to another of the
//! dealer's users, within that user's limits, as Navixy says for clones,
//! corrupted trackers and users that are not the dealer's.

use serde_json::{Value, json};
use trackgate_store::*;

use super::{ADA_IMEI, World, plan, tracker, user, world};

fn user_trackers(w: &World, hash: &str) -> Vec<u64> {
    let listed = w
        .gateway
        .user("tracker/list", json!({ "hash": hash }))
        .json();
    listed["list"]
        .as_array()
        .map(|l| l.iter().filter_map(|t| t["id"].as_u64()).collect())
        .unwrap_or_default()
}

#[test]
fn a_moved_tracker_keeps_its_history_for_the_new_owner() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = world(dir.path(), |_, _| {}, |_| {});
    let device = w.gateway.reporting_device(ADA_IMEI);
    let ada = w.user_hash(w.ada);
    let bob = w.user_hash(w.bob);
    let before = w.gateway.last_point(&ada, w.ada_tracker);
    assert_eq!(before["success"], true, "{before}");

    w.ok(
        "tracker/move",
        &w.north,
        json!({ "tracker_id": w.ada_tracker, "user_id": w.bob.0 }),
    );
    let read = w.read(w.ada_tracker);
    assert_eq!(read["user_id"], w.bob.0);
    // The tariff is the new owner's (none).
    assert_eq!(read["source"]["tariff_id"], Value::Null);
    assert!(!user_trackers(&w, &ada).contains(&w.ada_tracker));
    assert!(user_trackers(&w, &bob).contains(&w.ada_tracker));
    let after = w.gateway.last_point(&bob, w.ada_tracker);
    assert_eq!(after["value"], before["value"], "the same history: {after}");
    let track = w
        .gateway
        .user(
            "track/read",
            json!({ "hash": bob, "tracker_id": w.ada_tracker,
                "from": "2024-03-01 00:00:00", "to": "2024-03-02 00:00:00" }),
        )
        .json();
    assert_eq!(
        track["list"].as_array().map(Vec::len),
        Some(3),
        "the three points the device sent: {track}"
    );
    assert_eq!(
        w.gateway.last_point(&ada, w.ada_tracker)["status"]["code"],
        201
    );
    drop(device);

    // Back to its owner: the same user again is 246.
    assert_eq!(
        w.code(
            "tracker/move",
            &w.north,
            json!({ "tracker_id": w.ada_tracker, "user_id": w.bob.0 }),
        ),
        246
    );
    w.gateway.stop();
}

#[test]
fn a_move_is_refused_as_navixy_says_and_within_the_targets_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ids = (0, 0, UserId(0), UserId(0), 0);
    let w = world(
        dir.path(),
        |store, seeded| {
            // Ada holds a clone of Bob's tracker.
            let clone = store
                .create_clone(seeded.bob_tracker, seeded.ada, 1_700_000_000_000)
                .expect("a clone");
            // Full: a plan for one tracker, which Dee holds.
            let one = plan(store, "One", "1", Some(seeded.north), Some(1));
            let dee = user(store, "dee@example.com", Some(seeded.north), Some(one));
            tracker(store, "356307042441104", "Dee's", dee);
            // Credits: a dealer that spends them, with none left.
            let broke = store
                .create_dealer(NewDealer {
                    name: "Broke".into(),
                    credits: 0,
                    use_credits: true,
                    tracker_limit: None,
                    parent: None,
                    created_ms: 1_700_000_000_000,
                })
                .expect("dealer")
                .id;
            let eve = user(store, "eve@example.com", Some(broke), None);
            let mut gone = store
                .tracker(tracker(store, "356307042441105", "Gone", seeded.bob))
                .expect("read")
                .expect("tracker");
            gone.corrupted = true;
            store.update_tracker(&gone).expect("corrupt");
            ids = (clone.id.0, gone.id.0, dee, eve, 0);
        },
        |_| {},
    );
    let (clone, gone, dee, eve, _) = ids;
    let moving = |hash: &str, tracker: u64, user: UserId| {
        w.code(
            "tracker/move",
            hash,
            json!({ "tracker_id": tracker, "user_id": user.0 }),
        )
    };
    assert_eq!(moving(&w.north, clone, w.bob), 219);
    assert_eq!(moving(&w.north, gone, w.ada), 252);
    assert_eq!(
        moving(&w.north, w.bob_tracker, w.ada),
        247,
        "ada has its clone"
    );
    assert_eq!(
        moving(&w.north, w.ada_tracker, w.cyd),
        246,
        "another dealer's user"
    );
    assert_eq!(moving(&w.north, w.ada_tracker, UserId(9999)), 246);
    assert_eq!(
        moving(&w.north, w.ada_tracker, dee),
        221,
        "dee's plan is full"
    );
    assert_eq!(moving(&w.staff, w.ada_tracker, eve), 251, "no credits left");
    assert_eq!(moving(&w.south, w.ada_tracker, w.cyd), 201);
    let su = w.call(
        "tracker/move",
        &w.north,
        json!({ "tracker_id": w.ada_tracker, "user_id": w.bob.0, "su": "ada@example.com" }),
    );
    assert_eq!(su["status"]["code"], 13, "{su}");
    assert_eq!(w.read(w.ada_tracker)["user_id"], w.ada.0, "still ada's");
    // The server's staff moves across dealers.
    assert_eq!(moving(&w.staff, w.ada_tracker, w.cyd), 0);
    assert_eq!(
        w.code(
            "tracker/read",
            &w.south,
            json!({ "tracker_id": w.ada_tracker })
        ),
        0
    );
    w.gateway.stop();
}
