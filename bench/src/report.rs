//! A run's results as JSON (everything) and Markdown (the headline), and
//! two runs compared.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::machine::Machine;
use crate::scenario::ingest::{IngestPlan, IngestResults};

/// One run: what was asked, where, and what came out.
///
/// `P` is the scenario's plan and `R` its results; ingest and latency runs
/// share theirs, which is what `compare` reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report<P = IngestPlan, R = IngestResults> {
    /// Always `trackgate-bench`.
    pub tool: String,
    /// The simulator's version.
    pub version: String,
    /// The scenario's name.
    pub scenario: String,
    /// The machine and date.
    pub machine: Machine,
    /// The scenario's parameters.
    pub params: P,
    /// What was measured.
    pub results: R,
}

impl<P, R> Report<P, R> {
    /// The report of a `scenario` run.
    pub fn new(scenario: &str, machine: Machine, params: P, results: R) -> Self {
        Self {
            tool: "trackgate-bench".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: scenario.into(),
            machine,
            params,
            results,
        }
    }

    /// The title line and the machine line every Markdown report starts with.
    fn heading(&self, what: &str) -> String {
        format!(
            "## {} {}: {what}\n\n{} CPUs, {}\n\n",
            self.tool, self.scenario, self.machine.nproc, self.machine.date
        )
    }
}

impl Report {
    /// The report of an ingest run.
    pub fn ingest(machine: Machine, params: IngestPlan, results: IngestResults) -> Self {
        Self::new("ingest", machine, params, results)
    }

    /// The headline numbers as a Markdown table.
    pub fn markdown(&self) -> String {
        let p = &self.params;
        let r = &self.results;
        let c = &r.counts;
        let mut out = self.heading(&format!(
            "{} devices × {} records, {} packets/s offered, {} s, {}",
            p.devices, p.records_per_packet, p.rate_per_s, p.duration_s, p.target
        ));
        let mut rows = vec![
            ("acked records/s", num(r.records_per_s)),
            ("acked packets/s", num(r.packets_per_s)),
            (
                "ack latency p50 / p99 / p99.9 / max (µs)",
                percentiles(&r.ack_latency),
            ),
            (
                "sessions established/s (ramp)",
                format!(
                    "{} ({} in {:.2} s)",
                    num(r.sessions_per_s),
                    c.initial_sessions,
                    r.ramp_s
                ),
            ),
            (
                "connect+login p50 / p99 / max (µs)",
                format!(
                    "{} / {} / {}",
                    r.login_latency.p50_us, r.login_latency.p99_us, r.login_latency.max_us
                ),
            ),
            (
                "packets sent / acked, records acked",
                format!(
                    "{} / {}, {}",
                    c.packets_sent, c.packets_acked, c.records_acked
                ),
            ),
            ("failures", failures(c)),
            ("reconnects", c.reconnects.to_string()),
            (
                "lag: late sends / skipped slots",
                format!("{} / {}", c.late_sends, c.skipped_slots),
            ),
        ];
        if let Some(g) = &r.gateway {
            rows.push(("gateway CPU", cpu(&g.usage, g.cpu_us_per_record, "record")));
        }
        usage_rows(
            &mut rows,
            r.gateway.as_ref().map(|g| &g.usage),
            r.simulator.as_ref(),
        );
        table(&mut out, &rows);
        if !r.ack_ladder.is_empty() {
            let _ = writeln!(out, "\n| ack latency percentile | µs |\n| --- | --- |");
            for rung in &r.ack_ladder {
                let _ = writeln!(out, "| {} | {} |", rung.percentile, rung.us);
            }
        }
        notes(&mut out, &r.notes);
        if let Some(baseline) = &r.baseline {
            versus::ingest(&mut out, r, baseline);
        }
        out
    }
}

