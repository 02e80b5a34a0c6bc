//! Settings the actors run with. The gateway fills them from its config file.

use std::time::Duration;

use trackgate_protocols::Limits;

use crate::registrar::RegistrarConfig;

/// How device sessions behave.
#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// A connection that has not identified itself within this time is closed.
    pub login_timeout: Duration,
    /// A connection silent for this long is closed.
    pub idle_timeout: Duration,
    /// A connection holding the start of a frame this long without the
    /// rest is closed (and the bytes it held let go).
    pub frame_timeout: Duration,
    /// Frame bounds the codecs enforce.
    pub limits: Limits,
    /// Create a tracker for an unknown device id instead of refusing it.
    pub register_unknown: bool,
    /// How long a device has to answer a command before it is sent again
    /// (reliable commands) or fails.
    pub command_answer_timeout: Duration,
    /// How trackers for unknown devices are created.
    pub registrar: RegistrarConfig,
    /// A connected tracker's state is persisted with its session's first
    /// commit, then with at most one commit per this interval, and when the
    /// session ends; in between, only the points are written (the state is
    /// brought up to date from them when it is read back after a crash).
    /// Zero persists it with every commit.
    pub state_checkpoint: Duration,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            login_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(600),
            frame_timeout: Duration::from_secs(60),
            limits: Limits::default(),
            register_unknown: false,
            command_answer_timeout: Duration::from_secs(60),
            registrar: RegistrarConfig::default(),
            state_checkpoint: Duration::from_secs(300),
        }
    }
}

/// How the track writer batches.
#[derive(Debug, Clone)]
pub struct WriterConfig {
    /// A batch is committed as soon as it holds this many records...
    pub max_batch_records: usize,
    /// ...or this long after its first record arrived, whichever comes first.
    /// Zero (the default) commits whatever is queued as soon as the previous
    /// commit is done: requests that arrive during a commit form the next
    /// batch, so batches grow with the load without adding a fixed wait.
    pub max_delay: Duration,
    /// Commit requests that may wait for the writer. When the queue is full,
    /// sessions wait too, and stop reading from their sockets.
    pub queue_capacity: usize,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self {
            max_batch_records: 1000,
            max_delay: Duration::ZERO,
            queue_capacity: 4096,
        }
    }
}
