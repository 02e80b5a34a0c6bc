use super::*;
use crate::baseline::Versus;
use crate::procstat::Usage;
use crate::scenario::ingest::GatewayUsage;
use crate::scenario::storm::{StormPlan, StormResults};
use crate::stats::{LatencySummary, Totals};

fn report(records_per_s: f64, p99_us: u64) -> Report {
    let params = IngestPlan {
        target: "127.0.0.1:5027".parse().unwrap(),
        protocol: crate::dialect::Dialect::TELTONIKA,
        devices: 1_000,
        records_per_packet: 10,
        rate_per_s: 500.0,
        duration_s: 60.0,
        imei_base: 350_000_000_000_000,
        reply_timeout_s: 10.0,
        max_handshakes: 256,
        gateway_pid: Some(4242),
    };
    let results = IngestResults {
        wall_s: 60.5,
        ramp_s: 0.5,
        sessions_per_s: 2_000.0,
        records_per_s,
        packets_per_s: records_per_s / 10.0,
        ack_latency: LatencySummary {
            count: 30_000,
            mean_us: 250.0,
            p50_us: 200,
            p99_us,
            p999_us: 2_500,
            max_us: 9_000,
        },
        login_latency: LatencySummary {
            count: 1_000,
            mean_us: 300.0,
            p50_us: 280,
            p99_us: 900,
            p999_us: 1_000,
            max_us: 1_100,
        },
        ack_ladder: Vec::new(),
        counts: Totals {
            initial_sessions: 1_000,
            sessions: 1_000,
            packets_sent: 30_000,
            packets_acked: 30_000,
            records_acked: 300_000,
            ..Totals::default()
        },
        gateway: Some(GatewayUsage {
            usage: Usage {
                pid: 4242,
                cpu_s: 3.0,
                cpu_percent: 5.0,
                rss_start_kib: 10_240,
                rss_end_kib: 20_480,
            },
            cpu_us_per_record: Some(10.0),
            cpu_us_per_packet: Some(100.0),
        }),
        simulator: None,
        nofile_limit: Some(20_000),
        notes: vec![],
        baseline: None,
    };
    Report::ingest(
        Machine {
            nproc: 2,
            kernel: None,
            date: "2025-01-02T03:04:05Z".into(),
        },
        params,
        results,
    )
}

#[test]
fn numbers_are_grouped_with_one_decimal() {
    assert_eq!(num(0.0), "0.0");
    assert_eq!(num(999.94), "999.9");
    assert_eq!(num(1_234.5), "1,234.5");
    assert_eq!(num(1_234_567.25), "1,234,567.2");
    assert_eq!(num(-12_345.0), "-12,345.0");
}

#[test]
fn ratios_handle_zero_and_missing() {
    assert_eq!(ratio(Some(2.0), Some(3.0)), "1.500");
    assert_eq!(ratio(Some(0.0), Some(0.0)), "1.000");
    assert_eq!(ratio(Some(0.0), Some(5.0)), "–");
    assert_eq!(ratio(None, Some(5.0)), "–");
}

#[test]
fn markdown_shows_the_headline_numbers() {
    let md = report(5_000.0, 1_200).markdown();
    assert!(md.contains("| acked records/s | 5,000.0 |"), "{md}");
    assert!(
        md.contains("| ack latency p50 / p99 / p99.9 / max (µs) | 200 / 1200 / 2500 / 9000 |"),
        "{md}"
    );
    assert!(md.contains("| failures | 0 |"), "{md}");
    assert!(md.contains("10.00 µs/record"), "{md}");
    assert!(md.contains("10.0 MiB → 20.0 MiB"), "{md}");
    assert!(md.contains("1000 devices × 10 records"), "{md}");
}

#[test]
fn markdown_breaks_failures_down() {
    let mut r = report(1.0, 1);
    r.results.counts.mismatched_replies = 3;
    r.results.counts.timeouts = 2;
    let md = r.markdown();
    assert!(
        md.contains("| failures | 5 (mismatched 3, timeout 2) |"),
        "{md}"
    );
}

