//! The run against the gateway and the same plan against the baseline (or
//! floor) server, side by side, with the gateway's share of the server's rate.

use std::fmt::Write;

use super::{num, ratio};
use crate::baseline::Versus;
use crate::scenario::ingest::IngestResults;
use crate::scenario::storm::StormResults;

/// One row: the metric, the gateway's value and the server's, and how
/// they are written.
type Row = (&'static str, Option<f64>, Option<f64>, Shown);

/// How a row's values are written.
#[derive(Debug, Clone, Copy)]
enum Shown {
    /// One decimal, thousands grouped (rates, CPU).
    Rate,
    /// A whole number, thousands grouped (counts, microseconds).
    Whole,
    /// Seconds to the millisecond.
    Seconds,
}

impl Shown {
    fn show(self, value: Option<f64>) -> String {
        match (self, value) {
            (_, None) => "–".into(),
            (Self::Rate, Some(v)) => num(v),
            (Self::Whole, Some(v)) => {
                let shown = num(v.round());
                shown.strip_suffix(".0").unwrap_or(&shown).to_owned()
            }
            (Self::Seconds, Some(v)) => format!("{v:.3}"),
        }
    }
}

/// Appends the ingest (or latency) comparison with the baseline server.
pub(crate) fn ingest(out: &mut String, gateway: &IngestResults, v: &Versus<IngestResults>) {
    let _ = writeln!(
        out,
        "\n### trackgate and the baseline server (`{}`: decodes and answers, stores nothing)\n",
        v.server
    );
    let Some(base) = &v.results else {
        skipped(out, v);
        return;
    };
    let cpu = |r: &IngestResults, per_packet: bool| {
        r.gateway.as_ref().and_then(|g| {
            if per_packet {
                g.cpu_us_per_packet
            } else {
                g.cpu_us_per_record
            }
        })
    };
    let share = |r: &IngestResults| r.gateway.as_ref().map(|g| g.usage.cpu_percent);
    let rows: Vec<Row> = vec![
        (
            "acked records/s",
            Some(gateway.records_per_s),
            Some(base.records_per_s),
            Shown::Rate,
        ),
        (
            "acked packets/s",
            Some(gateway.packets_per_s),
            Some(base.packets_per_s),
            Shown::Rate,
        ),
        (
            "server CPU µs/record",
            cpu(gateway, false),
            cpu(base, false),
            Shown::Rate,
        ),
        (
            "server CPU µs/packet",
            cpu(gateway, true),
            cpu(base, true),
            Shown::Rate,
        ),
        (
            "server CPU, % of a core",
            share(gateway),
            share(base),
            Shown::Rate,
        ),
        (
            "ack p50 (µs)",
            Some(gateway.ack_latency.p50_us as f64),
            Some(base.ack_latency.p50_us as f64),
            Shown::Whole,
        ),
        (
            "ack p99 (µs)",
            Some(gateway.ack_latency.p99_us as f64),
            Some(base.ack_latency.p99_us as f64),
            Shown::Whole,
        ),
        (
            "failures",
            Some(gateway.counts.failures() as f64),
            Some(base.counts.failures() as f64),
            Shown::Whole,
        ),
    ];
    table(out, "trackgate", "baseline", &rows);
    headline(out, "trackgate / baseline, acked packets/s", v.ratio);
    notes(out, "baseline run", &base.notes);
}

/// Appends the storm comparison with the floor server.
pub(crate) fn storm(out: &mut String, gateway: &StormResults, v: &Versus<StormResults>) {
    let _ = writeln!(
        out,
        "\n### the gateway and the floor server (`{}`: answers by length alone, then closes)\n",
        v.server
    );
    let Some(floor) = &v.results else {
        skipped(out, v);
        return;
    };
    let rows: Vec<Row> = vec![
        (
            "sessions/s",
            Some(gateway.sessions_per_s),
            Some(floor.sessions_per_s),
            Shown::Rate,
        ),
        (
            "time until all acked (s)",
            gateway.all_acked_s,
            floor.all_acked_s,
            Shown::Seconds,
        ),
        (
            "connect → first ack p50 (µs)",
            Some(gateway.session_latency.p50_us as f64),
            Some(floor.session_latency.p50_us as f64),
            Shown::Whole,
        ),
        (
            "connect → first ack p99 (µs)",
            Some(gateway.session_latency.p99_us as f64),
            Some(floor.session_latency.p99_us as f64),
            Shown::Whole,
        ),
        (
            "server CPU µs/session",
            gateway.cpu_us_per_session,
            floor.cpu_us_per_session,
            Shown::Rate,
        ),
        (
            "sessions acked",
            Some(gateway.counts.packets_acked as f64),
            Some(floor.counts.packets_acked as f64),
            Shown::Whole,
        ),
        (
            "failures",
            Some(gateway.counts.failures() as f64),
            Some(floor.counts.failures() as f64),
            Shown::Whole,
        ),
    ];
    table(out, "gateway", "floor", &rows);
    headline(out, "gateway / floor, sessions/s", v.ratio);
    notes(out, "floor run", &floor.notes);
}

fn skipped<R>(out: &mut String, v: &Versus<R>) {
    let why = v.skipped.as_deref().unwrap_or("no results");
    let _ = writeln!(out, "Not compared: {why}");
}

/// The rows, each with `gateway / server`.
fn table(out: &mut String, gateway: &str, server: &str, rows: &[Row]) {
    let _ = writeln!(
        out,
        "| metric | {gateway} | {server} | {gateway} / {server} |\n| --- | --- | --- | --- |"
    );
    for (metric, g, s, shown) in rows {
        let _ = writeln!(
            out,
            "| {metric} | {} | {} | {} |",
            shown.show(*g),
            shown.show(*s),
            ratio(*s, *g)
        );
    }
}

fn headline(out: &mut String, what: &str, value: Option<f64>) {
    let shown = value.map_or("–".into(), |r| format!("{r:.3}"));
    let _ = writeln!(out, "\n**{what}: {shown}**");
}

fn notes(out: &mut String, run: &str, notes: &[String]) {
    for note in notes {
        let _ = writeln!(out, "\nNote ({run}): {note}");
    }
}
