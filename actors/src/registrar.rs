//! Creating trackers for unknown devices (`devices.register_unknown`), on a
//! small pool of its own.
//!
//! Creating a tracker is a durable write, so it cannot run on a shard
//! thread. Handing each one to the runtime's blocking pool let a burst of
//! never-seen devices grow the process by a thread per device (2,000 at
//! once: a thousand threads). Here a fixed number of threads take jobs
//! from a bounded queue; a device that finds the queue full is refused and
//! tries again later, as it would after any refusal. Creation is also
//! rate-limited: a flood of made-up identifiers cannot fill the store
//! faster than [`RegistrarConfig::per_second`] trackers a second.

use std::sync::Mutex;
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

/// How the registrar works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrarConfig {
    /// Threads creating trackers.
    pub threads: usize,
    /// Creations waiting at most; beyond, devices are refused.
    pub queue: usize,
    /// Trackers created per second, on average...
    pub per_second: u32,
    /// ...with bursts of up to this many.
    pub burst: u32,
}

impl Default for RegistrarConfig {
    fn default() -> Self {
        Self {
            threads: 2,
            queue: 1024,
            per_second: 200,
            burst: 2000,
        }
    }
}

/// Why a creation was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declined {
    /// More trackers were created lately than the rate allows.
    RateLimited,
    /// The queue is full.
    Busy,
}

impl Declined {
    /// A short stable label, for metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RateLimited => "rate_limited",
            Self::Busy => "busy",
        }
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The registrar's threads and the way to them.
#[derive(Debug)]
pub struct Registrar {
    jobs: Option<SyncSender<Job>>,
    bucket: Mutex<Bucket>,
}

impl Registrar {
    /// Starts the threads.
    pub fn start(config: RegistrarConfig) -> std::io::Result<Self> {
        let (jobs, queue) = sync_channel::<Job>(config.queue.max(1));
        let queue = std::sync::Arc::new(Mutex::new(queue));
        for index in 0..config.threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("registrar-{index}"))
                .spawn(move || {
                    loop {
                        // One thread waits on the queue at a time; the lock
                        // is let go before the job runs.
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            // Every sender is gone: the registrar was dropped.
                            Err(_) => return,
                        }
                    }
                })?;
        }
        Ok(Self {
            jobs: Some(jobs),
            bucket: Mutex::new(Bucket::full(config, Instant::now())),
        })
    }

    /// Runs `create` on the pool, unless the rate or the queue says no.
    pub fn submit<T: Send + 'static>(
        &self,
        create: impl FnOnce() -> T + Send + 'static,
    ) -> Result<oneshot::Receiver<T>, Declined> {
        if !self
            .bucket
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take(Instant::now())
        {
            return Err(Declined::RateLimited);
        }
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(create());
        });
        let jobs = self.jobs.as_ref().ok_or(Declined::Busy)?;
        match jobs.try_send(job) {
            Ok(()) => Ok(result),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Declined::Busy),
        }
    }
}

/// A token bucket: `per_second` tokens a second, at most `burst` saved.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    per_second: f64,
    burst: f64,
    at: Instant,
}

impl Bucket {
    fn full(config: RegistrarConfig, now: Instant) -> Self {
        let burst = f64::from(config.burst.max(1));
        Self {
            tokens: burst,
            per_second: f64::from(config.per_second),
            burst,
            at: now,
        }
    }

    fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.at);
        self.at = now;
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.per_second).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// How long a burst of `count` creations takes to be allowed again.
pub fn refill_time(config: RegistrarConfig, count: u32) -> Duration {
    Duration::from_secs_f64(f64::from(count) / f64::from(config.per_second.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_allows_a_burst_then_the_rate() {
        let config = RegistrarConfig {
            per_second: 10,
            burst: 5,
            ..RegistrarConfig::default()
        };
        let start = Instant::now();
        let mut bucket = Bucket::full(config, start);
        assert_eq!((0..8).filter(|_| bucket.take(start)).count(), 5);
        let later = start + refill_time(config, 3);
        assert_eq!((0..8).filter(|_| bucket.take(later)).count(), 3);
    }

    #[tokio::test]
    async fn jobs_run_on_the_pool_and_a_full_queue_declines() {
        let registrar = Registrar::start(RegistrarConfig {
            threads: 1,
            queue: 1,
            per_second: 1_000,
            burst: 1_000,
        })
        .expect("threads");
        let (release, blocked) = std::sync::mpsc::channel::<()>();
        // The one thread is busy with the first job...
        let first = registrar
            .submit(move || blocked.recv().is_ok())
            .expect("taken");
        // ...which may not have been picked up yet: fill until declined.
        let mut queued = Vec::new();
        let declined = loop {
            match registrar.submit(|| true) {
                Ok(job) => queued.push(job),
                Err(why) => break why,
            }
            assert!(queued.len() <= 2, "a bounded queue declines");
        };
        assert_eq!(declined, Declined::Busy);
        release.send(()).expect("the job waits");
        assert!(first.await.expect("ran"));
        for job in queued {
            assert!(job.await.expect("ran"));
        }
    }
}
