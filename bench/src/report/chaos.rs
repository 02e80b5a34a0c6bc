//! The Markdown of the chaos report.

use std::fmt::Write;

use super::{Report, failures, notes, num, percentiles, table};
use crate::scenario::chaos::{ChaosPlan, ChaosResults};

/// A report of a chaos run.
pub type ChaosReport = Report<ChaosPlan, ChaosResults>;

impl ChaosReport {
    /// The verdict, the headline numbers and every kill, as Markdown.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let v = &r.verdict;
        let mut out = self.heading(&format!(
            "{} {:?} devices × {} records, {} packets/s, {} s, {} kills {}–{} s apart (seed {})",
            p.devices,
            p.protocol,
            p.records_per_packet,
            p.rate_per_s,
            p.duration_s,
            p.kills,
            p.min_gap_s,
            p.max_gap_s,
            p.seed
        ));
        let problems = r.problems();
        let verdict = if problems.is_empty() {
            "**passed**".to_owned()
        } else {
            format!("**FAILED**: {}", problems.join("; "))
        };
        let ms = |s: f64| format!("{:.0}", s * 1e3);
        let downs: Vec<f64> = r.kills.iter().map(|k| k.down_s).collect();
        let rows = vec![
            ("verdict", verdict),
            (
                "kills done / planned",
                format!("{} / {}", r.kills.len(), r.kills_planned),
            ),
            ("restarts", r.restarts().to_string()),
            (
                "kill → device port answering min / median / max (ms)",
                spread(&downs, ms),
            ),
            ("first start → ports answering (ms)", ms(r.first_start_s)),
            ("acknowledged records", v.acked.to_string()),
            ("stored records", v.stored.to_string()),
            ("lost (must be 0)", v.lost.to_string()),
            ("duplicated (must be 0)", v.duplicated.to_string()),
            (
                "stored, matching no record sent (must be 0)",
                v.unexpected.to_string(),
            ),
            ("stored, never acknowledged", v.stored_unacked.to_string()),
            (
                "records sent again after a lost session",
                r.records_resent.to_string(),
            ),
            ("reconnects", r.reconnects().to_string()),
            (
                "connection failures (expected at kills)",
                failures(&r.counts),
            ),
            (
                "acked records/s over the run",
                num(crate::scenario::common::per_s(
                    r.counts.records_acked,
                    r.wall_s,
                )),
            ),
            (
                "ack latency p50 / p99 / p99.9 / max (µs)",
                percentiles(&r.ack_latency),
            ),
            (
                "final SIGTERM",
                format!(
                    "exit {} after {} ms{}",
                    r.final_stop
                        .exit_code
                        .map_or_else(|| "by a signal".into(), |c| c.to_string()),
                    ms(r.final_stop.took_s),
                    if r.final_stop.clean {
                        ""
                    } else {
                        " (not clean)"
                    }
                ),
            ),
            (
                "store",
                format!(
                    "{} trackers, {} points, {} location-less records",
                    r.store.trackers, r.store.points, r.store.status_records
                ),
            ),
            (
                "data directory",
                format!(
                    "{}{}",
                    r.data_dir.display(),
                    if r.data_dir_kept { "" } else { " (removed)" }
                ),
            ),
        ];
        table(&mut out, &rows);
        if !r.kills.is_empty() {
            let _ = writeln!(
                out,
                "\n| kill | at (s) | pid → new pid | signal | down (ms) | start (ms) | acked since the previous start |\n\
                 | --- | --- | --- | --- | --- | --- | --- |"
            );
            for (n, k) in r.kills.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "| {} | {:.1} | {} → {} | {} | {} | {} | {} |",
                    n + 1,
                    k.at_s,
                    k.pid,
                    k.new_pid,
                    k.signal.map_or("–".into(), |s| s.to_string()),
                    ms(k.down_s),
                    if k.start_attempts > 1 {
                        format!("{} ({} starts)", ms(k.start_s), k.start_attempts)
                    } else {
                        ms(k.start_s)
                    },
                    k.acked_before
                );
            }
            let _ = writeln!(
                out,
                "| end | {:.1} | {} | – | – | – | {} |",
                r.wall_s, r.final_stop.pid, r.acked_after_last_start
            );
        }
        notes(&mut out, &[&r.notes[..], &v.examples[..]].concat());
        out
    }
}

/// `min / median / max` of `values` shown by `show`, or `–`.
fn spread(values: &[f64], show: impl Fn(f64) -> String) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match (sorted.first(), sorted.get(sorted.len() / 2), sorted.last()) {
        (Some(&lo), Some(&mid), Some(&hi)) => {
            format!("{} / {} / {}", show(lo), show(mid), show(hi))
        }
        _ => "–".into(),
    }
}
