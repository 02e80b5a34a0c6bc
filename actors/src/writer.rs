//! The track writer: group commit with fsync, on a thread of its own.
//!
//! Sessions hand it batches of points (and the tracker's new state) and wait
//! for the answer before they acknowledge the device. The writer gathers
//! requests until it holds `max_batch_records` records or `max_delay` has
//! passed since the first one, commits them in one durable store batch, then
//! answers every request of that batch. Commits never run on a shard's
//! thread, so an engine stall (fjall rotating a memtable, a slow disk) holds
//! up only the sessions waiting on it.
//!
//! The queue between sessions and the writer is bounded. When it is full a
//! session's send waits, and because the session waits on its commit before
//! it reads again, a slow store turns into TCP backpressure on the devices
//! rather than memory growth in the gateway.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

use tokio::sync::{mpsc, oneshot};
use trackgate_store::{CommitBatch, Store, StoreError, TrackerId};

use crate::config::WriterConfig;
use crate::metrics as m;

/// Why a commit did not happen.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WriteError {
    /// The store refused or failed the batch.
    #[error("commit failed: {0}")]
    Store(Arc<StoreError>),
    /// The writer has shut down.
    #[error("track writer is closed")]
    Closed,
}

enum Job {
    Commit {
        batch: CommitBatch,
        done: oneshot::Sender<Result<(), WriteError>>,
    },
    Close,
}

/// A cheap, cloneable way to submit batches to the writer.
#[derive(Debug, Clone)]
pub struct WriterHandle {
    tx: mpsc::Sender<Job>,
    queued: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Commit { batch, .. } => write!(f, "Commit({} points)", batch.points.len()),
            Self::Close => f.write_str("Close"),
        }
    }
}

impl WriterHandle {
    /// Records submitted and not yet committed (what the queue-depth gauge shows).
    pub fn queued_records(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Commits a batch durably; resolves once it is on disk.
    pub async fn commit(&self, batch: CommitBatch) -> Result<(), WriteError> {
        let (done, answer) = oneshot::channel();
        let points = batch.points.len();
        // Reserve first, count after: a caller that gives up while waiting
        // for room (its future dropped) never enters the queue or the gauge.
        let permit = self.tx.reserve().await.map_err(|_| WriteError::Closed)?;
        self.queued.fetch_add(points, Ordering::Relaxed);
        permit.send(Job::Commit { batch, done });
        answer.await.unwrap_or(Err(WriteError::Closed))
    }
}

/// The writer thread and the way to stop it.
#[derive(Debug)]
pub struct TrackWriter {
    handle: WriterHandle,
    thread: Option<JoinHandle<()>>,
}

impl TrackWriter {
    /// Starts the writer thread over `store`.
    pub fn start(store: Arc<dyn Store>, config: WriterConfig) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel(config.queue_capacity.max(1));
        let queued = Arc::new(AtomicUsize::new(0));
        let thread_queued = queued.clone();
        let thread = std::thread::Builder::new()
            .name("track-writer".into())
            .spawn(move || run(store, config, rx, thread_queued))?;
        Ok(Self {
            handle: WriterHandle { tx, queued },
            thread: Some(thread),
        })
    }

    /// A handle sessions submit through.
    pub fn handle(&self) -> WriterHandle {
        self.handle.clone()
    }

    /// Commits everything submitted so far, then stops the thread. Requests
    /// submitted after this call fail with [`WriteError::Closed`] and are
    /// therefore never acknowledged.
    pub async fn close(mut self) {
        let _ = self.handle.tx.send(Job::Close).await;
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

fn run(
    store: Arc<dyn Store>,
    config: WriterConfig,
    mut rx: mpsc::Receiver<Job>,
    queued: Arc<AtomicUsize>,
) {
    // The writer's own single-threaded runtime gives it timed receives; the
    // commit itself runs synchronously here, off every other thread.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "track writer could not start its runtime");
            return;
        }
    };
    runtime.block_on(async move {
        let mut closing = false;
        while !closing {
            let Some(first) = rx.recv().await else { break };
            let deadline = tokio::time::Instant::now() + config.max_delay;
            let mut jobs = Vec::new();
            let mut records = 0;
            closing = take(first, &mut jobs, &mut records);
            while !closing && records < config.max_batch_records {
                match tokio::time::timeout_at(deadline, rx.recv()).await {
                    Ok(Some(job)) => closing = take(job, &mut jobs, &mut records),
                    Ok(None) | Err(_) => break,
                }
            }
            if closing {
                // Whatever was queued before the close is still committed.
                while let Ok(job) = rx.try_recv() {
                    take(job, &mut jobs, &mut records);
                }
            }
            commit(&*store, jobs, records, &queued);
        }
        tracing::debug!("track writer stopped");
    });
}

/// Adds a job to the batch; returns whether it was the close marker.
fn take(
    job: Job,
    jobs: &mut Vec<(CommitBatch, oneshot::Sender<Result<(), WriteError>>)>,
    records: &mut usize,
) -> bool {
    match job {
        Job::Commit { batch, done } => {
            *records += batch.points.len();
            jobs.push((batch, done));
            false
        }
        Job::Close => true,
    }
}

fn commit(
    store: &dyn Store,
    jobs: Vec<(CommitBatch, oneshot::Sender<Result<(), WriteError>>)>,
    records: usize,
    queued: &AtomicUsize,
) {
    if jobs.is_empty() {
        return;
    }
    let mut merged = CommitBatch {
        points: Vec::with_capacity(records),
        states: Vec::new(),
    };
    // Where each tracker's state is in `merged.states`.
    let mut state_at: HashMap<TrackerId, usize> = HashMap::new();
    let mut waiters = Vec::with_capacity(jobs.len());
    for (batch, done) in jobs {
        merged.points.extend(batch.points);
        for (tracker, state) in batch.states {
            // Two requests of one batch may carry the same tracker's state:
            // the later one is newer, and a store batch must not hold both.
            match state_at.get(&tracker) {
                Some(&at) => merged.states[at].1 = state,
                None => {
                    state_at.insert(tracker, merged.states.len());
                    merged.states.push((tracker, state));
                }
            }
        }
        waiters.push(done);
    }
    let started = Instant::now();
    let result = store
        .commit(&merged)
        .map_err(|e| WriteError::Store(Arc::new(e)));
    let elapsed = started.elapsed();
    let depth = queued
        .fetch_sub(records, Ordering::Relaxed)
        .saturating_sub(records);
    metrics::gauge!(m::WRITER_QUEUE_DEPTH).set(depth as f64);
    metrics::histogram!(m::COMMIT_SECONDS).record(elapsed.as_secs_f64());
    metrics::histogram!(m::COMMIT_RECORDS).record(records as f64);
    if let Err(error) = &result {
        metrics::counter!(m::COMMIT_FAILURES).increment(1);
        tracing::error!(%error, records, "group commit failed; its records stay unacknowledged");
    }
    for done in waiters {
        // A session that went away no longer needs its answer.
        let _ = done.send(result.clone());
    }
}