#[test]
fn json_round_trips() {
    let r = report(5_000.0, 1_200);
    let json = serde_json::to_string_pretty(&r).unwrap();
    assert!(json.contains("\"nproc\": 2"));
    assert!(json.contains("\"scenario\": \"ingest\""));
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn compare_prints_b_over_a() {
    let a = report(5_000.0, 1_000);
    let b = report(7_500.0, 500);
    let table = compare(&a, &b);
    assert!(
        table.contains("| acked records/s | 5,000.0 | 7,500.0 | 1.500 |"),
        "{table}"
    );
    assert!(
        table.contains("| ack p99 µs | 1,000.0 | 500.0 | 0.500 |"),
        "{table}"
    );
    assert!(
        table.contains("| gateway CPU µs/record | 10.0 | 10.0 | 1.000 |"),
        "{table}"
    );
}

#[test]
fn the_baseline_run_is_shown_beside_the_gateway_with_the_packet_ratio() {
    let mut r = report(5_000.0, 1_200);
    let mut base = report(8_000.0, 300).results;
    base.gateway.as_mut().unwrap().cpu_us_per_packet = Some(40.0);
    r.results.baseline = Some(Box::new(Versus {
        server: "baseline-server --protocol teltonika".into(),
        skipped: None,
        ratio: Some(0.625),
        results: Some(base),
    }));
    let md = r.markdown();
    assert!(
        md.contains("| acked packets/s | 500.0 | 800.0 | 0.625 |"),
        "{md}"
    );
    assert!(
        md.contains("| server CPU µs/packet | 100.0 | 40.0 | 2.500 |"),
        "{md}"
    );
    assert!(
        md.contains("| ack p99 (µs) | 1,200 | 300 | 4.000 |"),
        "{md}"
    );
    assert!(
        md.contains("**trackgate / baseline, acked packets/s: 0.625**"),
        "{md}"
    );
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), r);

    r.results.baseline = Some(Box::new(Versus::skipped(
        "baseline-server".into(),
        "no codec",
    )));
    assert!(r.markdown().contains("Not compared: no codec"));
}

#[test]
fn a_report_written_before_the_baseline_still_parses() {
    let r = report(5_000.0, 1_200);
    let mut json: serde_json::Value = serde_json::to_value(&r).unwrap();
    json["results"]["gateway"]
        .as_object_mut()
        .unwrap()
        .remove("cpu_us_per_packet");
    assert!(json["results"].get("baseline").is_none());
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back.results.baseline, None);
    assert_eq!(back.results.gateway.unwrap().cpu_us_per_packet, None);
}

#[test]
fn a_storm_shows_the_floor_beside_it_with_the_session_ratio() {
    let storm = |sessions_per_s: f64| StormResults {
        storm_s: 2.0,
        all_acked_s: Some(1.5),
        sessions_per_s,
        login_latency: LatencySummary::default(),
        session_latency: LatencySummary::default(),
        counts: Totals {
            packets_acked: 3_000,
            ..Totals::default()
        },
        gateway: None,
        cpu_us_per_session: Some(50.0),
        simulator: None,
        nofile_limit: None,
        notes: vec![],
        floor: None,
    };
    let mut gateway = storm(2_000.0);
    gateway.floor = Some(Box::new(Versus {
        server: "floor-server".into(),
        skipped: None,
        ratio: Some(0.8),
        results: Some(storm(2_500.0)),
    }));
    let plan = StormPlan {
        target: "127.0.0.1:5027".parse().unwrap(),
        protocol: crate::dialect::Dialect::TELTONIKA,
        devices: 3_000,
        imei_base: 350_000_000_000_000,
        reply_timeout_s: 10.0,
        max_handshakes: 0,
        hold_s: 1.0,
        gateway_pid: None,
    };
    let machine = Machine {
        nproc: 2,
        kernel: None,
        date: "2025-01-02T03:04:05Z".into(),
    };
    let md = StormReport::new("storm", machine, plan, gateway).markdown();
    assert!(
        md.contains("| sessions/s | 2,000.0 | 2,500.0 | 0.800 |"),
        "{md}"
    );
    assert!(
        md.contains("**gateway / floor, sessions/s: 0.800**"),
        "{md}"
    );
    assert!(
        md.contains("| time until all acked (s) | 1.500 | 1.500 | 1.000 |"),
        "{md}"
    );
    assert!(
        md.contains("| sessions acked | 3,000 | 3,000 | 1.000 |"),
        "{md}"
    );
}
