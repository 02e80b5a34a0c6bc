use std::collections::BTreeMap;

use trackgate_protocols::Limits;
use trackgate_protocols::teltonika::framing;

use super::canary::{CallResults, PhaseResults};
use super::outcome::Tally;
use super::timeline::{Phase, Second};
use super::*;
use crate::imei::luhn_valid;
use crate::machine::Machine;
use crate::procstat::Footprint;
use crate::report::FloodReport;
use crate::stats::LatencySummary;

pub(crate) fn plan(kind: FloodKind) -> FloodPlan {
    FloodPlan {
        kind,
        gateway_bin: PathBuf::from("trackgate"),
        data_dir: None,
        gateway_nofile: Some(2_048),
        gateway_env: Vec::new(),
        gateway_log: None,
        protocol: Dialect::TELTONIKA,
        connections: 100,
        phases: Phases {
            warmup_s: 10,
            flood_s: 10,
            recovery_s: 10,
        },
        canary_devices: 20,
        canary_interval_s: 1.0,
        canary_login_every: 1,
        email: "canary@bench.example".into(),
        password: "pw".into(),
        imei_base: 352_000_000_000_000,
        unknown_imei_base: 353_000_000_000_000,
        invalid_share: 0.5,
        content_length: 1_024,
        trickle_interval_s: 5.0,
        ws_megabytes: 64,
        frame_bytes: 61_440,
        declared_bytes: 65_000,
        max_handshakes: 256,
        reply_timeout_s: 5.0,
    }
}

#[test]
fn plans_are_bounded() {
    assert_eq!(plan(FloodKind::IdleTcp).validate(), Ok(()));
    let bad = [
        FloodPlan {
            connections: MAX_CONNECTIONS + 1,
            ..plan(FloodKind::IdleTcp)
        },
        FloodPlan {
            connections: 65,
            ..plan(FloodKind::WsFrame)
        },
        FloodPlan {
            ws_megabytes: MAX_WS_MEGABYTES + 1,
            ..plan(FloodKind::WsFrame)
        },
        FloodPlan {
            canary_interval_s: 4.0,
            ..plan(FloodKind::Auth)
        },
        FloodPlan {
            declared_bytes: 100,
            ..plan(FloodKind::PartialFrames)
        },
        FloodPlan {
            protocol: "gt06".parse().unwrap(),
            ..plan(FloodKind::PartialFrames)
        },
        FloodPlan {
            invalid_share: 1.5,
            ..plan(FloodKind::UnknownDevices)
        },
    ];
    for p in bad {
        assert!(p.validate().is_err(), "{p:?}");
    }
    let mut long = plan(FloodKind::Auth);
    long.phases.flood_s = MAX_PHASE_S + 1;
    assert!(long.validate().is_err());
}

#[test]
fn a_share_of_unknown_devices_get_a_wrong_check_digit() {
    let invalid: Vec<bool> = (0..10).map(|i| is_invalid(i, 0.3)).collect();
    assert_eq!(invalid.iter().filter(|&&b| b).count(), 3);
    assert!((0..10).all(|i| !is_invalid(i, 0.0)));
    assert!((0..10).all(|i| is_invalid(i, 1.0)));
    let good = unknown_imei(353_000_000_000_000, 7, false).unwrap();
    let bad = unknown_imei(353_000_000_000_000, 7, true).unwrap();
    assert!(luhn_valid(&good) && !luhn_valid(&bad));
    assert_eq!(good[..14], bad[..14]);
}

#[test]
fn a_partial_frame_is_an_avl_header_the_gateway_waits_on() {
    let frame = partial_frame(61_440, 65_000).unwrap();
    assert_eq!(frame.len(), 61_440);
    assert_eq!(&frame[..8], &[0, 0, 0, 0, 0, 0, 0xFD, 0xE8]);
    assert_eq!(frame[8], 0x8E, "Codec 8E data follows");
    let limits = Limits::default();
    assert!(
        matches!(framing::check(&frame, &limits), Ok(None)),
        "incomplete, not refused"
    );
    assert!(framing::check(&partial_frame(100, 70_000).unwrap(), &limits).is_err());
}

fn phase(phase: Phase, acks_per_s: f64, failures: u64, rounds_failed: u64) -> PhaseResults {
    let mut device_failures = BTreeMap::new();
    if failures > 0 {
        device_failures.insert("timeout".to_owned(), failures);
    }
    let call = CallResults {
        ok: 10,
        failed: rounds_failed,
        latency: LatencySummary::default(),
    };
    PhaseResults {
        phase,
        seconds: 10,
        acks: (acks_per_s * 10.0) as u64,
        acks_per_s,
        ack_latency: LatencySummary::default(),
        device_failures,
        api_rounds_ok: 10 - rounds_failed,
        api_rounds_failed: rounds_failed,
        api_failing_s: rounds_failed as u32,
        auth: call.clone(),
        get_state: call,
        api_errors: BTreeMap::new(),
        gateway_cpu_percent: Some(3.0),
    }
}

