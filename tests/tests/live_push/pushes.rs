//! What is pushed: every change of a `state` subscription, and batches.

use serde_json::{Value, json};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

use super::client::{Push, T0, is_state_of};
use crate::support;
use crate::support::user_api::add_labelled;

#[test]
fn state_events_carry_every_change_from_connect_to_disconnect() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Silent for 3 s is offline here, so the disconnected device turns
    // offline within the test: a change of time alone, pushed by itself.
    let gateway = support::start(dir.path(), |c| {
        c.state.offline_after_secs = 3;
        c.state.idle_after_secs = 1;
    });
    let imei = "356307042441013";
    let (key, tracker) = gateway.provision("push@example.com", "s3cret-pass", imei);

    let query = "?X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=2.3.6-javascript\
                 &X-Atmosphere-Transport=websocket&Content-Type=application/json\
                 &X-atmo-protocol=true";
    let mut push = Push::connect(gateway.api, query);
    // Atmosphere's handshake: tracking id, heartbeat interval, padding.
    let first = push
        .ws
        .read()
        .expect("handshake frame")
        .into_text()
        .expect("text");
    let parts: Vec<&str> = first.split('|').collect();
    assert_eq!(
        (parts.len(), parts[1], parts[2]),
        (4, "30000", "X"),
        "{first}"
    );

    let answer = push.subscribe(&key, json!([{ "type": "state", "trackers": [tracker] }]));
    assert_eq!(
        answer,
        json!({
            "type": "response",
            "action": "subscription/subscribe",
            "events": ["state"],
            "data": { "state": { "success": true, "value": { tracker.to_string(): "normal" } } },
        })
    );
    let initial = push.next();
    assert!(is_state_of(&initial, tracker), "{initial}");
    assert_eq!(initial["type"], "event");
    assert_eq!(initial["data"]["connection_status"], "just_registered");

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    let records = drive(T0, 3);
    assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 3]));
    let newest = &records[2];
    let pushed = push.until(|m| m["data"]["gps"]["updated"] == "2024-03-01 12:00:02");
    let state = &pushed.last().expect("a state")["data"];
    assert!(pushed.iter().all(|m| is_state_of(m, tracker)), "{pushed:?}");
    assert!(
        (state["gps"]["location"]["lat"].as_f64().expect("lat") - newest.latitude).abs() < 1e-6
    );
    assert!(
        (state["gps"]["location"]["lng"].as_f64().expect("lng") - newest.longitude).abs() < 1e-6
    );
    assert_eq!(state["gps"]["speed"], 42);
    assert_eq!(state["additional"]["ignition"]["value"], "1");
    assert_ne!(state["connection_status"], "offline");

    // A later frame is pushed as its own event.
    assert_eq!(
        device.send_records(&drive(T0 + 60_000, 1)),
        Some(vec![0, 0, 0, 1])
    );
    let next = push.next();
    assert_eq!(
        next["data"]["gps"]["updated"], "2024-03-01 12:01:00",
        "{next}"
    );

    drop(device);
    let offline = push.until(|m| m["data"]["connection_status"] == "offline");
    assert_eq!(
        offline.last().expect("a state")["data"]["source_id"],
        tracker
    );
    drop(push);
    gateway.stop();
}

#[test]
fn state_batch_sends_each_changed_tracker_once_per_rate_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = "fleet@example.com";
    let (key, first) = gateway.provision(email, "s3cret-pass", "356307042441013");
    let second = add_labelled(&gateway, &key, email, "356307042441014", "Car 2");

    let mut push = Push::connect(gateway.api, "");
    let requests = json!([{
        "type": "state_batch", "target": { "type": "all" }, "rate_limit": "2s", "format": "compact"
    }]);
    let answer = push.subscribe(&key, requests);
    let value = &answer["data"]["state_batch"]["value"];
    assert_eq!(value[first.to_string()], "normal", "{answer}");
    assert_eq!(value[second.to_string()], "normal", "{answer}");
    let initial = push.next();
    assert_eq!(initial["event"], "state_batch");
    let ids: Vec<&Value> = initial["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| &s["source_id"])
        .collect();
    assert_eq!(ids, [first, second]);
    assert!(
        initial["data"][0].get("additional").is_none(),
        "compact: {initial}"
    );

    // Two devices, three frames each: eight changes with the connects.
    let mut devices = Vec::new();
    for imei in ["356307042441013", "356307042441014"] {
        let mut device = Device::connect(gateway.teltonika);
        assert_eq!(device.login(imei), Some(0x01));
        devices.push(device);
    }
    for step in 0..3 {
        for device in &mut devices {
            let records = drive(T0 + step * 10_000, 1);
            assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
        }
    }
    let newest = "2024-03-01 12:00:20";
    let mut latest = std::collections::BTreeMap::new();
    let mut entries = 0;
    while latest.len() < 2 || latest.values().any(|t| *t != newest) {
        let batch = push.next();
        assert_eq!(batch["event"], "state_batch", "{batch}");
        let states = batch["data"].as_array().expect("a list");
        let mut ids: Vec<u64> = states
            .iter()
            .filter_map(|s| s["source_id"].as_u64())
            .collect();
        ids.dedup();
        assert_eq!(
            ids.len(),
            states.len(),
            "each tracker at most once: {batch}"
        );
        for state in states {
            let time = state["gps"]["updated"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            latest.insert(state["source_id"].as_u64().expect("id"), time);
        }
        entries += states.len();
    }
    assert!(
        entries < 8,
        "changes were gathered, not sent one by one: {entries}"
    );
    drop(push);
    gateway.stop();
}
