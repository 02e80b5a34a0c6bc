//! What every scenario does around its load: checking the open-file limit,
//! sampling the gateway's and its own CPU and memory, and waiting for its
//! device tasks with a hard stop so a run always ends.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout_at};

use crate::limits;
use crate::procstat::{self, Sample, Usage};

/// File descriptors kept free for everything that is not a device socket.
pub const SPARE_FDS: u64 = 64;

impl From<String> for RunError {
    fn from(message: String) -> Self {
        Self::Encode(message)
    }
}

/// Why a run could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The plan is out of bounds.
    #[error(transparent)]
    Plan(#[from] super::ingest::PlanError),
    /// Not enough file descriptors for one socket per device.
    #[error(
        "{devices} devices need about {needed} open files but the limit is {limit}; \
         raise the hard limit (ulimit -Hn) or use fewer devices"
    )]
    Nofile {
        /// Devices asked for.
        devices: u32,
        /// Descriptors needed.
        needed: u64,
        /// The soft limit after raising it.
        limit: u64,
    },
    /// `--gateway-pid` names no readable process.
    #[error("cannot sample gateway process {pid}: {source}")]
    Gateway {
        /// The pid given.
        pid: u32,
        /// What reading /proc said.
        source: std::io::Error,
    },
    /// A record could not be encoded (a bug in the simulator).
    #[error("a packet could not be encoded (a bug in the simulator): {0}")]
    Encode(String),
    /// Setting up the HTTP side (users, trackers) failed.
    #[error("provisioning through the HTTP API: {0}")]
    Provision(String),
}

/// Raises the open-file limit and checks `sockets` (plus spares) fit under it.
///
/// Returns the limit in force; a failure to raise it is a note, not an error.
pub fn reserve_fds(sockets: u32, notes: &mut Vec<String>) -> Result<Option<u64>, RunError> {
    let nofile_limit = match limits::raise_nofile() {
        Ok(limit) => limit.now,
        Err(e) => {
            notes.push(format!("could not raise the open-file limit: {e}"));
            None
        }
    };
    let needed = u64::from(sockets) + SPARE_FDS;
    if let Some(limit) = nofile_limit.filter(|l| *l < needed) {
        return Err(RunError::Nofile {
            devices: sockets,
            needed,
            limit,
        });
    }
    Ok(nofile_limit)
}

/// Samples a process by pid, or fails naming the gateway.
pub fn sample_gateway(pid: u32) -> Result<Sample, RunError> {
    procstat::sample(pid).map_err(|source| RunError::Gateway { pid, source })
}

/// CPU and memory of the gateway (if its pid was given) and of this process,
/// from the moment the probe was made.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    gateway: Option<(u32, Sample)>,
    simulator: Option<Sample>,
}

impl Probe {
    /// Takes the start samples.
    pub fn start(gateway_pid: Option<u32>) -> Result<Self, RunError> {
        Ok(Self {
            gateway: gateway_pid
                .map(|pid| sample_gateway(pid).map(|s| (pid, s)))
                .transpose()?,
            simulator: procstat::sample(std::process::id()).ok(),
        })
    }

    /// The gateway's and the simulator's usage over `wall_s` seconds.
    pub fn finish(&self, wall_s: f64) -> Result<(Option<Usage>, Option<Usage>), RunError> {
        let gateway = match self.gateway {
            Some((pid, start)) => Some(Usage::between(pid, start, sample_gateway(pid)?, wall_s)),
            None => None,
        };
        let me = std::process::id();
        let simulator = self
            .simulator
            .zip(procstat::sample(me).ok())
            .map(|(start, end)| Usage::between(me, start, end, wall_s));
        Ok((gateway, simulator))
    }
}

/// A gateway's CPU and memory over a run, and its CPU cost per unit of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatewayUsage {
    /// CPU and RSS between the start and end samples.
    pub usage: Usage,
    /// Gateway CPU microseconds per acknowledged record.
    pub cpu_us_per_record: Option<f64>,
    /// Gateway CPU microseconds per acknowledged packet, where the
    /// scenario counts packets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_us_per_packet: Option<f64>,
}

impl GatewayUsage {
    /// `usage`, with its CPU divided over `records`.
    pub fn per_record(usage: Usage, records: u64) -> Self {
        Self {
            cpu_us_per_record: per_unit_us(usage.cpu_s, records),
            cpu_us_per_packet: None,
            usage,
        }
    }

    /// This usage, with its CPU also divided over `packets`.
    pub fn per_packet(self, packets: u64) -> Self {
        Self {
            cpu_us_per_packet: per_unit_us(self.usage.cpu_s, packets),
            ..self
        }
    }
}

/// `cpu_s` in microseconds per one of `units`, if there were any.
pub fn per_unit_us(cpu_s: f64, units: u64) -> Option<f64> {
    (units > 0).then(|| cpu_s * 1e6 / units as f64)
}

/// `n` per second over `wall_s`, zero for an empty interval.
pub fn per_s(n: u64, wall_s: f64) -> f64 {
    if wall_s > 0.0 { n as f64 / wall_s } else { 0.0 }
}

/// Waits for every task in `tasks` until `hard_stop`, then aborts the rest
/// (noting how many). Returns the first error a task returned.
pub async fn join_all<E>(
    tasks: &mut JoinSet<Result<(), E>>,
    hard_stop: Instant,
    notes: &mut Vec<String>,
) -> Result<(), E>
where
    E: Send + 'static,
{
    let mut first_error = None;
    let finished = timeout_at(hard_stop, async {
        while let Some(joined) = tasks.join_next().await {
            if let Ok(Err(e)) = joined {
                first_error.get_or_insert(e);
            }
        }
    })
    .await;
    if finished.is_err() {
        notes.push(format!(
            "{} tasks had not stopped by the hard stop and were aborted",
            tasks.len()
        ));
        tasks.abort_all();
    }
    first_error.map_or(Ok(()), Err)
}

/// The slack after a run's last wait before the backstop fires.
pub const HARD_STOP_SLACK: Duration = Duration::from_secs(5);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_unit_and_per_second() {
        assert_eq!(per_unit_us(2.0, 1_000_000), Some(2.0));
        assert_eq!(per_unit_us(2.0, 0), None);
        assert_eq!(per_s(50, 2.0), 25.0);
        assert_eq!(per_s(50, 0.0), 0.0);
    }

    #[tokio::test]
    async fn join_all_returns_the_first_error_and_aborts_stragglers() {
        let mut tasks: JoinSet<Result<(), u32>> = JoinSet::new();
        tasks.spawn(async { Ok(()) });
        tasks.spawn(async { Err(7) });
        let mut notes = Vec::new();
        let stop = Instant::now() + Duration::from_secs(5);
        assert_eq!(join_all(&mut tasks, stop, &mut notes).await, Err(7));

        tasks.spawn(std::future::pending());
        let stop = Instant::now() + Duration::from_millis(20);
        assert_eq!(join_all(&mut tasks, stop, &mut notes).await, Ok(()));
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
