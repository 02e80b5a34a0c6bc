//! The arbiters device sessions run on.
//!
//! Each shard is one actix `Arbiter`: an OS thread with its own
//! single-threaded runtime. A session created on a shard stays there, so its
//! socket, codec and state are only ever touched by that thread. The
//! listener picks shards round-robin.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix::{Arbiter, ArbiterHandle};

/// A fixed set of arbiters.
#[derive(Debug)]
pub struct Shards {
    arbiters: Vec<Arbiter>,
    handles: Vec<ArbiterHandle>,
    next: AtomicUsize,
}

impl Shards {
    /// Starts `count` arbiters (at least one).
    pub fn start(count: usize) -> Self {
        let arbiters: Vec<Arbiter> = (0..count.max(1)).map(|_| Arbiter::new()).collect();
        let handles = arbiters.iter().map(|a| a.handle()).collect();
        Self {
            arbiters,
            handles,
            next: AtomicUsize::new(0),
        }
    }

    /// How many shards there are.
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    /// Always false: there is at least one shard.
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }

    /// The next shard in round-robin order, with its index.
    pub fn next(&self) -> (usize, &ArbiterHandle) {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.handles.len();
        (index, &self.handles[index])
    }

    /// Runs `f` once on every shard's thread.
    pub fn on_each(&self, f: impl Fn() + Send + Clone + 'static) {
        for handle in &self.handles {
            let f = f.clone();
            handle.spawn_fn(f);
        }
    }

    /// Stops every arbiter without waiting: the sessions on them are
    /// dropped with their sockets, nothing of theirs finishing (a node
    /// killed, as SIGKILL would).
    pub fn halt(&self) {
        for arbiter in &self.arbiters {
            arbiter.stop();
        }
    }

    /// Stops every arbiter and waits for its thread to end.
    pub fn stop(self) {
        for arbiter in &self.arbiters {
            arbiter.stop();
        }
        for arbiter in self.arbiters {
            let _ = arbiter.join();
        }
    }
}
