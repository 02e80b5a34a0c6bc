//! The ingest scenario against the fake Teltonika server in `common`.
//!
//! In one test the server answers a wrong count, in one it refuses logins,
//! in one it never answers.

mod common;

use std::sync::atomic::Ordering;

use common::{Faults, fake_server};
use trackgate_bench::dialect::Dialect;
use trackgate_bench::scenario::ingest::{IngestPlan, run};

fn plan(target: std::net::SocketAddr) -> IngestPlan {
    IngestPlan {
        target,
        protocol: Dialect::TELTONIKA,
        devices: 2,
        records_per_packet: 5,
        rate_per_s: 40.0,
        duration_s: 1.0,
        imei_base: 350_000_000_000_000,
        reply_timeout_s: 2.0,
        max_handshakes: 8,
        gateway_pid: Some(std::process::id()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acked_records_match_what_the_server_counted() {
    let (addr, tally) = fake_server(Faults::default()).await;
    let results = run(&plan(addr)).await.unwrap();
    let c = results.counts;

    assert_eq!(c.records_acked, tally.records.load(Ordering::Relaxed));
    assert_eq!(c.initial_sessions, 2);
    assert_eq!(tally.logins.load(Ordering::Relaxed), 2);
    // 40 packets/s for 1 s, give or take the ramp and jitter at the edges.
    assert!((30..=44).contains(&c.packets_acked), "{c:?}");
    assert_eq!(c.records_acked, c.packets_acked * 5);
    assert_eq!(c.failures(), 0, "{c:?}");
    assert_eq!(c.reconnects, 0);
    assert_eq!(results.ack_latency.count, c.packets_acked);
    assert!(results.ack_latency.p50_us > 0);
    assert!(results.ack_latency.p50_us <= results.ack_latency.p99_us);
    assert!(results.records_per_s > 100.0, "{results:?}");
    // The "gateway" here is this test process.
    let gateway = results.gateway.unwrap();
    assert!(gateway.usage.rss_end_kib > 0);
    assert!(gateway.cpu_us_per_record.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_count_is_reported_as_mismatched() {
    let (addr, tally) = fake_server(Faults {
        ack_offset: 1,
        ..Faults::default()
    })
    .await;
    let results = run(&plan(addr)).await.unwrap();
    let c = results.counts;

    assert_eq!(c.packets_acked, 0, "{c:?}");
    assert_eq!(c.records_acked, 0);
    assert!(c.mismatched_replies >= 2, "{c:?}");
    // Each mismatch drops the session; the device reconnects and resends.
    assert!(c.reconnects >= 2, "{c:?}");
    assert!(tally.records.load(Ordering::Relaxed) > 0);
    assert_eq!(results.ack_latency.count, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_logins_are_counted_and_devices_retry() {
    let (addr, tally) = fake_server(Faults {
        refuse_first: 2,
        ..Faults::default()
    })
    .await;
    let results = run(&plan(addr)).await.unwrap();
    let c = results.counts;

    assert_eq!(c.login_refused, 2, "{c:?}");
    assert!(c.reconnects >= 2, "{c:?}");
    // Both devices still got in, and what they sent was acked.
    assert_eq!(c.initial_sessions, 2, "{c:?}");
    assert_eq!(tally.logins.load(Ordering::Relaxed), 2);
    assert!(c.packets_acked > 0);
    assert_eq!(c.records_acked, tally.records.load(Ordering::Relaxed));
    assert_eq!(
        c.mismatched_replies + c.timeouts + c.unacked_at_end,
        0,
        "{c:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_gateway_times_out_and_the_run_still_ends() {
    let (addr, _tally) = fake_server(Faults {
        silent: true,
        ..Faults::default()
    })
    .await;
    let plan = IngestPlan {
        reply_timeout_s: 0.3,
        ..plan(addr)
    };
    let started = std::time::Instant::now();
    let results = run(&plan).await.unwrap();
    let c = results.counts;

    // Duration plus one reply timeout of grace, and some slack for the machine.
    assert!(
        started.elapsed().as_secs_f64() < 2.0,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(c.packets_acked, 0, "{c:?}");
    assert!(c.timeouts >= 2, "{c:?}");
    assert!(c.reconnects >= 2, "{c:?}");
    assert!((1..=2).contains(&c.unacked_at_end), "{c:?}");
    // Stuck on an unacknowledged packet, devices could not keep their schedule.
    assert!(c.skipped_slots > 10, "{c:?}");
}
