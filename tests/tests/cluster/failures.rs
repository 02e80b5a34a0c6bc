//! What a cluster does when a node dies, NATS goes away, or a device
//! connects again through another node.

use std::time::Duration;

use trackgate_store::TrackerId;
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

use super::{Cluster, IMEI, connection, get_state, logged_in, wait};

/// 2024-03-01 12:00:00 UTC.
const T0: i64 = 1_709_294_400_000;

/// Sends `batches` frames of 2 records from `start_ms`, each acknowledged;
/// returns how many records were acknowledged.
fn report(device: &mut Device, start_ms: i64, batches: usize) -> usize {
    for n in 0..batches {
        let records = drive(start_ms + n as i64 * 10_000, 2);
        assert_eq!(
            device.send_records(&records),
            Some(vec![0, 0, 0, 2]),
            "batch {n} acknowledged"
        );
    }
    batches * 2
}

#[test]
fn a_node_killed_loses_nothing_acknowledged_and_its_device_moves_on() {
    let mut cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let mut device = logged_in(cluster.a());
    let mut acked = report(&mut device, T0, 10);
    assert_eq!(connection(cluster.b())["server_id"], 1);

    // A dies as SIGKILL would: its device's connection drops, and the
    // others find the device offline at once (no holder answers).
    cluster.kill_a();
    assert!(
        device.is_closed(Duration::from_secs(5)),
        "A's sockets are gone"
    );
    assert!(
        connection(cluster.b()).is_null(),
        "no node holds the device"
    );
    let state = get_state(cluster.b(), &key, tracker);
    assert_eq!(
        state["success"], true,
        "offline: the store answers: {state}"
    );

    // The device reconnects through the balancer to B and goes on.
    let mut device = Device::connect(cluster.b().teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    acked += report(&mut device, T0 + 1_000_000, 5);
    assert_eq!(connection(cluster.c())["server_id"], 2);

    let stored = cluster
        .store
        .read_track(TrackerId(tracker), T0 - 1, T0 + 10_000_000, 10_000)
        .expect("the track reads");
    assert_eq!(
        stored.len(),
        acked,
        "every acknowledged record is stored, once"
    );
}

#[test]
fn losing_nats_degrades_the_cluster_and_its_return_restores_it() {
    let mut cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let mut device = logged_in(cluster.a());
    let started = std::time::Instant::now();
    report(&mut device, T0 - 300_000, 20);
    let with_nats = started.elapsed() / 20;
    assert_eq!(get_state(cluster.b(), &key, tracker)["success"], true);

    cluster.nats.kill();
    // Ingest and acknowledgements go on, and A answers for its own device.
    let started = std::time::Instant::now();
    report(&mut device, T0 + 100_000, 5);
    let without_nats = started.elapsed() / 5;
    eprintln!("acknowledged frame round trip: {with_nats:?} with NATS, {without_nats:?} without");
    let local = get_state(cluster.a(), &key, tracker);
    assert_eq!(local["success"], true, "{local}");
    // B cannot place the device: a clear error in the User API's format.
    wait("B notices NATS is gone", || {
        get_state(cluster.b(), &key, tracker)["status"]["code"] == 8
    });
    let refused = cluster.b().user(
        "tracker/get_state",
        serde_json::json!({ "hash": key, "tracker_id": tracker }),
    );
    assert_eq!(refused.status, 503, "{}", refused.body);
    let refused = refused.json();
    assert_eq!(refused["success"], false);
    let why = refused["status"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(why.starts_with("Cluster unavailable"), "{why}");

    // NATS comes back on the same port: the links reconnect, A announces
    // its device again, and calls across nodes work once more.
    cluster.nats.restart();
    wait("B reaches A's device again", || {
        get_state(cluster.b(), &key, tracker)["success"] == true
    });
    assert_eq!(connection(cluster.c())["server_id"], 1);
    let state = get_state(cluster.b(), &key, tracker);
    assert_eq!(
        state["state"]["gps"]["updated"], "2024-03-01 12:02:21",
        "{state}"
    );
}

#[test]
fn a_newer_connection_on_another_node_closes_the_older() {
    let cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let mut older = logged_in(cluster.a());
    report(&mut older, T0, 1);
    assert_eq!(connection(cluster.c())["server_id"], 1);

    let mut newer = Device::connect(cluster.b().teltonika);
    assert_eq!(newer.login(IMEI), Some(1));
    assert!(
        older.is_closed(Duration::from_secs(5)),
        "A closed its connection when B's newer one claimed the device"
    );
    report(&mut newer, T0 + 100_000, 2);
    wait("the device is B's alone", || {
        connection(cluster.c())["server_id"] == 2
    });
    let state = get_state(cluster.c(), &key, tracker);
    assert_eq!(
        state["state"]["gps"]["updated"], "2024-03-01 12:01:51",
        "{state}"
    );
}

#[test]
fn two_holders_made_while_nats_was_away_settle_when_it_returns() {
    let mut cluster = Cluster::start();
    let (key, tracker) = cluster.fleet();
    let mut older = logged_in(cluster.a());
    report(&mut older, T0, 1);

    cluster.nats.kill();
    wait("B notices NATS is gone", || {
        get_state(cluster.b(), &key, tracker)["status"]["code"] == 8
    });
    // B cannot tell A: for now both hold the device.
    let mut newer = Device::connect(cluster.b().teltonika);
    assert_eq!(newer.login(IMEI), Some(1));
    report(&mut newer, T0 + 100_000, 1);
    assert!(
        !older.is_closed(Duration::from_millis(300)),
        "A cannot hear B's claim while NATS is away"
    );

    // Back: both announce what they hold, and the newer connection wins.
    cluster.nats.restart();
    assert!(
        older.is_closed(Duration::from_secs(10)),
        "A yielded to B's newer connection once NATS was back"
    );
    report(&mut newer, T0 + 200_000, 1);
    wait("the device is B's alone", || {
        connection(cluster.c())["server_id"] == 2
    });
}
