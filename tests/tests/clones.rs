//! Clones: one device in a second user's account (the Server API's
//! `ADD_USER_OBJECT` for another user's object), against the running
//! gateway. The clone shows its source's device and data, keeps its own
//! label, refuses device changes (219), and is the only kind of tracker
//! `tracker/delete` deletes.

use crate::support;

use serde_json::json;
use support::user_api::{call, code, corrupt_when_offline};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

const IMEI: &str = "356307042441013";

#[test]
fn a_clone_shows_its_source_and_goes_on_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (owner, source) = gateway.provision("owner@example.com", "owner-pass", IMEI);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    assert!(device.send_records(&drive(1_700_000_000_000, 3)).is_some());

    assert_eq!(
        gateway
            .server("ADD_USER,viewer@example.com,false,viewer-pass")
            .body,
        "OK"
    );
    let assign = format!("ADD_USER_OBJECT,viewer@example.com,{IMEI}");
    assert_eq!(gateway.server(&assign).body, "OK");
    assert_eq!(gateway.server(&assign).body, "OK", "once is enough");
    let viewer = gateway.server("GET_USER_API_KEY,viewer@example.com").body;
    // The Server API lists the device once, with its owner; the viewer
    // has one object in its account.
    let objects: serde_json::Value = gateway.server("GET_OBJECTS").json();
    let listed: Vec<_> = objects
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["imei"] == IMEI)
        .collect();
    assert_eq!(listed.len(), 1, "{objects}");
    assert_eq!(listed[0]["user"], "owner@example.com");
    let users: serde_json::Value = gateway.server("GET_USERS").json();
    let viewer_row = users
        .as_array()
        .and_then(|u| u.iter().find(|u| u["email"] == "viewer@example.com"))
        .expect("the viewer");
    assert_eq!(viewer_row["objects"], 1, "{users}");

    let list = call(&gateway, "tracker/list", &viewer, json!({}));
    let listed = list["list"].as_array().expect("list");
    assert_eq!(listed.len(), 1, "{list}");
    let clone = &listed[0];
    let id = clone["id"].as_u64().expect("id");
    assert_ne!(id, source);
    assert_eq!(clone["clone"], true);
    assert_eq!(clone["source"]["id"], source);
    assert_eq!(clone["source"]["device_id"], IMEI);
    let mine = call(
        &gateway,
        "tracker/get",
        &owner,
        json!({ "tracker_id": source }),
    );
    assert_eq!(mine["value"]["clone"], false);

    // The source's data, through the clone's id.
    let last = gateway.last_point(&viewer, id);
    assert_eq!(last["success"], true, "{last}");
    assert_eq!(last["value"], gateway.last_point(&owner, source)["value"]);
    let state = call(
        &gateway,
        "tracker/get_state",
        &viewer,
        json!({ "tracker_id": id }),
    );
    assert_eq!(state["state"]["source_id"], source, "{state}");
    let track = call(
        &gateway,
        "track/read",
        &viewer,
        json!({ "tracker_id": id, "from": "2023-11-14 00:00:00", "to": "2023-11-16 00:00:00",
                "filter": false }),
    );
    assert_eq!(track["list"].as_array().map(Vec::len), Some(3), "{track}");

    // Its own label; no device changes.
    let by_id = json!({ "tracker_id": id });
    let phone = json!({ "tracker_id": id, "phone": "79123122312" });
    assert_eq!(
        code(&call(&gateway, "tracker/change_phone", &viewer, phone)),
        219
    );
    assert_eq!(
        code(&call(&gateway, "tracker/corrupt", &viewer, by_id.clone())),
        219
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/replace_quick",
            &viewer,
            json!({ "tracker_id": id, "imei": "356307042441021" })
        )),
        219
    );

    // Only the clone can be deleted; the source and its data stay.
    let own = call(
        &gateway,
        "tracker/delete",
        &owner,
        json!({ "tracker_id": source }),
    );
    assert_eq!(code(&own), 249);
    let deleted = call(&gateway, "tracker/delete", &viewer, by_id.clone());
    assert_eq!(deleted["success"], true, "{deleted}");
    let list = call(&gateway, "tracker/list", &viewer, json!({}));
    assert_eq!(list["list"], json!([]));
    assert_eq!(code(&call(&gateway, "tracker/get", &viewer, by_id)), 201);
    assert_eq!(gateway.last_point(&owner, source)["success"], true);

    // A corrupted source takes its clones out of sight.
    assert_eq!(gateway.server(&assign).body, "OK");
    drop(device);
    let corrupted = corrupt_when_offline(&gateway, &owner, source);
    assert_eq!(corrupted["success"], true, "{corrupted}");
    let list = call(&gateway, "tracker/list", &viewer, json!({}));
    assert_eq!(list["list"], json!([]), "{list}");
    gateway.stop();
}
