//! The Markdown of a push report.

use std::fmt::Write;

use super::{Report, cpu, failures, notes, num, percentiles, table, usage_rows};
use crate::push::client::Ending;
use crate::scenario::common::per_s;
use crate::scenario::push::{PushPlan, PushResults};

/// A report of a push run.
pub type PushReport = Report<PushPlan, PushResults>;

fn ending(e: &Ending) -> String {
    match e {
        Ending::Open => "open at the end".into(),
        Ending::Code(code) => format!("close frame {code}"),
        Ending::Reset => "reset".into(),
        Ending::Dropped => "closed without a close frame".into(),
        Ending::Error(why) => format!("error: {why}"),
    }
}

impl PushReport {
    /// The headline numbers, then one row per subscriber and per slow client.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let i = &r.ingest;
        let kind = match p.push {
            crate::push::client::PushKind::State => "state".to_owned(),
            crate::push::client::PushKind::StateBatch => {
                format!("state_batch every {} s", p.rate_limit_s)
            }
        };
        let mut out = self.heading(&format!(
            "{} subscribers + {} slow ({kind}) on {} trackers, under {} devices × {} records \
             at {} packets/s for {} s, {}",
            p.subscribers,
            p.slow,
            r.trackers,
            p.ingest.devices,
            p.ingest.records_per_packet,
            p.ingest.rate_per_s,
            p.ingest.duration_s,
            p.api
        ));
        let matched: u64 = r.subscribers.iter().map(|s| s.matched).sum();
        let mut rows = vec![
            ("ingest: acked records/s", num(i.records_per_s)),
            (
                "ingest: ack p50 / p99 / p99.9 / max (µs)",
                percentiles(&i.ack_latency),
            ),
            ("ingest: failures", failures(&i.counts)),
            ("push: events/s, all subscribers", num(r.events_per_s)),
            ("push: states/s, all subscribers", num(r.states_per_s)),
            (
                "push delay p50 / p99 / p99.9 / max (µs)",
                percentiles(&r.delay),
            ),
            ("push: states timed", matched.to_string()),
            (
                "slow clients ended by the gateway",
                format!("{} of {}", r.slow_closed, p.slow),
            ),
            (
                "provisioning / subscribing",
                format!("{:.2} s / {:.2} s", r.provision_s, r.subscribe_s),
            ),
        ];
        if let Some(g) = &i.gateway {
            rows.push(("gateway CPU", cpu(&g.usage, g.cpu_us_per_record, "record")));
        }
        usage_rows(
            &mut rows,
            i.gateway.as_ref().map(|g| &g.usage),
            i.simulator.as_ref(),
        );
        table(&mut out, &rows);
        if !r.subscribers.is_empty() {
            let _ = writeln!(
                out,
                "\n| subscriber | events/s | states/s | timed / unmatched / repeats / no fix \
                 | delay p50 / p99 / p99.9 / max (µs) | end |\n\
                 | --- | --- | --- | --- | --- | --- |"
            );
            let wall = i.wall_s;
            for (n, s) in r.subscribers.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "| {n} | {} | {} | {} / {} / {} / {} | {} | {} |",
                    num(per_s(s.events, wall)),
                    num(per_s(s.states, wall)),
                    s.matched,
                    s.unmatched,
                    s.repeats,
                    s.no_fix,
                    percentiles(&s.delay),
                    ending(&s.ending)
                );
            }
        }
        if !r.slow.is_empty() {
            let _ = writeln!(
                out,
                "\n| slow client | pushed to for | socket closed by the gateway during the run | end, once read | frames left unread |\n\
                 | --- | --- | --- | --- | --- |"
            );
            for (n, s) in r.slow.iter().enumerate() {
                let pushed = s.pushed_for_s.map_or("–".into(), |t| format!("{t:.0} s"));
                let at = s
                    .closed_at_s
                    .map_or("no".into(), |t| format!("at {t:.1} s"));
                let _ = writeln!(
                    out,
                    "| {n} | {pushed} | {at} | {} | {} |",
                    ending(&s.ending),
                    s.frames_left
                );
            }
        }
        if !r.delay_ladder.is_empty() {
            let _ = writeln!(out, "\n| push delay percentile | µs |\n| --- | --- |");
            for rung in &r.delay_ladder {
                let _ = writeln!(out, "| {} | {} |", rung.percentile, rung.us);
            }
        }
        notes(&mut out, &r.notes);
        notes(&mut out, &i.notes);
        out
    }
}
