//! What any node answers for a device another node holds: its state, its
//! connection, commands, live push and the nodes themselves.

use std::time::{Duration, Instant};

use serde_json::json;
use trackgate_protocols::checksum::crc16_arc;
use trackgate_protocols::teltonika::encode::encode_command;
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

use super::{Cluster, IMEI, connection, get_state, logged_in, wait};
use crate::support::server_rest;

/// 2024-03-01 12:00:00 UTC.
const T0: i64 = 1_709_294_400_000;

#[test]
fn a_device_on_one_node_is_answered_for_by_the_others() {
    let cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let _device = cluster.a().reporting_device(IMEI);

    // B answers the live state A holds, and shows A's connection.
    let state = get_state(cluster.b(), &key, tracker);
    assert_eq!(state["success"], true, "{state}");
    assert_eq!(
        state["state"]["gps"]["updated"], "2024-03-01 12:00:02",
        "{state}"
    );
    let states = cluster
        .c()
        .user(
            "tracker/get_states",
            json!({ "hash": key, "trackers": [tracker] }),
        )
        .json();
    assert_eq!(states["success"], true, "{states}");
    assert_eq!(
        states["states"][tracker.to_string()]["gps"]["updated"],
        "2024-03-01 12:00:02",
        "{states}"
    );
    let held = connection(cluster.b());
    assert_eq!(held["server_id"], 1, "{held}");
    assert_eq!(held["protocol"], "teltonika", "{held}");
    assert_eq!(held["ip"], "127.0.0.1", "{held}");
    assert!(held["connected_since"].as_i64().is_some(), "{held}");
    // Online wherever it is asked: not among C's offline streams.
    let offline = server_rest::get(cluster.c(), "streams/offline", &json!({})).json();
    assert_eq!(offline["streams"], json!([]), "{offline}");

    // Every node lists the three, with A's figures from its heartbeats.
    wait("C sees A's tracker online", || {
        let servers = server_rest::ok(cluster.c(), "servers/list", &json!({}));
        servers["servers"]
            .as_array()
            .and_then(|l| l.iter().find(|s| s["id"] == 1).cloned())
            .is_some_and(|a| a["trackers_online"] == 1 && a["records_total"] == 3)
    });
    let servers = server_rest::ok(cluster.c(), "servers/list", &json!({}));
    let names: Vec<_> = servers["servers"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| {
            (
                s["id"].clone(),
                s["server_name"].clone(),
                s["is_main"].clone(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (json!(3), json!("c"), json!(1)),
            (json!(1), json!("a"), json!(0)),
            (json!(2), json!("b"), json!(0)),
        ]
    );

    // What a call through another node costs, on this machine, against
    // the holder's own answer.
    for (label, node) in [("cross-node", cluster.b()), ("local", cluster.a())] {
        let mut took = Vec::new();
        for _ in 0..50 {
            let started = Instant::now();
            assert_eq!(get_state(node, &key, tracker)["success"], true);
            took.push(started.elapsed());
        }
        took.sort();
        eprintln!(
            "{label} tracker/get_state: median {:?}, p90 {:?}, max {:?}",
            took[took.len() / 2],
            took[took.len() * 9 / 10],
            took[took.len() - 1]
        );
    }
}

/// The device's Codec 12 answer carrying `text`.
fn answer(text: &str) -> Vec<u8> {
    let mut data = vec![0x0C, 0x01, 0x06];
    data.extend_from_slice(&(text.len() as u32).to_be_bytes());
    data.extend_from_slice(text.as_bytes());
    data.push(0x01);
    let mut packet = vec![0, 0, 0, 0];
    packet.extend_from_slice(&(data.len() as u32).to_be_bytes());
    packet.extend_from_slice(&data);
    packet.extend_from_slice(&u32::from(crc16_arc(&data)).to_be_bytes());
    packet
}

fn command_status(node: &crate::support::Running, key: &str, tracker: u64, id: u64) -> String {
    let list = node
        .user(
            "tracker/command/list",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    list["list"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["id"] == id))
        .and_then(|c| c["status"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_command_sent_on_one_node_reaches_the_device_on_another() {
    let cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let mut device = cluster.a().reporting_device(IMEI);

    let sent = cluster
        .b()
        .user(
            "tracker/raw_command",
            json!({ "hash": key, "tracker_id": tracker, "command": "getinfo" }),
        )
        .json();
    assert_eq!(sent["success"], true, "{sent}");
    let id = sent["command_id"].as_u64().expect("an id");
    let want = encode_command("getinfo");
    assert_eq!(
        device.read_exact(want.len()),
        Some(want.to_vec()),
        "A wrote B's command"
    );
    wait("the command is sent", || {
        command_status(cluster.c(), &key, tracker, id) == "sent"
    });
    device.send(&answer("RTC:2024/6/1 12:00"));
    wait("the answer is recorded", || {
        command_status(cluster.c(), &key, tracker, id) == "answered"
    });

    // Withdrawn through C while A waits for its answer: A drops it first.
    let next = cluster
        .b()
        .user(
            "tracker/raw_command",
            json!({ "hash": key, "tracker_id": tracker, "command": "getver" }),
        )
        .json();
    let next_id = next["command_id"].as_u64().expect("an id");
    let want = encode_command("getver");
    assert_eq!(device.read_exact(want.len()), Some(want.to_vec()));
    let cancelled = cluster
        .c()
        .user(
            "tracker/command/cancel",
            json!({ "hash": key, "tracker_id": tracker, "command_id": next_id }),
        )
        .json();
    assert_eq!(cancelled["success"], true, "{cancelled}");
    assert_eq!(
        command_status(cluster.a(), &key, tracker, next_id),
        "cancelled"
    );
    device.send(&answer("FW:1.0"));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        command_status(cluster.a(), &key, tracker, next_id),
        "cancelled",
        "a late answer does not undo the cancel"
    );
}

#[test]
fn a_push_client_on_one_node_sees_a_device_on_another_move() {
    let cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let mut push = crate::support::push::Push::connect(cluster.c().api, "");
    let answer = push.subscribe(&key, json!([{ "type": "state", "trackers": [tracker] }]));
    assert_eq!(answer["data"]["state"]["success"], true, "{answer}");
    let initial = push.next();
    assert_eq!(initial["data"]["source_id"], tracker, "{initial}");

    let mut device = logged_in(cluster.a());
    let records = drive(T0, 3);
    assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 3]));
    let pushed = push.until(|m| m["data"]["gps"]["updated"] == "2024-03-01 12:00:02");
    let state = &pushed.last().expect("a state")["data"];
    let newest = &records[2];
    assert!(
        (state["gps"]["location"]["lat"].as_f64().expect("lat") - newest.latitude).abs() < 1e-6
    );
    assert!(
        (state["gps"]["location"]["lng"].as_f64().expect("lng") - newest.longitude).abs() < 1e-6
    );

    // It moves on: each later frame is pushed by C as A commits it.
    let later = drive(T0 + 60_000, 1);
    assert_eq!(device.send_records(&later), Some(vec![0, 0, 0, 1]));
    let moved = push.until(|m| m["data"]["gps"]["updated"] == "2024-03-01 12:01:00");
    assert_eq!(moved.last().expect("a state")["data"]["source_id"], tracker);
}

#[test]
fn a_stream_disabled_on_one_node_is_disconnected_on_another() {
    let cluster = Cluster::start();
    let (_, tracker) = cluster.fleet();
    let mut device = cluster.a().reporting_device(IMEI);

    let disabled = server_rest::get(
        cluster.b(),
        "streams/disable",
        &json!({ "stream_ids": [tracker] }),
    )
    .json();
    assert_eq!(disabled["result"], true, "{disabled}");
    assert!(
        device.is_closed(Duration::from_secs(1)),
        "A closed the connection before B answered"
    );
    assert!(connection(cluster.c()).is_null());
    let mut again = Device::connect(cluster.c().teltonika);
    assert_ne!(
        again.login(IMEI),
        Some(1),
        "refused on every node while disabled"
    );
}
