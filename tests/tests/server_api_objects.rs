//! Seed 000's object commands against the running gateway: adding,
//! assigning and deleting objects, and their activity period, seen from the
//! devices and from the User API.

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::server_api::{entry, in_secs, ok, refused};
use support::user_api::{call, code};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

const IMEI: &str = "356307042441013";

fn track(gateway: &support::Running, key: &str, tracker: u64) -> Value {
    call(
        gateway,
        "track/read",
        key,
        json!({ "tracker_id": tracker, "from": "2024-03-01 00:00:00", "to": "2024-03-02 00:00:00", "filter": false }),
    )
}

#[test]
fn objects_are_added_listed_and_deleted_with_their_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("owner@example.com", "s3cret-pass", IMEI);
    let (other_key, _) = gateway.provision("other@example.com", "s3cret-pass", "356307042441021");
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,other@example.com,{IMEI}"),
    );
    let mut device = gateway.reporting_device(IMEI);
    assert_eq!(
        track(&gateway, &key, tracker)["list"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(
        refused(&gateway, &format!("ADD_OBJECT,{IMEI},Again,false,"), 400),
        "ERROR: object already exists"
    );
    let listed = entry(&gateway.server("GET_OBJECTS").json(), "imei", IMEI);
    assert_eq!(
        (listed["name"].clone(), listed["user"].clone()),
        (json!(format!("Van {IMEI}")), json!("owner@example.com"))
    );

    // Deleting a connected object disconnects its device first.
    ok(&gateway, &format!("DEL_OBJECT,{IMEI}"));
    assert!(
        device.is_closed(Duration::from_secs(5)),
        "the connection is closed"
    );
    assert!(
        gateway
            .server("GET_OBJECTS")
            .json()
            .as_array()
            .is_some_and(|l| l.iter().all(|o| o["imei"] != IMEI))
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get",
            &key,
            json!({ "tracker_id": tracker })
        )),
        201
    );
    let clones = call(&gateway, "tracker/list", &other_key, json!({}));
    assert_eq!(
        clones["list"].as_array().map(Vec::len),
        Some(1),
        "the clone went with it: {clones}"
    );
    assert_eq!(
        refused(&gateway, &format!("DEL_OBJECT,{IMEI}"), 400),
        "ERROR: object not found"
    );

    // Added again, it is a new object: no history, not the user's.
    ok(&gateway, &format!("ADD_OBJECT,{IMEI},Fresh,false,"));
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,owner@example.com,{IMEI}"),
    );
    let fresh = call(&gateway, "tracker/list", &key, json!({}))["list"][0]["id"]
        .as_u64()
        .expect("listed");
    assert_ne!(fresh, tracker);
    assert_eq!(track(&gateway, &key, fresh)["list"], json!([]));
}

#[test]
fn objects_are_given_to_users_and_taken_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (owner_key, _) = gateway.provision("owner@example.com", "s3cret-pass", IMEI);
    let (viewer_key, _) = gateway.provision("friend@example.com", "s3cret-pass", "356307042441021");
    // Another's object gives a clone, once.
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,friend@example.com,{IMEI}"),
    );
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,friend@example.com,{IMEI}"),
    );
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,owner@example.com,{IMEI}"),
    );
    let friends = call(&gateway, "tracker/list", &viewer_key, json!({}));
    assert_eq!(
        friends["list"].as_array().map(Vec::len),
        Some(2),
        "{friends}"
    );

    // Taking back a clone deletes it; the owner's object is untouched.
    ok(
        &gateway,
        &format!("DEL_USER_OBJECT,friend@example.com,{IMEI}"),
    );
    assert_eq!(
        call(&gateway, "tracker/list", &viewer_key, json!({}))["list"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        refused(
            &gateway,
            &format!("DEL_USER_OBJECT,friend@example.com,{IMEI}"),
            400
        ),
        "ERROR: the object is not the user's"
    );
    // Taking back one's own object leaves it unassigned, with its history.
    let mut device = gateway.reporting_device(IMEI);
    ok(
        &gateway,
        &format!("DEL_USER_OBJECT,owner@example.com,{IMEI}"),
    );
    assert_eq!(
        call(&gateway, "tracker/list", &owner_key, json!({}))["list"],
        json!([])
    );
    assert_eq!(
        entry(&gateway.server("GET_OBJECTS").json(), "imei", IMEI)["user"],
        Value::Null
    );
    assert!(
        !device.is_closed(Duration::from_millis(200)),
        "the device is not disconnected"
    );
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,friend@example.com,{IMEI}"),
    );
    let tracker = call(&gateway, "tracker/list", &viewer_key, json!({}))["list"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["source"]["device_id"] == IMEI).cloned())
        .expect("now the friend's own");
    assert_eq!(tracker["clone"], false);
    let id = tracker["id"].as_u64().expect("an id");
    assert_eq!(
        track(&gateway, &viewer_key, id)["list"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );

    for (cmd, expected) in [
        (
            format!("ADD_USER_OBJECT,nobody@example.com,{IMEI}"),
            "ERROR: user not found",
        ),
        (
            "ADD_USER_OBJECT,owner@example.com,356307042449999".to_owned(),
            "ERROR: object not found",
        ),
        (
            "ADD_USER_OBJECT,owner@example.com,".to_owned(),
            "ERROR: object IMEI (parameter 2) is missing",
        ),
        (
            format!("DEL_USER_OBJECT,bad-address,{IMEI}"),
            "ERROR: user account e-mail (parameter 1) must be a valid e-mail address",
        ),
    ] {
        assert_eq!(refused(&gateway, &cmd, 400), expected, "{cmd}");
    }
}

