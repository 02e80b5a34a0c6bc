//! `tracker/register_quick`, `tracker/replace*` and `tracker/corrupt`
//! against the running gateway: bundles taken over, a tracker moved to
//! another device with its history (once its device has reported: 266
//! before), and a tracker taken out of its account.

use crate::support;

use std::time::Duration;

use serde_json::json;
use support::user_api::{
    call, code, corrupt_when_offline, listed, register_body, registered, user,
};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

const OLD: &str = "356307042441013";
const NEW: &str = "356307042441021";

#[test]
fn a_bundle_is_taken_over_with_register_quick_and_replace_quick() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "quick@example.com");
    assert_eq!(
        gateway
            .server(&format!("ADD_OBJECT,{OLD},Bundle,false,2030-01-01"))
            .body,
        "OK"
    );
    assert_eq!(
        gateway
            .server(&format!("ADD_OBJECT,{NEW},Spare,false,2030-01-01"))
            .body,
        "OK"
    );
    let unknown = json!({ "label": "Courier", "group_id": 0, "imei": "356307042441039" });
    assert_eq!(
        code(&call(&gateway, "tracker/register_quick", &key, unknown)),
        201
    );

    let quick = json!({ "label": "Courier", "group_id": 0, "imei": OLD });
    let answer = call(&gateway, "tracker/register_quick", &key, quick.clone());
    assert_eq!(answer["value"]["label"], "Courier", "{answer}");
    let id = answer["value"]["id"].as_u64().expect("id");
    let other = user(&gateway, "quick2@example.com");
    assert_eq!(
        code(&call(&gateway, "tracker/register_quick", &other, quick)),
        224
    );

    // A device that never reported is not activated yet: nothing to
    // carry over, 266, and the spare stays a bundle.
    let early = call(
        &gateway,
        "tracker/replace_quick",
        &key,
        json!({ "tracker_id": id, "imei": NEW }),
    );
    assert_eq!(code(&early), 266, "{early}");
    assert_eq!(
        early["status"]["description"],
        "Cannot perform action for the device in current status"
    );
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(OLD), Some(1));
    assert!(device.send_records(&drive(1_700_000_000_000, 1)).is_some());

    // The tracker keeps its id and label on the spare device; the spare's
    // own record is gone.
    let replaced = call(
        &gateway,
        "tracker/replace_quick",
        &key,
        json!({ "tracker_id": id, "imei": NEW }),
    );
    assert_eq!(replaced["value"]["id"], id, "{replaced}");
    assert_eq!(replaced["value"]["source"]["device_id"], NEW);
    assert_eq!(listed(&gateway, &key), [NEW]);
    let gone = call(
        &gateway,
        "tracker/replace_quick",
        &key,
        json!({ "tracker_id": id, "imei": OLD }),
    );
    assert_eq!(code(&gone), 201, "the old device is no bundle: {gone}");
    gateway.stop();
}

#[test]
fn a_replaced_tracker_keeps_its_history_and_moves_to_the_new_device() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "replace@example.com");
    let id = registered(&gateway, &key, OLD, "79123122312");
    let mut early = register_body(NEW, "79123122313");
    early["tracker_id"] = json!(id);
    let refused = call(&gateway, "tracker/replace", &key, early);
    assert_eq!(code(&refused), 266, "not activated yet: {refused}");

    let mut old = Device::connect(gateway.teltonika);
    assert_eq!(old.login(OLD), Some(1));
    let history = drive(1_700_000_000_000, 3);
    assert!(old.send_records(&history).is_some());

    let mut body = register_body(NEW, "79123122313");
    body["tracker_id"] = json!(id);
    body.as_object_mut().map(|b| b.remove("label"));
    let replaced = call(&gateway, "tracker/replace", &key, body);
    assert_eq!(replaced["value"]["id"], id, "{replaced}");
    assert_eq!(replaced["value"]["source"]["device_id"], NEW);
    assert_eq!(replaced["value"]["source"]["phone"], "79123122313");
    assert!(
        old.is_closed(Duration::from_secs(5)),
        "the old device is let go"
    );
    let status = |gateway: &support::Running| {
        let state = call(
            gateway,
            "tracker/get_state",
            &key,
            json!({ "tracker_id": id }),
        );
        state["state"]["connection_status"].clone()
    };
    assert_eq!(status(&gateway), "just_replaced");

    let mut new = Device::connect(gateway.teltonika);
    assert_eq!(new.login(NEW), Some(1));
    let later = drive(1_700_000_600_000, 1);
    assert!(new.send_records(&later).is_some());
    assert_ne!(status(&gateway), "just_replaced", "the new device reports");
    let track = call(
        &gateway,
        "track/read",
        &key,
        json!({ "tracker_id": id, "from": "2023-11-14 00:00:00", "to": "2023-11-16 00:00:00" }),
    );
    let points = track["list"].as_array().expect("points").len();
    assert_eq!(points, 4, "old and new device's points: {track}");

    let mut old_again = Device::connect(gateway.teltonika);
    assert_ne!(
        old_again.login(OLD),
        Some(1),
        "the old device is unknown now"
    );
    let retry = call(
        &gateway,
        "tracker/replace_retry",
        &key,
        json!({ "tracker_id": 999 }),
    );
    assert_eq!(code(&retry), 204);
    let connected = call(
        &gateway,
        "tracker/register_retry",
        &key,
        json!({ "tracker_id": id }),
    );
    assert_eq!(code(&connected), 242, "{connected}");
    gateway.stop();
}

#[test]
fn a_corrupted_tracker_leaves_the_account_and_frees_its_device() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "corrupt@example.com");
    let id = registered(&gateway, &key, OLD, "79123122312");

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(OLD), Some(1));
    let by_id = json!({ "tracker_id": id });
    assert_eq!(
        code(&call(&gateway, "tracker/corrupt", &key, by_id.clone())),
        243
    );
    assert_eq!(
        code(&call(&gateway, "tracker/delete", &key, by_id.clone())),
        249
    );
    drop(device);
    let corrupted = corrupt_when_offline(&gateway, &key, id);
    assert_eq!(corrupted["success"], true, "{corrupted}");
    assert!(listed(&gateway, &key).is_empty());
    assert_eq!(
        code(&call(&gateway, "tracker/get", &key, by_id.clone())),
        201
    );
    assert_eq!(code(&call(&gateway, "tracker/corrupt", &key, by_id)), 201);

    // Device and phone are free again: a new tracker, a new id.
    let again = call(
        &gateway,
        "tracker/register",
        &key,
        register_body(OLD, "79123122312"),
    );
    assert_eq!(again["success"], true, "{again}");
    assert_ne!(again["value"]["id"], id);
    gateway.stop();
}
