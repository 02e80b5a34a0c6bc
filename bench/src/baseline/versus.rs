//! A run's plan run again against a baseline or floor server, and the ratio
//! of the two runs.
//!
//! The second run is the first one's plan with only the target changed (the
//! server child's port) and the server child's pid sampled as the gateway's
//! is, so its CPU and memory are reported the same way. Its connections come
//! from the next fresh source address after the first run's
//! ([`crate::addr::fresh_source_after`]), so the first run's sockets in
//! `TIME_WAIT` take none of its ports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::child::{START_WITHIN, ServerChild};
use super::server::{Baseline, NoStreamCodec};
use crate::addr::fresh_source_after;
use crate::dialect::Dialect;
use crate::scenario::ingest::{self, IngestPlan, IngestResults};
use crate::scenario::storm::{self, StormPlan, StormResults};
use crate::stats::Stats;

/// The baseline server's subcommand.
pub const BASELINE_SERVER: &str = "baseline-server";
/// The floor server's subcommand.
pub const FLOOR_SERVER: &str = "floor-server";

/// One run against a comparison server, beside the run against the gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Versus<R> {
    /// The server compared with, as started (`baseline-server --protocol
    /// teltonika`, `floor-server`).
    pub server: String,
    /// Why it was not run or did not finish, if so.
    pub skipped: Option<String>,
    /// What the run against it measured.
    pub results: Option<R>,
    /// The gateway's rate over the server's: acked packets/s for ingest,
    /// sessions/s for a storm; `None` when the server's rate is zero or the
    /// run did not happen.
    pub ratio: Option<f64>,
}

impl<R> Versus<R> {
    /// Not run against `server`, because of `why`.
    pub fn skipped(server: String, why: impl Into<String>) -> Self {
        Self {
            server,
            skipped: Some(why.into()),
            results: None,
            ratio: None,
        }
    }
}

/// `gateway / server`, when the server's rate is above zero.
pub fn rate_ratio(gateway: f64, server: f64) -> Option<f64> {
    (server > 0.0 && gateway.is_finite()).then(|| gateway / server)
}

/// Runs `plan` again against a baseline server child (`bin baseline-server`)
/// of the plan's protocol, after `gateway`'s run; counts into `stats`.
pub async fn ingest(
    bin: &Path,
    plan: &IngestPlan,
    gateway: &IngestResults,
    stats: Arc<Stats>,
) -> Versus<IngestResults> {
    let name = plan.protocol.protocol().name();
    let server = format!("{BASELINE_SERVER} --protocol {name}");
    if let Err(NoStreamCodec(_)) = Baseline::new(plan.protocol.protocol()) {
        return Versus::skipped(
            server,
            format!("{name} has no stream codec for the baseline server to decode with"),
        );
    }
    let args = [
        BASELINE_SERVER,
        "--listen",
        "127.0.0.1:0",
        "--protocol",
        name,
        "--with-parent",
    ];
    let child = match start(bin, &args).await {
        Ok(child) => child,
        Err(why) => return Versus::skipped(server, why),
    };
    let against = IngestPlan {
        target: child.addr(),
        gateway_pid: Some(child.pid()),
        ..plan.clone()
    };
    let first = fresh_source_after(gateway.counts.connect_attempts);
    let outcome = ingest::run_after(&against, stats, first).await;
    settle(server, outcome, child.stop(), |results| {
        rate_ratio(gateway.packets_per_s, results.packets_per_s)
    })
}

/// Runs `plan` again against a floor server child (`bin floor-server`)
/// after `gateway`'s storm; counts into `stats`. Teltonika only.
pub async fn storm(
    bin: &Path,
    plan: &StormPlan,
    gateway: &StormResults,
    stats: Arc<Stats>,
) -> Versus<StormResults> {
    let server = FLOOR_SERVER.to_owned();
    if plan.protocol != Dialect::TELTONIKA {
        return Versus::skipped(
            server,
            format!(
                "the floor server speaks Teltonika only, not {}",
                plan.protocol
            ),
        );
    }
    let args = [FLOOR_SERVER, "--listen", "127.0.0.1:0", "--with-parent"];
    let child = match start(bin, &args).await {
        Ok(child) => child,
        Err(why) => return Versus::skipped(server, why),
    };
    let against = StormPlan {
        target: child.addr(),
        gateway_pid: Some(child.pid()),
        ..plan.clone()
    };
    let first = fresh_source_after(gateway.counts.connect_attempts);
    let outcome = storm::run_after(&against, stats, first).await;
    settle(server, outcome, child.stop(), |results| {
        rate_ratio(gateway.sessions_per_s, results.sessions_per_s)
    })
}

/// The comparison once the run against the child is over and the child
/// stopped: its results and `ratio` of them, or why there are none.
fn settle<R, E: std::fmt::Display>(
    server: String,
    outcome: Result<R, E>,
    stopped: std::io::Result<std::process::ExitStatus>,
    ratio: impl FnOnce(&R) -> Option<f64>,
) -> Versus<R> {
    match (outcome, stopped) {
        (Ok(results), Ok(_)) => Versus {
            server,
            skipped: None,
            ratio: ratio(&results),
            results: Some(results),
        },
        (Err(e), _) => Versus::skipped(server, format!("the run against it failed: {e}")),
        (_, Err(e)) => Versus::skipped(server, format!("stopping it failed: {e}")),
    }
}

/// Starts `bin args…` off the runtime's threads; why not, as text.
async fn start(bin: &Path, args: &[&str]) -> Result<ServerChild, String> {
    let bin: PathBuf = bin.to_path_buf();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || ServerChild::start(&bin, &args, START_WITHIN))
        .await
        .map_err(|e| format!("starting the server: {e}"))?
        .map_err(|e| format!("starting the server: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_is_gateway_over_server() {
        assert_eq!(rate_ratio(750.0, 1_000.0), Some(0.75));
        assert_eq!(rate_ratio(750.0, 0.0), None);
        assert_eq!(rate_ratio(f64::NAN, 10.0), None);
    }
}
