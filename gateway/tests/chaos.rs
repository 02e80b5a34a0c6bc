//! The `trackgate` binary killed with SIGKILL at random moments while
//! devices send, restarted each time on the same data directory: every
//! acknowledged record must be in the store afterwards, and none twice.
//!
//! A short run of `trackgate-bench chaos` (docs/benchmarks.md has the long
//! one), small enough for a 2-core machine running other tests meanwhile.

use std::path::PathBuf;

use trackgate_bench::dialect::Dialect;
use trackgate_bench::machine::Machine;
use trackgate_bench::report::ChaosReport;
use trackgate_bench::scenario::chaos::{self, ChaosPlan};

#[test]
fn acknowledged_records_survive_sigkills_at_random_moments_exactly_once() {
    let plan = ChaosPlan {
        gateway_bin: PathBuf::from(env!("CARGO_BIN_EXE_trackgate")),
        data_dir: None,
        protocol: Dialect::TELTONIKA,
        devices: 100,
        records_per_packet: 5,
        rate_per_s: 50.0,
        // Room for slow restarts on a busy machine: three gaps of at most
        // 4.5 s and 2.5 s after the last leave 11 s for the restarts.
        duration_s: 25.0,
        kills: 3,
        min_gap_s: 2.5,
        max_gap_s: 4.5,
        seed: 20_261_201,
        imei_base: 351_000_000_000_000,
        reply_timeout_s: 10.0,
        max_handshakes: 64,
    };
    let results = chaos::run_blocking(&plan, 1).expect("the chaos run");
    // Every failure message carries the whole report.
    let report = ChaosReport::new("chaos", Machine::current(), plan.clone(), results.clone());
    let report = report.markdown();
    let v = &results.verdict;
    assert_eq!(v.lost, 0, "acknowledged records lost\n{report}");
    assert_eq!(v.duplicated, 0, "records stored twice\n{report}");
    assert_eq!(v.unexpected, 0, "records nobody sent\n{report}");
    assert!(v.acked > 0, "{report}");

    assert_eq!(results.kills.len(), 3, "every kill made\n{report}");
    let mut pids = vec![results.kills[0].pid];
    for kill in &results.kills {
        assert_eq!(kill.signal, Some(9), "died of SIGKILL\n{report}");
        assert_eq!(Some(&kill.pid), pids.last(), "the running one\n{report}");
        assert!(!pids.contains(&kill.new_pid), "a new process\n{report}");
        pids.push(kill.new_pid);
        assert!(kill.acked_before > 0, "devices went on\n{report}");
    }
    assert!(results.acked_after_last_start > 0, "{report}");
    // Every device's first packet after a kill goes to a dead connection.
    assert!(results.records_resent > 0, "resends made\n{report}");
    assert!(
        results.reconnects() >= u64::from(plan.devices),
        "devices reconnected\n{report}"
    );
    assert!(results.final_stop.clean, "SIGTERM exits 0\n{report}");
    assert!(results.passed(), "{report}");
}
