//! Teltonika devices against the running gateway: exact acks, points back
//! through the User API, restarts, refusals and bad input.

use crate::support;

use std::time::Duration;

use serde_json::json;
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

/// 2024-03-01 12:00:00 UTC.
const T0: i64 = 1_709_294_400_000;

#[test]
fn device_data_is_acked_exactly_and_read_back_also_after_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441013";
    let (key, tracker) = gateway.provision("fleet@example.com", "s3cret-pass", imei);

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    let first = drive(T0, 3);
    assert_eq!(device.send_records(&first), Some(vec![0, 0, 0, 3]));
    let second = drive(T0 + 10_000, 2);
    assert_eq!(device.send_records(&second), Some(vec![0, 0, 0, 2]));

    // Last GPS point: the newest record, in the seed's units.
    let last = gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(last["success"], true, "{last}");
    let newest = &second[1];
    assert!((last["value"]["lat"].as_f64().expect("lat") - newest.latitude).abs() < 1e-6);
    assert!((last["value"]["lng"].as_f64().expect("lng") - newest.longitude).abs() < 1e-6);
    assert_eq!(last["value"]["get_time"], "2024-03-01 12:00:11");
    assert_eq!(last["value"]["speed"], 42);
    assert_eq!(last["value"]["satellites"], 9);

    // The live session answers get_state: connected, moving, ignition on.
    let state = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    let state = &state["state"];
    assert_eq!(
        state["connection_status"], "idle",
        "fix times are in the past: {state}"
    );
    assert_eq!(state["additional"]["ignition"]["value"], "1");
    assert_eq!(state["gsm"]["signal_level"], 80);

    // Batch reads take the state the session published after its commit.
    let batch = gateway
        .user(
            "tracker/get_states",
            json!({ "hash": key, "trackers": [tracker] }),
        )
        .json();
    let published = &batch["states"][tracker.to_string()];
    assert_eq!(
        published["connection_status"], "idle",
        "connected, from the published state: {batch}"
    );
    assert_eq!(published["gps"]["location"]["lat"], last["value"]["lat"]);

    let track = read_track(&gateway, &key, tracker);
    assert_eq!(track.len(), 5);
    assert_eq!(track[0]["get_time"], "2024-03-01 12:00:00");
    assert_eq!(track[4]["get_time"], "2024-03-01 12:00:11");

    drop(device);
    gateway.stop();

    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(
        read_track(&gateway, &key, tracker),
        track,
        "points survive a restart"
    );
    let state = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    // The stored state answers: the last data is seconds old, so the
    // tracker is not offline yet (that takes 10 minutes without data,
    // restart or not); its fixes are years old, so it is idle.
    assert_eq!(state["state"]["connection_status"], "idle", "{state}");
    let last = gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(last["value"]["get_time"], "2024-03-01 12:00:11");

    // The same device reconnects to the restarted gateway and keeps going.
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    assert_eq!(
        device.send_records(&drive(T0 + 60_000, 1)),
        Some(vec![0, 0, 0, 1])
    );
    assert_eq!(read_track(&gateway, &key, tracker).len(), 6);
}

fn read_track(gateway: &support::Running, key: &str, tracker: u64) -> Vec<serde_json::Value> {
    let answer = gateway
        .user(
            "track/read",
            json!({ "hash": key, "tracker_id": tracker, "from": "2024-03-01 00:00:00", "to": "2024-03-02 00:00:00" }),
        )
        .json();
    assert_eq!(answer["success"], true, "{answer}");
    answer["list"].as_array().expect("list").clone()
}

#[test]
fn a_resent_packet_is_stored_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441021";
    let (key, tracker) = gateway.provision("resend@example.com", "s3cret-pass", imei);
    let records = drive(T0, 4);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 4]));
    // As after a lost ack: a new connection resends the very same packet.
    let mut again = Device::connect(gateway.teltonika);
    assert_eq!(again.login(imei), Some(0x01));
    assert_eq!(again.send_records(&records), Some(vec![0, 0, 0, 4]));
    assert_eq!(read_track(&gateway, &key, tracker).len(), 4);
}