#[test]
fn an_inactive_object_is_refused_disconnected_and_blocked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("owner@example.com", "s3cret-pass", IMEI);
    let mut device = gateway.reporting_device(IMEI);
    let state = |key: &str| {
        call(
            &gateway,
            "tracker/get_state",
            key,
            json!({ "tracker_id": tracker }),
        )
    };
    assert_eq!(state(&key)["success"], true);

    ok(
        &gateway,
        &format!("OBJECT_SET_ACTIVITY,{IMEI},false,false,"),
    );
    assert!(
        device.is_closed(Duration::from_secs(5)),
        "the live connection is closed"
    );
    let mut again = Device::connect(gateway.teltonika);
    assert_ne!(again.login(IMEI), Some(1), "refused at login");
    assert_eq!(code(&state(&key)), 208);
    let listed = call(&gateway, "tracker/list", &key, json!({}));
    assert_eq!(listed["list"][0]["source"]["blocked"], true, "{listed}");
    assert_eq!(
        entry(&gateway.server("GET_OBJECTS").json(), "imei", IMEI)["active"],
        false
    );

    // Active again: the device is let back in.
    ok(&gateway, &format!("OBJECT_SET_ACTIVITY,{IMEI},true,false,"));
    assert_eq!(state(&key)["success"], true);
    let mut back = Device::connect(gateway.teltonika);
    assert_eq!(back.login(IMEI), Some(1));

    // A date in the past: expired at once.
    ok(
        &gateway,
        &format!("OBJECT_SET_ACTIVITY,{IMEI},true,true,2016-01-01"),
    );
    assert!(back.is_closed(Duration::from_secs(5)));
    assert_eq!(code(&state(&key)), 208);
    let listed = entry(&gateway.server("GET_OBJECTS").json(), "imei", IMEI);
    assert_eq!(
        (listed["active"].clone(), listed["expire_dt"].clone()),
        (json!(true), json!("2016-01-01"))
    );

    for (cmd, expected) in [
        (
            format!("OBJECT_SET_ACTIVITY,{IMEI},maybe,false,"),
            "ERROR: object active (parameter 2) must be true or false",
        ),
        (
            format!("OBJECT_SET_ACTIVITY,{IMEI},true,true,"),
            "ERROR: object expire date (parameter 4) is missing",
        ),
        (
            "OBJECT_SET_ACTIVITY,356307042449999,true,false,".to_owned(),
            "ERROR: object not found",
        ),
    ] {
        assert_eq!(refused(&gateway, &cmd, 400), expected, "{cmd}");
    }
}

#[test]
fn an_expiry_ahead_closes_the_connection_when_it_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("owner@example.com", "s3cret-pass", IMEI);
    let mut device = gateway.reporting_device(IMEI);
    ok(
        &gateway,
        &format!("OBJECT_SET_ACTIVITY,{IMEI},true,true,{}", in_secs(2)),
    );
    // Still served until then...
    let more = drive(1_709_294_500_000, 2);
    assert_eq!(device.send_records(&more), Some(vec![0, 0, 0, 2]));
    assert_eq!(
        call(
            &gateway,
            "tracker/get_state",
            &key,
            json!({ "tracker_id": tracker })
        )["success"],
        true
    );
    // ...then closed without anyone asking, and refused from then on.
    assert!(
        device.is_closed(Duration::from_secs(10)),
        "closed at the expiry"
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get_state",
            &key,
            json!({ "tracker_id": tracker })
        )),
        208
    );
    let mut again = Device::connect(gateway.teltonika);
    assert_ne!(again.login(IMEI), Some(1));
}
