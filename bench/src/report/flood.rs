//! The Markdown of the flood report.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Report, mib, notes, num};
use crate::procstat::Footprint;
use crate::scenario::flood::canary::{CallResults, PhaseResults};
use crate::scenario::flood::outcome::{FloodCounts, Spread};
use crate::scenario::flood::{FloodKind, FloodPlan, FloodResults};
use crate::stats::LatencySummary;

/// A report of a flood run.
pub type FloodReport = Report<FloodPlan, FloodResults>;

impl FloodReport {
    /// The verdict, the gateway, the canary by phase and the flood, as Markdown.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let mut out = self.heading(&format!(
            "{} × {} for {} s (warmup {} s, recovery {} s), canary {} {} devices every {} s{}",
            num(f64::from(p.connections)).trim_end_matches(".0"),
            p.kind.name(),
            p.phases.flood_s,
            p.phases.warmup_s,
            p.phases.recovery_s,
            p.canary_devices,
            p.protocol,
            p.canary_interval_s,
            p.gateway_nofile
                .map_or(String::new(), |n| format!(", gateway open-file limit {n}"))
        ));
        let _ = writeln!(out, "Verdict: {}\n", r.verdict());
        gateway(&mut out, r);
        canary(&mut out, r);
        recovery(&mut out, r);
        flood(&mut out, p, r);
        let mut all = r.notes.clone();
        for phase in &r.canary {
            for (error, n) in &phase.api_errors {
                all.push(format!("API {:?}: {error} × {n}", phase.phase));
            }
        }
        notes(&mut out, &all);
        out
    }
}

fn gateway(out: &mut String, r: &FloodResults) {
    let g = &r.gateway;
    let points = [g.start, g.before, g.peak, g.flood_end, g.after];
    let row = |show: &dyn Fn(&Footprint) -> String| {
        points
            .iter()
            .map(|p| p.as_ref().map_or("–".into(), show))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let _ = writeln!(
        out,
        "| gateway | start | before the flood | flood peak | flood end | after recovery |\n\
         | --- | --- | --- | --- | --- | --- |"
    );
    let _ = writeln!(out, "| RSS | {} |", row(&|f| mib(f.rss_kib)));
    let _ = writeln!(out, "| threads | {} |", row(&|f| f.threads.to_string()));
    let _ = writeln!(
        out,
        "| open descriptors | {} |",
        row(&|f| f.fds.to_string())
    );
    let limit = |l: Option<u64>| l.map_or("unlimited".into(), |n| n.to_string());
    let _ = writeln!(
        out,
        "\nOpen-file limit {} (soft) / {} (hard); pid {}, ready in {:.0} ms; stopped: {}.\n",
        limit(g.nofile.0),
        limit(g.nofile.1),
        g.pid,
        g.ready_s * 1e3,
        g.stop
    );
}

fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1e3)
}

fn latency(l: &LatencySummary) -> String {
    if l.count == 0 {
        return "–".into();
    }
    format!("{} / {} / {}", ms(l.p50_us), ms(l.p99_us), ms(l.max_us))
}

fn call(c: &CallResults) -> String {
    format!("{} ok, {} failed; {}", c.ok, c.failed, latency(&c.latency))
}

/// A count with its parts named, or `0`.
fn by_kind(map: &BTreeMap<String, u64>) -> String {
    let total: u64 = map.values().sum();
    if total == 0 {
        return "0".into();
    }
    let parts: Vec<String> = map.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!("{total} ({})", parts.join(", "))
}

/// One canary row's value in a phase.
type Column = dyn Fn(&PhaseResults) -> String;

