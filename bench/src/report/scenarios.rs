//! The Markdown of the idle, storm and api reports.

use std::fmt::Write;

use super::{Report, cpu, failures, mib, notes, num, percentiles, table, usage_rows};
use crate::scenario::api::{ApiPlan, ApiResults};
use crate::scenario::idle::{IdlePlan, IdleResults};
use crate::scenario::storm::{StormPlan, StormResults};

/// A report of an idle run.
pub type IdleReport = Report<IdlePlan, IdleResults>;
/// A report of a storm.
pub type StormReport = Report<StormPlan, StormResults>;
/// A report of an api run.
pub type ApiReport = Report<ApiPlan, ApiResults>;

fn kib(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1} KiB"))
}

impl IdleReport {
    /// The headline numbers as a Markdown table.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let mut out = self.heading(&format!(
            "{} devices, one record each every {} s, {} s, {}",
            r.devices, p.interval_s, p.duration_s, p.target
        ));
        let mut rows = vec![
            (
                "gateway RSS per connection (slope)",
                kib(r.kib_per_connection),
            ),
            (
                "gateway RSS per connection (total / connections)",
                kib(r.total_kib_per_connection),
            ),
        ];
        for point in &r.rss {
            rows.push((
                "gateway RSS at connections",
                format!(
                    "{} at {} ({:.1} s)",
                    mib(point.rss_kib),
                    point.connections,
                    point.at_s
                ),
            ));
        }
        rows.push((
            "connect+login p50 / p99 / p99.9 / max (µs)",
            percentiles(&r.login_latency),
        ));
        rows.push(("records acked", r.counts.records_acked.to_string()));
        rows.push(("failures", failures(&r.counts)));
        if let Some(g) = &r.gateway {
            rows.push(("gateway CPU", cpu(&g.usage, g.cpu_us_per_record, "record")));
        }
        usage_rows(
            &mut rows,
            r.gateway.as_ref().map(|g| &g.usage),
            r.simulator.as_ref(),
        );
        table(&mut out, &rows);
        notes(&mut out, &r.notes);
        out
    }
}

impl StormReport {
    /// The headline numbers as a Markdown table.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let mut out = self.heading(&format!("{} devices at once, {}", p.devices, p.target));
        let mut rows = vec![
            (
                "sessions/s (connect + login + first ack)",
                num(r.sessions_per_s),
            ),
            (
                "time until all acked",
                r.all_acked_s
                    .map_or("– (not all were)".into(), |s| format!("{s:.3} s")),
            ),
            (
                "connect+login p50 / p99 / p99.9 / max (µs)",
                percentiles(&r.login_latency),
            ),
            (
                "connect → first ack p50 / p99 / p99.9 / max (µs)",
                percentiles(&r.session_latency),
            ),
            (
                "sessions acked",
                format!("{} of {}", r.counts.packets_acked, p.devices),
            ),
            ("failures", failures(&r.counts)),
        ];
        if let Some(g) = &r.gateway {
            rows.push(("gateway CPU", cpu(g, r.cpu_us_per_session, "session")));
        }
        usage_rows(&mut rows, r.gateway.as_ref(), r.simulator.as_ref());
        table(&mut out, &rows);
        notes(&mut out, &r.notes);
        if let Some(floor) = &r.floor {
            super::versus::storm(&mut out, r, floor);
        }
        out
    }
}

impl ApiReport {
    /// The headline numbers as a Markdown table, then one row per call.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let i = &r.ingest;
        let mut out = self.heading(&format!(
            "{} requests/s over {} connections (mix {:?}, batch {}) on {} trackers, \
             under {} devices × {} records at {} packets/s, {}",
            p.http_rate_per_s,
            p.http_connections,
            p.mix,
            p.batch,
            r.trackers,
            p.ingest.devices,
            p.ingest.records_per_packet,
            p.ingest.rate_per_s,
            p.api
        ));
        let http_failed: u64 = r.http.calls.iter().map(|c| c.failed).sum();
        let mut rows = vec![
            ("requests/s (successful)", num(r.requests_per_s)),
            ("state reads/s", num(r.state_reads_per_s)),
            ("request failures", http_failed.to_string()),
            (
                "late / skipped requests",
                format!("{} / {}", r.http.late_requests, r.http.skipped_requests),
            ),
            ("ingest: acked records/s", num(i.records_per_s)),
            (
                "ingest: ack p50 / p99 / p99.9 / max (µs)",
                percentiles(&i.ack_latency),
            ),
            ("ingest: failures", failures(&i.counts)),
            ("provisioning", format!("{:.2} s", r.provision_s)),
        ];
        if let Some(g) = &r.gateway {
            rows.push((
                "gateway CPU (both loads)",
                cpu(g, r.cpu_us_per_request, "request"),
            ));
            if let Some(cores) = r.gateway_baseline_cores {
                rows.push((
                    "gateway CPU, ingest alone",
                    format!("{:.0} % of a core", cores * 100.0),
                ));
            }
        }
        usage_rows(&mut rows, r.gateway.as_ref(), r.simulator.as_ref());
        table(&mut out, &rows);
        let _ = writeln!(
            out,
            "\n| call | ok | failed | p50 / p99 / p99.9 / max (µs) |\n| --- | --- | --- | --- |"
        );
        for c in &r.http.calls {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                c.call.path(),
                c.ok,
                c.failed,
                percentiles(&c.latency)
            );
        }
        for (error, n) in &r.http.errors {
            let _ = writeln!(out, "\nError × {n}: {error}");
        }
        notes(&mut out, &r.notes);
        out
    }
}
