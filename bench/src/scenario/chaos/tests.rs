use std::path::PathBuf;

use super::*;

pub(crate) fn plan() -> ChaosPlan {
    ChaosPlan {
        gateway_bin: PathBuf::from("trackgate"),
        data_dir: None,
        protocol: Dialect::TELTONIKA,
        devices: 100,
        records_per_packet: 5,
        rate_per_s: 50.0,
        duration_s: 30.0,
        kills: 3,
        min_gap_s: 3.0,
        max_gap_s: 6.0,
        seed: 1,
        imei_base: 350_000_000_000_000,
        reply_timeout_s: 10.0,
        max_handshakes: 256,
    }
}

#[test]
fn a_sensible_plan_passes() {
    assert!(plan().validate().is_ok());
    assert!(ChaosPlan { kills: 0, ..plan() }.validate().is_ok());
    assert_eq!(plan().interval(), std::time::Duration::from_secs(2));
}

#[test]
fn bounds_and_the_kill_schedule_are_enforced() {
    let bad = [
        ChaosPlan {
            devices: 20_001,
            ..plan()
        },
        ChaosPlan {
            duration_s: 601.0,
            ..plan()
        },
        ChaosPlan {
            records_per_packet: 0,
            ..plan()
        },
        ChaosPlan {
            rate_per_s: 0.0,
            ..plan()
        },
        ChaosPlan {
            kills: MAX_KILLS + 1,
            ..plan()
        },
        ChaosPlan {
            min_gap_s: 0.1,
            ..plan()
        },
        ChaosPlan {
            min_gap_s: 7.0,
            ..plan()
        },
        // 3 kills up to 6 s apart and 3 s after the last need 21 s.
        ChaosPlan {
            duration_s: 20.0,
            ..plan()
        },
        ChaosPlan {
            imei_base: 999_999_999_999_990,
            ..plan()
        },
    ];
    for p in bad {
        assert!(p.validate().is_err(), "{p:?} passed");
    }
    assert!(
        ChaosPlan {
            duration_s: 21.0,
            ..plan()
        }
        .validate()
        .is_ok()
    );
}

fn results() -> ChaosResults {
    let kill = Kill {
        at_s: 4.0,
        pid: 10,
        signal: Some(9),
        exit_code: None,
        new_pid: 11,
        down_s: 0.3,
        start_s: 0.2,
        start_attempts: 1,
        acked_before: 100,
    };
    ChaosResults {
        wall_s: 30.0,
        data_dir: PathBuf::from("/tmp/x"),
        data_dir_kept: false,
        first_start_s: 0.2,
        kills_planned: 1,
        kills: vec![kill],
        acked_after_last_start: 50,
        records_resent: 20,
        final_stop: FinalStop {
            pid: 11,
            exit_code: Some(0),
            signal: None,
            took_s: 0.1,
            clean: true,
        },
        store: StoreScan::default(),
        verdict: Verdict {
            acked: 150,
            stored: 150,
            ..Verdict::default()
        },
        counts: Totals::default(),
        ack_latency: LatencySummary::default(),
        notes: Vec::new(),
    }
}

#[test]
fn a_run_passes_only_without_loss_duplicates_missed_kills_or_unclean_stop() {
    assert_eq!(results().problems(), Vec::<String>::new());
    let mut r = results();
    r.verdict.lost = 1;
    assert!(!r.passed());
    let mut r = results();
    r.verdict.duplicated = 2;
    assert!(!r.passed());
    let mut r = results();
    r.final_stop.clean = false;
    assert!(!r.passed());
    let mut r = results();
    r.kills_planned = 2;
    assert!(!r.passed());
    let mut r = results();
    r.kills[0].signal = Some(15);
    assert!(!r.passed());
}