fn canary(out: &mut String, r: &FloodResults) {
    let phases: Vec<&PhaseResults> = r.canary.iter().collect();
    let row = |show: &Column| {
        phases
            .iter()
            .map(|p| show(p))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let _ = writeln!(
        out,
        "| canary | before | during | after |\n| --- | --- | --- | --- |"
    );
    let rows: [(&str, &Column); 7] = [
        ("acks/s", &|p| num(p.acks_per_s)),
        ("ack latency p50 / p99 / max (ms)", &|p| {
            latency(&p.ack_latency)
        }),
        ("device failures", &|p| by_kind(&p.device_failures)),
        ("API rounds ok / failed (seconds failing)", &|p| {
            format!(
                "{} / {} ({} s)",
                p.api_rounds_ok, p.api_rounds_failed, p.api_failing_s
            )
        }),
        ("user/auth: p50 / p99 / max (ms)", &|p| call(&p.auth)),
        ("get_state: p50 / p99 / max (ms)", &|p| call(&p.get_state)),
        ("gateway CPU (% of a core)", &|p| {
            p.gateway_cpu_percent
                .map_or("–".into(), |c| format!("{c:.0}"))
        }),
    ];
    for (name, show) in rows {
        let _ = writeln!(out, "| {name} | {} |", row(show));
    }
    out.push('\n');
}

fn recovery(out: &mut String, r: &FloodResults) {
    let v = &r.recovery;
    let yes = |b: bool| if b { "yes" } else { "**no**" };
    let rows = [
        (
            "baseline acks/s (normal: at least)",
            format!("{} ({})", num(v.baseline_acks_per_s), num(v.normal_acks)),
        ),
        (
            "seconds of the flood below normal; fewest acks in one",
            format!("{}; {}", v.abnormal_seconds_during, v.min_acks_during),
        ),
        (
            "back to normal after the flood stopped",
            v.normal_after_s
                .map_or("not by the end".into(), |s| format!("{s} s")),
        ),
        (
            "devices / API normal over the last seconds / gateway alive",
            format!(
                "{} / {} ({} s) / {}",
                yes(v.devices_recovered),
                yes(v.api_recovered),
                v.tail_s,
                yes(v.gateway_alive)
            ),
        ),
    ];
    titled(out, "recovery", &rows);
    out.push('\n');
}

fn spread(s: &Option<Spread>, show: impl Fn(f64) -> String) -> String {
    s.map_or("–".into(), |s| {
        format!(
            "{} / {} / {} / {} (of {})",
            show(s.min),
            show(s.p50),
            show(s.p90),
            show(s.max),
            s.count
        )
    })
}

fn flood(out: &mut String, p: &FloodPlan, r: &FloodResults) {
    let f: &FloodCounts = &r.flood;
    let mut rows = vec![
        (
            "connections attempted / completed",
            format!("{} / {}", f.attempted, f.connected),
        ),
        (
            "connects refused / timed out / failed",
            format!(
                "{} / {} / {}",
                f.refused, f.connect_timeouts, f.connect_errors
            ),
        ),
    ];
    for c in &f.census {
        rows.push((
            "held by the gateway / waiting in its backlog / closed, s into the flood",
            format!(
                "{} / {} / {} at {} s",
                c.held, c.in_backlog, c.closed, c.at_s
            ),
        ));
    }
    rows.push((
        "closed by the gateway during the flood",
        f.closed_by_gateway.to_string(),
    ));
    rows.push((
        "time to close, min / p50 / p90 / max (s)",
        spread(&f.time_to_close_s, |s| format!("{s:.1}")),
    ));
    if f.bytes_sent > 0 {
        rows.push(("bytes sent", num(f.bytes_sent as f64).replace(".0", "")));
    }
    if p.kind == FloodKind::WsFrame {
        rows.push((
            "read by the gateway per client, min / p50 / p90 / max",
            spread(&f.gateway_read_bytes, |b| mib(b as u64 / 1024)),
        ));
    }
    if f.requests > 0 {
        rows.push((
            "requests (per second)",
            format!(
                "{} ({})",
                f.requests,
                num(f.requests as f64 / f64::from(p.phases.flood_s.max(1)))
            ),
        ));
    }
    if let Some(l) = &f.latency {
        rows.push(("answer latency p50 / p99 / max (ms)", latency(l)));
    }
    for (answer, n) in &f.answers {
        rows.push(("answered / ended", format!("{answer}: {n}")));
    }
    if let Some(reg) = r.registered {
        rows.push((
            "trackers made of unknown devices: valid / invalid IMEIs (all trackers)",
            format!("{} / {} ({})", reg.valid, reg.invalid, reg.trackers),
        ));
    }
    rows.push((
        "flood connections closed after stopping it in",
        format!("{:.0} ms", r.flood_stop_s * 1e3),
    ));
    let log = &r.gateway.log;
    rows.push((
        "gateway log: lines (WARN, ERROR)",
        format!(
            "{} ({}, {}){}",
            log.lines,
            log.warnings,
            log.errors,
            log.path
                .as_ref()
                .map_or(String::new(), |p| format!(", {}", p.display()))
        ),
    ));
    for (message, n) in &log.top {
        rows.push(("gateway log, most frequent", format!("{message}: {n}")));
    }
    titled(out, "flood", &rows);
}

/// A two-column table headed `title`.
fn titled(out: &mut String, title: &str, rows: &[(&str, String)]) {
    let _ = writeln!(out, "| {title} | |\n| --- | --- |");
    for (name, value) in rows {
        let _ = writeln!(out, "| {name} | {value} |");
    }
}
