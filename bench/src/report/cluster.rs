//! The Markdown of the cluster report.

use std::fmt::Write;

use super::{Report, failures, notes, num, percentiles, table};
use crate::scenario::cluster::{ClusterPlan, ClusterResults, Window};

/// A report of a cluster run.
pub type ClusterReport = Report<ClusterPlan, ClusterResults>;

fn opt(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.digits$}"))
}

fn row(out: &mut String, name: &str, w: &Window) {
    let _ = writeln!(
        out,
        "| {name} | {:.1} | {} | {} / {} | {} | {} | {:.1} / {:.1} | {} |",
        w.wall_s,
        w.records_acked,
        w.requests_ok,
        w.requests_failed,
        if w.requests_ok > 0 {
            percentiles(&w.latency)
        } else {
            "–".into()
        },
        opt(w.cpu_us_per_request, 0),
        w.gateway_cpu_s,
        w.nats_cpu_s,
        opt(w.nats_msgs_per_request, 2),
    );
}

impl ClusterReport {
    /// The headline numbers and the three windows, as Markdown.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let mut out = self.heading(&format!(
            "2 nodes, {} Teltonika devices × {} records, {} packets/s, get_state at {}/s, windows of {} s",
            p.devices, p.records_per_packet, p.rate_per_s, p.http_rate_per_s, p.phase_s
        ));
        let cost_ms = |f: fn(&Window) -> u64| {
            format!("{:+.2}", (f(&r.remote) as f64 - f(&r.local) as f64) / 1e3)
        };
        let rows = vec![
            (
                "both nodes answering after (s)",
                format!("{:.2}", r.start_s),
            ),
            (
                "devices in and bound after (s)",
                format!("{:.1}", r.provision_s),
            ),
            (
                "cross-node get_state, extra latency p50 / p99 (ms)",
                format!(
                    "{} / {}",
                    cost_ms(|w| w.latency.p50_us),
                    cost_ms(|w| w.latency.p99_us)
                ),
            ),
            (
                "cross-node get_state, extra CPU per request (µs, gateway + NATS)",
                match (r.remote.cpu_us_per_request, r.local.cpu_us_per_request) {
                    (Some(remote), Some(local)) => num(remote - local),
                    _ => "–".into(),
                },
            ),
            (
                "NATS messages per record (ingest alone)",
                opt(r.nats_msgs_per_record, 3),
            ),
            (
                "gateway + NATS CPU per record (µs, ingest alone)",
                opt(r.cpu_us_per_record, 1),
            ),
            ("node A devices: failures", failures(&r.ingest_a.counts)),
            ("node B devices: failures", failures(&r.ingest_b.counts)),
        ];
        table(&mut out, &rows);
        let _ = writeln!(
            out,
            "\n| window | s | records acked | get_state ok / failed | get_state latency p50 / p99 / p99.9 / max (µs) | CPU µs/request | CPU s gateway / NATS | NATS msgs/request |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        row(&mut out, "ingest alone", &r.ingest_alone);
        row(&mut out, "local (through the holder)", &r.local);
        row(&mut out, "remote (through the other node)", &r.remote);
        notes(&mut out, &r.notes);
        out
    }
}
