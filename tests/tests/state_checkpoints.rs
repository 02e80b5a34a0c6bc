//! A connected tracker's state is persisted now and then, not with every
//! packet; after a crash the API still answers the last acknowledged
//! record, rebuilt from the points stored after the state.

use std::path::Path;

use crate::support;

use trackgate_gateway::Config;
use trackgate_store::{TrackStore, TrackerId, TrackerState};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

/// 2024-03-01 12:00:00 UTC.
const T0: i64 = 1_709_294_400_000;

/// Starts a gateway on `dir`, has `imei` send one acknowledged record a
/// minute for three minutes, then kills the gateway as SIGKILL would.
/// Returns the user's API key and the tracker id.
fn three_packets_then_kill(
    dir: &Path,
    imei: &str,
    tweak: impl FnOnce(&mut Config),
) -> (String, u64) {
    let gateway = support::start(dir, tweak);
    let owned = gateway.provision(&format!("{imei}@example.com"), "s3cret-pass", imei);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    for minute in 0..3 {
        let records = drive(T0 + minute * 60_000, 1);
        assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
    }
    gateway.kill();
    owned
}

/// The state the store holds for `tracker`, as written (not brought up to date).
fn stored_state(dir: &Path, tracker: u64) -> TrackerState {
    let store = trackgate_store::EmbeddedStore::open(&dir.join("store")).expect("store");
    store
        .state(TrackerId(tracker))
        .expect("read")
        .expect("a state")
}

#[test]
fn after_a_crash_the_last_state_has_every_acknowledged_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, tracker) = three_packets_then_kill(dir.path(), "356307042441203", |_| {});

    // The session persisted the state with its first commit only.
    let stored = stored_state(dir.path(), tracker);
    let fix = stored.last_gps.as_ref().map(|t| t.updated_ms);
    assert_eq!(
        fix,
        Some(T0),
        "the state was rewritten after the first packet"
    );
    assert_eq!(stored.disconnected_ms, None);

    // The API, after the restart, answers from the state and the points after it.
    let gateway = support::start(dir.path(), |_| {});
    let last = gateway.last_point(&key, tracker);
    assert_eq!(last["value"]["get_time"], "2024-03-01 12:02:00", "{last}");
    gateway.stop();
}

#[test]
fn a_checkpoint_interval_of_zero_persists_the_state_with_every_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, tracker) = three_packets_then_kill(dir.path(), "356307042441211", |config| {
        config.devices.state_checkpoint_secs = 0
    });
    let stored = stored_state(dir.path(), tracker);
    let fix = stored.last_gps.as_ref().map(|t| t.updated_ms);
    assert_eq!(fix, Some(T0 + 120_000));
}
