//! The `trackgate` binary under a hostile client's floods, started with a
//! low open-file limit: the device listeners stop accepting before the
//! descriptors run out, the API keeps each address to its share, and the
//! devices already connected are acknowledged throughout.
//!
//! Short runs of `trackgate-bench flood` (docs/benchmarks.md has the long
//! ones); each fails with the whole report.

use std::path::PathBuf;

use trackgate_bench::dialect::Dialect;
use trackgate_bench::machine::Machine;
use trackgate_bench::report::FloodReport;
use trackgate_bench::scenario::flood::timeline::{Phase, Phases};
use trackgate_bench::scenario::flood::{self, FloodKind, FloodPlan, FloodResults};

/// The descriptors the gateway keeps free beyond every share (the
/// `[limits] spare_files` default): the store's next file comes from them.
const SPARE: u64 = 128;

fn plan(kind: FloodKind, connections: u32, nofile: u64, imei_base: u64) -> FloodPlan {
    FloodPlan {
        kind,
        gateway_bin: PathBuf::from(env!("CARGO_BIN_EXE_trackgate")),
        data_dir: None,
        gateway_nofile: Some(nofile),
        gateway_env: Vec::new(),
        gateway_log: None,
        protocol: Dialect::TELTONIKA,
        connections,
        phases: Phases {
            warmup_s: 5,
            flood_s: 10,
            recovery_s: 8,
        },
        canary_devices: 10,
        canary_interval_s: 1.0,
        // A login every few rounds: each is an Argon2 check, slow in a
        // debug build.
        canary_login_every: 4,
        email: "canary@flood.test".into(),
        password: "canary-password".into(),
        imei_base,
        unknown_imei_base: imei_base + 100_000,
        invalid_share: 0.5,
        content_length: 1_024,
        trickle_interval_s: 2.0,
        ws_megabytes: 16,
        frame_bytes: 61_440,
        declared_bytes: 65_000,
        max_handshakes: 128,
        reply_timeout_s: 10.0,
    }
}

/// Runs `plan`; the report comes back with the results for messages.
fn run(plan: &FloodPlan) -> (FloodResults, String) {
    let results = flood::run_blocking(plan, 1).expect("the flood run");
    let report = FloodReport::new("flood", Machine::current(), plan.clone(), results.clone());
    (results, report.markdown())
}

/// The canary's devices were acknowledged throughout, without a failure,
/// and it recovered without a restart.
fn devices_unharmed(results: &FloodResults, report: &str) {
    assert!(results.passed(), "{report}");
    for phase in [Phase::Before, Phase::During, Phase::After] {
        let canary = results.phase(phase).expect("every phase measured");
        assert_eq!(canary.device_failure_count(), 0, "{phase:?}\n{report}");
        assert!(canary.acks > 0, "{phase:?}: no acks\n{report}");
    }
    assert!(results.gateway.exited.is_none(), "{report}");
}

#[test]
fn idle_connections_beyond_the_descriptors_wait_in_the_backlog_and_acks_go_on() {
    // 700 connections that never log in, against a limit of 512 for
    // everything: listeners, store, API and devices.
    let (results, report) = run(&plan(FloodKind::IdleTcp, 700, 512, 354_000_000_000_000));
    devices_unharmed(&results, &report);
    let during = results.phase(Phase::During).expect("during");
    assert_eq!(during.api_rounds_failed, 0, "{report}");
    assert!(during.api_rounds_ok > 0, "{report}");
    // The listeners stopped accepting: the rest waited in the kernel's
    // backlog, not in the gateway's descriptors.
    let census = results.flood.census.last().expect("a census of the flood");
    assert!(census.in_backlog > 0, "{report}");
    assert!(census.held < 700, "{report}");
    // And the spare stayed free, for the store's next file.
    let peak = results.gateway.peak.as_ref().expect("the peak footprint");
    assert!(
        peak.fds + SPARE <= 512,
        "{} descriptors open at the peak\n{report}",
        peak.fds
    );
}

#[test]
fn slow_bodies_from_one_address_get_its_share_and_the_canary_the_rest() {
    // 600 requests whose bodies never finish, all from one address.
    let (results, report) = run(&plan(FloodKind::SlowBody, 600, 4_096, 355_000_000_000_000));
    devices_unharmed(&results, &report);
    let during = results.phase(Phase::During).expect("during");
    assert_eq!(during.api_rounds_failed, 0, "{report}");
    assert!(during.api_rounds_ok > 0, "{report}");
    // The address's share is 256 connections: the others were closed as
    // soon as they were accepted.
    let census = results.flood.census.last().expect("a census of the flood");
    assert!(census.held <= 256, "{report}");
    assert!(results.flood.closed_by_gateway > 0, "{report}");
}