fn results(during: PhaseResults, after: PhaseResults, seconds: Vec<Second>) -> FloodResults {
    let p = plan(FloodKind::IdleTcp);
    FloodResults {
        gateway: GatewayFacts {
            pid: 42,
            ready_s: 0.2,
            nofile: (Some(2_048), Some(2_048)),
            start: None,
            before: Some(Footprint::default()),
            peak: None,
            flood_end: None,
            after: None,
            exited: None,
            stop: "exit 0 after 100 ms".into(),
            log: LogSummary::default(),
            data_dir: PathBuf::from("/tmp/x"),
            data_dir_kept: false,
        },
        canary: vec![phase(Phase::Before, 20.0, 0, 0), during, after],
        recovery: timeline::recovery(&seconds, p.phases, p.settle_s(), true),
        flood: Tally::default().counts(Vec::new()),
        flood_stop_s: 0.1,
        registered: None,
        timeline: seconds,
        notes: Vec::new(),
    }
}

fn seconds(starved: std::ops::Range<u32>) -> Vec<Second> {
    (0..30)
        .map(|at_s| Second {
            at_s,
            acks: if starved.contains(&at_s) { 0 } else { 20 },
            api_ok: 1,
            ..Second::default()
        })
        .collect()
}

#[test]
fn the_verdict_says_no_failures_recovered_or_failed() {
    let calm = results(
        phase(Phase::During, 20.0, 0, 0),
        phase(Phase::After, 20.0, 0, 0),
        seconds(0..0),
    );
    assert!(calm.passed());
    assert!(
        calm.verdict().starts_with("**no canary failures**"),
        "{}",
        calm.verdict()
    );

    let hit = results(
        phase(Phase::During, 2.0, 40, 9),
        phase(Phase::After, 20.0, 0, 0),
        seconds(12..22),
    );
    assert!(hit.passed());
    let v = hit.verdict();
    assert!(v.starts_with("**recovered** 2 s after"), "{v}");
    assert!(
        v.contains("40 device failures")
            && v.contains("9 of 10 API rounds failed (the API failing for 9 s)"),
        "{v}"
    );

    let down = results(
        phase(Phase::During, 0.0, 40, 10),
        phase(Phase::After, 0.0, 40, 10),
        seconds(12..30),
    );
    assert!(!down.passed());
    assert!(
        down.verdict()
            .starts_with("**FAILED: the canary did not recover**")
    );

    let mut dead = calm.clone();
    dead.gateway.exited = Some("signal: 9".into());
    assert!(dead.verdict().starts_with("**FAILED: the gateway exited"));
}

#[test]
fn the_report_shows_the_verdict_phases_and_flood() {
    let r = results(
        phase(Phase::During, 2.0, 40, 9),
        phase(Phase::After, 20.0, 0, 0),
        seconds(12..22),
    );
    let report = FloodReport::new("flood", Machine::current(), plan(FloodKind::IdleTcp), r);
    let md = report.markdown();
    assert!(md.contains("Verdict: **recovered**"), "{md}");
    assert!(md.contains("| canary | before | during | after |"), "{md}");
    assert!(
        md.contains("| device failures | 0 | 40 (timeout 40) | 0 |"),
        "{md}"
    );
    assert!(md.contains("100 × idle-tcp for 10 s"), "{md}");
    assert!(
        md.contains("Open-file limit 2048 (soft) / 2048 (hard)"),
        "{md}"
    );
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        !json.contains("\"pw\""),
        "the password stays out of the JSON"
    );
    let back: FloodReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back.results, report.results);
}

#[test]
fn the_gateway_log_is_counted_by_level_and_message() {
    let coloured = "\u{1b}[2m2026-12-07T03:28:14.664235Z\u{1b}[0m \u{1b}[33m WARN\u{1b}[0m \
                    \u{1b}[2mtrackgate_actors::session\u{1b}[0m\u{1b}[2m:\u{1b}[0m closing connection: \
                    undecodable input \u{1b}[3mreason\u{1b}[0m\u{1b}[2m=\u{1b}[0mstream ended";
    let plain = strip_colours(coloured);
    assert!(plain.starts_with("2026-12-07T03:28:14.664235Z  WARN trackgate_actors::session: "));
    assert_eq!(message(&plain), "closing connection: undecodable input");
    let in_span = "t  WARN session{peer=127.0.0.1:4000 protocol=\"x\"}: trackgate_gateway::tcp: \
                   accept failed protocol=teltonika error=Too many open files";
    assert_eq!(message(in_span), "accept failed");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.log");
    let lines = [
        coloured.to_owned(),
        coloured.to_owned(),
        "t ERROR trackgate::serve: the store is gone".to_owned(),
        "t  INFO trackgate::serve: listening".to_owned(),
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let log = spawn::log_summary(&path, false);
    assert_eq!(
        (log.lines, log.warnings, log.errors, log.path),
        (4, 2, 1, None)
    );
    assert_eq!(
        log.top,
        [
            ("closing connection: undecodable input".to_owned(), 2),
            ("the store is gone".to_owned(), 1)
        ]
    );
}
