//! The latency, idle and storm scenarios against the fake Teltonika server
//! in `common`.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use common::{Faults, fake_server};
use trackgate_bench::dialect::Dialect;
use trackgate_bench::scenario::idle::{self, IdlePlan};
use trackgate_bench::scenario::ingest::{self, IngestPlan};
use trackgate_bench::scenario::storm::{self, StormPlan};
use trackgate_bench::stats::{LADDER, Stats};

const IMEI_BASE: u64 = 350_000_000_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_reports_a_ladder_of_single_record_acks() {
    let (addr, tally) = fake_server(Faults::default()).await;
    let plan = IngestPlan {
        target: addr,
        protocol: Dialect::TELTONIKA,
        devices: 4,
        records_per_packet: 1,
        rate_per_s: 60.0,
        duration_s: 1.0,
        imei_base: IMEI_BASE,
        reply_timeout_s: 2.0,
        max_handshakes: 8,
        gateway_pid: None,
    };
    let r = ingest::run(&plan).await.unwrap();
    assert_eq!(r.counts.failures(), 0, "{:?}", r.counts);
    assert_eq!(
        r.counts.records_acked,
        tally.records.load(Ordering::Relaxed)
    );
    assert_eq!(r.counts.records_acked, r.counts.packets_acked);
    assert_eq!(r.ack_ladder.len(), LADDER.len());
    assert!(
        r.ack_ladder.windows(2).all(|w| w[0].us <= w[1].us),
        "{:?}",
        r.ack_ladder
    );
    assert_eq!(r.ack_ladder.last().unwrap().us, r.ack_latency.max_us);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_samples_memory_after_each_wave() {
    let (addr, tally) = fake_server(Faults::default()).await;
    let plan = IdlePlan {
        target: addr,
        protocol: Dialect::TELTONIKA,
        devices: 40,
        interval_s: 1.0,
        duration_s: 2.0,
        settle_s: 0.1,
        imei_base: IMEI_BASE,
        reply_timeout_s: 2.0,
        max_handshakes: 64,
        // The "gateway" is this test process.
        gateway_pid: Some(std::process::id()),
    };
    let stats = Arc::new(Stats::new());
    let r = idle::run(&plan, stats.clone()).await.unwrap();
    let connections: Vec<u64> = r.rss.iter().map(|p| p.connections).collect();
    assert_eq!(connections, [0, 20, 40], "{r:?}");
    assert_eq!(r.devices, 40);
    assert!(r.rss.iter().all(|p| p.rss_kib > 0));
    assert!(r.rss.windows(2).all(|w| w[0].at_s <= w[1].at_s));
    assert!(r.kib_per_connection.is_some() && r.total_kib_per_connection.is_some());
    assert_eq!(tally.peak_open.load(Ordering::Relaxed), 40);
    assert_eq!(r.counts.failures(), 0, "{:?}", r.counts);
    assert_eq!(
        r.counts.records_acked,
        tally.records.load(Ordering::Relaxed)
    );
    // One record a second each, for about the second and a half after login.
    assert!(r.counts.records_acked >= 20, "{:?}", r.counts);
    assert_eq!(stats.counts.totals(), r.counts);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

fn storm_plan(target: std::net::SocketAddr) -> StormPlan {
    StormPlan {
        target,
        protocol: Dialect::TELTONIKA,
        devices: 60,
        imei_base: IMEI_BASE,
        reply_timeout_s: 2.0,
        max_handshakes: 0,
        hold_s: 0.1,
        gateway_pid: Some(std::process::id()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_sets_every_session_up_and_holds_them() {
    let (addr, tally) = fake_server(Faults::default()).await;
    let r = storm::run(&storm_plan(addr), Arc::new(Stats::new()))
        .await
        .unwrap();
    assert_eq!(r.counts.packets_acked, 60, "{:?}", r.counts);
    assert_eq!(r.counts.failures(), 0, "{:?}", r.counts);
    assert_eq!(tally.logins.load(Ordering::Relaxed), 60);
    assert_eq!(tally.records.load(Ordering::Relaxed), 60);
    // Every connection was still open when the last one was acked.
    assert_eq!(tally.peak_open.load(Ordering::Relaxed), 60);
    let all = r.all_acked_s.unwrap();
    assert!(all > 0.0 && all <= r.storm_s, "{r:?}");
    assert!((r.sessions_per_s - 60.0 / all).abs() < 1e-6);
    assert_eq!(r.session_latency.count, 60);
    assert_eq!(r.login_latency.count, 60);
    assert!(r.session_latency.p50_us >= r.login_latency.p50_us);
    assert!(r.cpu_us_per_session.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_counts_refused_devices_and_does_not_claim_all_acked() {
    let (addr, _tally) = fake_server(Faults {
        refuse_first: 5,
        ..Faults::default()
    })
    .await;
    let r = storm::run(&storm_plan(addr), Arc::new(Stats::new()))
        .await
        .unwrap();
    assert_eq!(r.counts.login_refused, 5, "{:?}", r.counts);
    assert_eq!(r.counts.packets_acked, 55);
    assert_eq!(r.all_acked_s, None);
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}
