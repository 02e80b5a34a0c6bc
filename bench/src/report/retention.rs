//! The Markdown of the retention report.

use super::{Report, num, table};
use crate::scenario::retention::{RetentionPlan, RetentionResults};

/// A report of a retention run.
pub type RetentionReport = Report<RetentionPlan, RetentionResults>;

impl RetentionReport {
    /// The verdict and the headline numbers, as Markdown.
    pub fn markdown(&self) -> String {
        let (p, r) = (&self.params, &self.results);
        let mut out = self.heading(&format!(
            "{} users × {} trackers × {} points over {} days, the plan keeping {}",
            p.users, p.trackers_per_user, p.points_per_tracker, p.span_days, p.keep_days
        ));
        let problems = r.problems();
        let verdict = if problems.is_empty() {
            "**passed**".to_owned()
        } else {
            format!("**FAILED**: {}", problems.join("; "))
        };
        let rows = vec![
            ("verdict", verdict),
            ("points written", r.points_written.to_string()),
            ("build (s)", format!("{:.1}", r.build_s)),
            (
                "first purge: removed / expected",
                format!("{} / {}", r.removed, r.expected_removed),
            ),
            ("first purge (s)", format!("{:.2}", r.purge_s)),
            ("removed points/s", num(r.removed_per_s)),
            (
                "second purge, nothing to remove (ms)",
                format!("{:.0}", r.second_purge_s * 1e3),
            ),
            (
                "points left / kept by the plan",
                format!("{} / {}", r.remaining, r.expected_remaining),
            ),
        ];
        table(&mut out, &rows);
        out
    }
}
