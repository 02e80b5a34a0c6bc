//! HTTP clients calling the User API at a fixed aggregate rate.
//!
//! Each client is one keep-alive connection with its own open-loop
//! [`Schedule`], like a device: `connections / rate` seconds between its
//! requests, late requests counted as lag rather than queued. Each request
//! is a call drawn by the mix's weights, about random trackers: one for the
//! single calls, a window of `batch` consecutive ones for `get_states`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until};

use super::client::Client;
use super::navixy::Call;
use crate::rng::Rng;
use crate::schedule::Schedule;
use crate::stats::{Counts, Latency, LatencySummary};

/// What the HTTP clients do.
#[derive(Debug, Clone)]
pub struct HttpLoad {
    /// The API's address.
    pub api: SocketAddr,
    /// The user's API key.
    pub hash: String,
    /// The trackers to ask about.
    pub ids: Arc<Vec<u64>>,
    /// Requests per second by all clients together.
    pub rate_per_s: f64,
    /// Clients, each one connection.
    pub connections: u32,
    /// Trackers per `get_states` call.
    pub batch: usize,
    /// Weights of `get_state`, `get_states`, `get_last_gps_point`.
    pub mix: [u32; 3],
    /// When clients stop starting requests.
    pub until: Instant,
    /// How long one request may take.
    pub timeout: Duration,
}

/// What the clients count.
#[derive(Debug, Default)]
pub struct HttpStats {
    latency: [Latency; 3],
    ok: [AtomicU64; 3],
    failed: [AtomicU64; 3],
    state_reads: AtomicU64,
    errors: Mutex<BTreeMap<String, u64>>,
    /// Late and skipped request slots.
    pub lag: Counts,
}

impl HttpStats {
    /// Requests answered correctly and requests failed, so far.
    pub fn done(&self) -> (u64, u64) {
        let sum = |a: &[AtomicU64; 3]| a.iter().map(|n| n.load(Ordering::Relaxed)).sum();
        (sum(&self.ok), sum(&self.failed))
    }

    /// The totals now.
    pub fn totals(&self) -> HttpTotals {
        let lag = self.lag.totals();
        HttpTotals {
            calls: Call::ALL
                .iter()
                .enumerate()
                .map(|(i, &call)| CallTotals {
                    call,
                    ok: self.ok[i].load(Ordering::Relaxed),
                    failed: self.failed[i].load(Ordering::Relaxed),
                    latency: self.latency[i].summary(),
                })
                .collect(),
            state_reads: self.state_reads.load(Ordering::Relaxed),
            errors: self
                .errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            late_requests: lag.late_sends,
            skipped_requests: lag.skipped_slots,
        }
    }
}

/// One call's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallTotals {
    /// Which call.
    pub call: Call,
    /// Answered with what was asked for.
    pub ok: u64,
    /// Errors, wrong answers and timeouts.
    pub failed: u64,
    /// Request written to whole response read, successful calls only.
    pub latency: LatencySummary,
}

/// Every HTTP counter at the end of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpTotals {
    /// Per call.
    pub calls: Vec<CallTotals>,
    /// Tracker states returned (a `get_states` of 500 ids counts 500).
    pub state_reads: u64,
    /// Failures by what went wrong.
    pub errors: BTreeMap<String, u64>,
    /// Requests sent late because the client was still waiting.
    pub late_requests: u64,
    /// Request slots dropped because a client was more than one behind.
    pub skipped_requests: u64,
}

/// The call that `r` in `[0, 1)` draws under `mix`'s weights.
pub fn pick(mix: [u32; 3], r: f64) -> Call {
    let total: u32 = mix.iter().sum();
    let mut at = r * f64::from(total.max(1));
    for (i, &w) in mix.iter().enumerate() {
        if at < f64::from(w) {
            return Call::ALL[i];
        }
        at -= f64::from(w);
    }
    Call::ALL[mix.iter().rposition(|&w| w > 0).unwrap_or(0)]
}

/// Runs the clients until `load.until`.
pub async fn run(load: HttpLoad, stats: Arc<HttpStats>) {
    let load = Arc::new(load);
    let interval = Duration::from_secs_f64(f64::from(load.connections) / load.rate_per_s);
    let start = Instant::now();
    let mut clients = JoinSet::new();
    for i in 0..load.connections {
        let (load, stats) = (load.clone(), stats.clone());
        let phase = interval.mul_f64(f64::from(i) / f64::from(load.connections));
        clients.spawn(async move {
            let mut client = Client::new(load.api, load.timeout);
            let mut schedule = Schedule::new(start + phase, interval);
            let mut rng = Rng::new(0x5EED ^ u64::from(i));
            loop {
                let at = schedule.next(Instant::now(), &mut rng, &stats.lag);
                if at >= load.until {
                    break;
                }
                sleep_until(at).await;
                let call = pick(load.mix, rng.unit());
                let n = if call == Call::GetStates {
                    load.batch
                } else {
                    1
                };
                let n = n.min(load.ids.len());
                let first = (rng.unit() * load.ids.len() as f64) as usize;
                let ids: Vec<u64> = (0..n)
                    .map(|k| load.ids[(first + k) % load.ids.len()])
                    .collect();
                let body = call.body(&load.hash, &ids);
                let sent = Instant::now();
                // The latency ends when the whole response is in, before
                // the generator spends its own time checking it.
                let outcome = client
                    .post_json(call.path(), &body)
                    .await
                    .map_err(|e| e.to_string())
                    .map(|response| (sent.elapsed(), response))
                    .and_then(|(took, response)| Ok((took, call.check(&response, n)?)));
                let slot = call as usize;
                match outcome {
                    Ok((took, states)) => {
                        stats.latency[slot].record(took);
                        stats.ok[slot].fetch_add(1, Ordering::Relaxed);
                        stats.state_reads.fetch_add(states, Ordering::Relaxed);
                    }
                    Err(e) => {
                        stats.failed[slot].fetch_add(1, Ordering::Relaxed);
                        let mut errors = stats.errors.lock().unwrap_or_else(|e| e.into_inner());
                        *errors.entry(format!("{}: {e}", call.path())).or_default() += 1;
                    }
                }
            }
        });
    }
    while clients.join_next().await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_follows_the_weights() {
        let mix = [45, 10, 45];
        let mut rng = Rng::new(1);
        let mut n = [0u32; 3];
        for _ in 0..10_000 {
            n[pick(mix, rng.unit()) as usize] += 1;
        }
        assert!((4_300..4_700).contains(&n[0]), "{n:?}");
        assert!((850..1_150).contains(&n[1]), "{n:?}");
        assert_eq!(pick([0, 1, 0], 0.0), Call::GetStates);
        assert_eq!(pick([0, 1, 0], 0.999), Call::GetStates);
        assert_eq!(pick([1, 0, 0], 0.999_999), Call::GetState);
    }
}