#[test]
fn unknown_devices_are_refused_unless_registration_is_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login("356307042441039"), Some(0x00));
    assert!(
        device.is_closed(Duration::from_secs(5)),
        "a refused device is disconnected"
    );
    gateway.stop();

    let gateway = support::start(dir.path(), |c| c.devices.register_unknown = true);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login("356307042441039"), Some(0x01));
    assert_eq!(device.send_records(&drive(T0, 1)), Some(vec![0, 0, 0, 1]));
    let objects = gateway.server("GET_OBJECTS").json();
    let listed = objects
        .as_array()
        .expect("array")
        .iter()
        .any(|o| o["imei"] == "356307042441039");
    assert!(listed, "the device became a tracker: {objects}");
}

#[test]
fn bad_input_closes_only_that_connection_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| c.devices.max_frame_bytes = 2048);
    let imei = "356307042441047";
    let (key, tracker) = gateway.provision("bad@example.com", "s3cret-pass", imei);
    let mut healthy = Device::connect(gateway.teltonika);
    assert_eq!(healthy.login(imei), Some(0x01));

    // A corrupted CRC: no ack, connection closed.
    let mut packet = Device::packet(&drive(T0, 2));
    let last = packet.len() - 1;
    packet[last] ^= 0xff;
    let mut corrupt = Device::connect(gateway.teltonika);
    assert_eq!(corrupt.login(imei), Some(0x01));
    corrupt.send(&packet);
    assert!(corrupt.read_exact(4).is_none(), "no ack for a bad CRC");

    // Garbage instead of a login, and a frame over the limit.
    let mut garbage = Device::connect(gateway.teltonika);
    garbage.send(b"GET / HTTP/1.1\r\n\r\n");
    assert!(garbage.is_closed(Duration::from_secs(5)));
    let mut oversize = Device::connect(gateway.teltonika);
    assert_eq!(oversize.login("356307042441047"), Some(0x01));
    oversize.send(&[0, 0, 0, 0, 0, 0, 0x10, 0, 0x8e]);
    assert!(oversize.is_closed(Duration::from_secs(5)));

    // Records before any login.
    let mut anonymous = Device::connect(gateway.teltonika);
    anonymous.send(&Device::packet(&drive(T0, 1)));
    assert!(anonymous.read_exact(4).is_none());

    assert!(
        read_track(&gateway, &key, tracker).is_empty(),
        "nothing from bad input was stored"
    );
    // The newest connection of this IMEI (oversize) replaced `healthy`, so
    // check other sessions still work with a fresh one.
    let mut fresh = Device::connect(gateway.teltonika);
    assert_eq!(fresh.login(imei), Some(0x01));
    assert_eq!(fresh.send_records(&drive(T0, 1)), Some(vec![0, 0, 0, 1]));
}

#[test]
fn a_new_connection_replaces_the_old_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441054";
    gateway.provision("replace@example.com", "s3cret-pass", imei);
    let mut old = Device::connect(gateway.teltonika);
    assert_eq!(old.login(imei), Some(0x01));
    let mut new = Device::connect(gateway.teltonika);
    assert_eq!(new.login(imei), Some(0x01));
    assert!(
        old.is_closed(Duration::from_secs(5)),
        "the old connection is closed"
    );
    assert_eq!(new.send_records(&drive(T0, 1)), Some(vec![0, 0, 0, 1]));
}

#[test]
fn silent_connections_time_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.devices.login_timeout_secs = 1;
        c.devices.idle_timeout_secs = 1;
    });
    let imei = "356307042441062";
    gateway.provision("idle@example.com", "s3cret-pass", imei);
    let mut silent = Device::connect(gateway.teltonika);
    assert!(
        silent.is_closed(Duration::from_secs(5)),
        "no login within the login timeout"
    );
    let mut idle = Device::connect(gateway.teltonika);
    assert_eq!(idle.login(imei), Some(0x01));
    assert!(
        idle.is_closed(Duration::from_secs(5)),
        "idle past the idle timeout"
    );
}
