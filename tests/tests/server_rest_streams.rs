//! Seed 001's MAG devices and streams against the running gateway, with a
//! real Teltonika device: trackers by hardware id, their connections in
//! the answers, and streams disabled (the device disconnected at once and
//! refused) and enabled again.

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::server_rest::{get, ok, refused};
use trackgate_tests::device::Device;

const IMEI: &str = "356307042441013";

/// A GET that must succeed.
#[track_caller]
fn get_ok(gateway: &support::Running, path: &str, fields: &Value) -> Value {
    let answer = get(gateway, path, fields);
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    let json = answer.json();
    assert_eq!(json["result"], true, "{path}: {json}");
    json
}

fn ids(streams: &Value) -> Vec<u64> {
    streams["streams"]
        .as_array()
        .map(|l| l.iter().filter_map(|s| s["id"].as_u64()).collect())
        .unwrap_or_default()
}

#[test]
fn mags_are_trackers_and_streams_are_their_devices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let line = ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "fleet"}}),
    );
    let line_id = line["created_id"].as_u64().expect("line id");
    let van = ok(
        &gateway,
        "mag/new",
        &json!({"data": {"imei": IMEI, "name": "Van 1", "user_id": line_id}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    // The seed's MAC address, named however it is written.
    let mac = ok(
        &gateway,
        "mag/new",
        &json!({"data": {"mac_address": "00:1A:79:79:79:79", "subscription_plan_id": 1}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    let info = ok(
        &gateway,
        "mag/info",
        &json!({"mac_address": "00-1a-79-79-79-79"}),
    );
    assert_eq!(info["mag_info"]["mac_address"], "001A79797979");
    assert_eq!(info["mag_channel_ids"], json!([mac]));
    assert_eq!(
        refused(
            &gateway,
            "mag/new",
            &json!({"data": {"mac_address": "001A79797979"}})
        ),
        "MAC Address already exists"
    );
    assert_eq!(
        refused(
            &gateway,
            "mag/new",
            &json!({"data": {"mac_address": "00:1A:79"}})
        ),
        "Invalid MAC Address"
    );
    assert_eq!(
        refused(&gateway, "mag/info", &json!({"imei": "356307042449999"})),
        "MAC Address not found"
    );

    // The device reports: its connection is in the line's and the
    // tracker's answers, the streams and the node's status.
    let mut device = gateway.reporting_device(IMEI);
    let info = ok(&gateway, "mag/info", &json!({"imei": IMEI}));
    assert_eq!(info["mag_info"]["name"], "Van 1");
    assert_eq!(info["mag_info"]["user_id"], line_id);
    assert_eq!(info["mag_info"]["username"], "fleet");
    let connection = &info["mag_conn_info"][0];
    assert_eq!(connection["protocol"], "teltonika");
    assert_eq!(connection["device_id"], IMEI);
    assert_eq!(connection["ip"], "127.0.0.1");
    assert!(
        connection["connected_since"].as_i64().is_some(),
        "{connection}"
    );
    let line = ok(&gateway, "line/info", &json!({"username": "fleet"}));
    assert_eq!(line["line_channel_ids"], json!([van]));
    assert_eq!(line["line_conn_info"][0]["tracker_id"], van);
    assert_eq!(ids(&get_ok(&gateway, "streams/online", &json!({}))), [van]);
    assert_eq!(ids(&get_ok(&gateway, "streams/offline", &json!({}))), [mac]);
    let node = &get_ok(&gateway, "servers/list", &json!({}))["servers"][0];
    assert_eq!(
        (node["id"].clone(), node["status"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(node["trackers_online"], 1);
    assert!(node["connections"].as_u64() >= Some(1), "{node}");
    assert!(node["records_last_minute"].as_u64() >= Some(3), "{node}");
    assert!(node["records_total"].as_u64() >= Some(3), "{node}");

    // Disabled: disconnected before the answer, refused until enabled.
    let disabled = get_ok(&gateway, "streams/disable", &json!({"stream_ids": [van]}));
    assert_eq!(disabled["stream_ids"], json!([van]));
    assert!(
        device.is_closed(Duration::from_secs(1)),
        "disconnected at once"
    );
    assert!(ids(&get_ok(&gateway, "streams/online", &json!({}))).is_empty());
    let offline = get_ok(&gateway, "streams/offline", &json!({}));
    let entry = support::server_api::entry(&offline["streams"], "device_id", IMEI);
    assert_eq!(entry["disabled"], 1);
    assert!(entry["disconnected_at"].as_i64().is_some(), "{entry}");
    let mut again = Device::connect(gateway.teltonika);
    assert_ne!(again.login(IMEI), Some(1), "refused while disabled");
    // By POST too, with the key in the form.
    ok(&gateway, "streams/enable", &json!({"stream_ids": [van]}));
    let mut device = gateway.reporting_device(IMEI);

    // mag/update: disabling closes the connection too; a bad field changes nothing.
    assert!(
        refused(
            &gateway,
            "mag/update",
            &json!({"imei": IMEI, "data": {"name": "x", "expire_date": "soon"}})
        )
        .starts_with("data[expire_date] must be a Unix time")
    );
    assert_eq!(
        refused(
            &gateway,
            "mag/update",
            &json!({"imei": IMEI, "data": {"imei": "1"}})
        ),
        "data[imei] cannot be changed: a device id moves to another device with tracker/replace"
    );
    ok(
        &gateway,
        "mag/update",
        &json!({"imei": IMEI, "data": {"disabled": 1, "user_id": 0}}),
    );
    assert!(device.is_closed(Duration::from_secs(5)));
    let info = ok(&gateway, "mag/info", &json!({"imei": IMEI}))["mag_info"].clone();
    assert_eq!(
        (
            info["name"].clone(),
            info["disabled"].clone(),
            info["user_id"].clone()
        ),
        (json!("Van 1"), json!(1), Value::Null)
    );

    ok(&gateway, "mag/delete", &json!({"imei": IMEI}));
    assert_eq!(
        refused(&gateway, "mag/info", &json!({"imei": IMEI})),
        "MAC Address not found"
    );
}

#[test]
fn stream_ids_are_checked_before_anything_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let van = ok(&gateway, "mag/new", &json!({"data": {"imei": IMEI}}))["created_id"]
        .as_u64()
        .expect("an id");
    let mut device = gateway.reporting_device(IMEI);
    assert_eq!(
        refused(
            &gateway,
            "streams/disable",
            &json!({"stream_ids": [van, 999]})
        ),
        "stream_ids[1] names no stream: 999"
    );
    assert_eq!(
        refused(&gateway, "streams/disable", &json!({"stream_ids": ["x"]})),
        "stream_ids[0] must be a stream (tracker) id"
    );
    assert_eq!(
        refused(&gateway, "streams/disable", &json!({})),
        "stream_ids is missing"
    );
    assert!(
        !device.is_closed(Duration::from_millis(300)),
        "still connected"
    );
    assert_eq!(ids(&get_ok(&gateway, "streams/online", &json!({}))), [van]);
    // One id alone, not as a list, works too.
    let answer = get(&gateway, "streams/disable", &json!({"stream_ids": van}));
    assert_eq!(answer.json()["stream_ids"], json!([van]));
    assert!(device.is_closed(Duration::from_secs(1)));
}