/// Rows for the gateway's RSS and the simulator's CPU, where sampled.
pub(crate) fn usage_rows(
    rows: &mut Vec<(&'static str, String)>,
    gateway: Option<&crate::procstat::Usage>,
    simulator: Option<&crate::procstat::Usage>,
) {
    if let Some(g) = gateway {
        rows.push((
            "gateway RSS start → end",
            format!("{} → {}", mib(g.rss_start_kib), mib(g.rss_end_kib)),
        ));
    }
    if let Some(s) = simulator {
        rows.push((
            "simulator CPU",
            format!("{:.2} s ({:.0} % of a core)", s.cpu_s, s.cpu_percent),
        ));
    }
}

/// Appends a two-column metric table.
pub fn table<S: AsRef<str>>(out: &mut String, rows: &[(&str, S)]) {
    let _ = writeln!(out, "| metric | value |\n| --- | --- |");
    for (metric, value) in rows {
        let _ = writeln!(out, "| {metric} | {} |", value.as_ref());
    }
}

/// Appends a line per note.
pub fn notes(out: &mut String, notes: &[String]) {
    for note in notes {
        let _ = writeln!(out, "\nNote: {note}");
    }
}

/// `p50 / p99 / p99.9 / max` of a latency summary, in µs.
pub fn percentiles(l: &crate::stats::LatencySummary) -> String {
    format!("{} / {} / {} / {}", l.p50_us, l.p99_us, l.p999_us, l.max_us)
}

/// A process's CPU over a run and its cost per `unit`.
pub fn cpu(usage: &crate::procstat::Usage, per_unit_us: Option<f64>, unit: &str) -> String {
    format!(
        "{:.2} s ({:.0} % of a core), {} µs/{unit}",
        usage.cpu_s,
        usage.cpu_percent,
        per_unit_us.map_or("–".into(), |v| format!("{v:.2}"))
    )
}

/// The failure total, broken down by kind when there are any.
pub fn failures(c: &crate::stats::Totals) -> String {
    if c.failures() == 0 {
        return "0".into();
    }
    let kinds = [
        ("connect", c.connect_errors),
        ("login refused", c.login_refused),
        ("mismatched", c.mismatched_replies),
        ("timeout", c.timeouts),
        ("closed/io", c.io_errors),
        ("unacked at end", c.unacked_at_end),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    format!("{} ({})", c.failures(), parts.join(", "))
}

/// A rate with one decimal and thousands separators.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let s = format!("{:.1}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "0"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

/// KiB as MiB with one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The numbers two runs are compared on: name, and the value if the run has it.
fn headline(r: &Report) -> Vec<(&'static str, Option<f64>)> {
    let x = &r.results;
    let gw = x.gateway.as_ref();
    vec![
        ("acked records/s", Some(x.records_per_s)),
        ("acked packets/s", Some(x.packets_per_s)),
        ("ack p50 µs", Some(x.ack_latency.p50_us as f64)),
        ("ack p99 µs", Some(x.ack_latency.p99_us as f64)),
        ("ack p99.9 µs", Some(x.ack_latency.p999_us as f64)),
        ("ack max µs", Some(x.ack_latency.max_us as f64)),
        ("sessions/s", Some(x.sessions_per_s)),
        ("login p99 µs", Some(x.login_latency.p99_us as f64)),
        ("failures", Some(x.counts.failures() as f64)),
        ("lag (late sends)", Some(x.counts.late_sends as f64)),
        (
            "gateway CPU µs/record",
            gw.and_then(|g| g.cpu_us_per_record),
        ),
        (
            "gateway RSS end MiB",
            gw.map(|g| g.usage.rss_end_kib as f64 / 1024.0),
        ),
        (
            "trackgate / baseline packets/s",
            x.baseline.as_ref().and_then(|b| b.ratio),
        ),
    ]
}

/// A Markdown table of `b`'s headline numbers against `a`'s, with `b / a`.
pub fn compare(a: &Report, b: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "A: {} devices × {} records @ {}/s, {} ({})\nB: {} devices × {} records @ {}/s, {} ({})\n",
        a.params.devices,
        a.params.records_per_packet,
        a.params.rate_per_s,
        a.machine.date,
        a.machine.nproc,
        b.params.devices,
        b.params.records_per_packet,
        b.params.rate_per_s,
        b.machine.date,
        b.machine.nproc,
    );
    let _ = writeln!(out, "| metric | A | B | B / A |\n| --- | --- | --- | --- |");
    for ((name, va), (_, vb)) in headline(a).into_iter().zip(headline(b)) {
        let show = |v: Option<f64>| v.map_or("–".into(), num);
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            show(va),
            show(vb),
            ratio(va, vb)
        );
    }
    out
}

/// `b / a` to three decimals, or `–` when it is undefined.
pub fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if a != 0.0 => format!("{:.3}", b / a),
        (Some(a), Some(b)) if a == 0.0 && b == 0.0 => "1.000".into(),
        _ => "–".into(),
    }
}

mod chaos;
mod cluster;
mod flood;
mod push;
mod retention;
mod scenarios;
mod versus;

pub use chaos::ChaosReport;
pub use flood::FloodReport;
pub use push::PushReport;
pub use retention::RetentionReport;
pub use scenarios::{ApiReport, IdleReport, StormReport};

#[cfg(test)]
mod tests;
