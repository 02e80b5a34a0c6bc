//! The change feed: every change of a watched tracker's live state, handed
//! to whoever watches it (the User API's live push).
//!
//! The registry calls [`Feed::notify`] whenever a session publishes its
//! tracker's state, and when a tracker connects or disconnects. That runs on
//! the ingest path, after every commit, so it must cost next to nothing when
//! nobody watches: one atomic load while no tracker at all is watched, one
//! map read (no allocation, no write lock) while only other trackers are.
//!
//! A watcher is a [`Subscriber`]: a bounded queue of [`Change`]s. The feed
//! never waits for one. When a subscriber's queue is full, it is marked
//! overflowed and gets nothing more; its owner sees that through
//! [`Watch::overflowed`] and drops the client. A slow client therefore
//! costs its own queue and nothing else: devices and sessions never wait.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use dashmap::DashMap;
use tokio::sync::{Notify, mpsc};
use trackgate_store::{TrackerId, TrackerState};

use crate::metrics as m;

/// One change of a tracker's live state.
#[derive(Debug, Clone)]
pub struct Change {
    /// The tracker that changed.
    pub tracker: TrackerId,
    /// Its state now (the very `Arc` the session published).
    pub state: Arc<TrackerState>,
    /// Whether a session for it is open now.
    pub connected: bool,
}

/// The feed's end of one subscriber's queue.
#[derive(Debug)]
pub struct Outlet {
    tx: mpsc::Sender<Change>,
    overflowed: AtomicBool,
    overflow: Notify,
}

impl Outlet {
    /// Queues a change without waiting; a full queue marks the subscriber overflowed.
    fn offer(&self, change: Change) {
        if self.overflowed.load(Ordering::Relaxed) {
            return;
        }
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(change) {
            self.overflowed.store(true, Ordering::Relaxed);
            metrics::counter!(m::PUSH_OVERFLOWS).increment(1);
            self.overflow.notify_one();
        }
        // A closed queue belongs to a subscriber that is going away and
        // unwatches everything as it goes: nothing to do.
    }
}

/// A watcher's end: the changes of every tracker it watches, in order per tracker.
#[derive(Debug)]
pub struct Subscriber {
    rx: mpsc::Receiver<Change>,
    watch: Watch,
}

impl Subscriber {
    /// A subscriber whose queue holds up to `capacity` changes.
    pub fn new(capacity: usize) -> Self {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        Self {
            rx,
            watch: Watch(Arc::new(Outlet {
                tx,
                overflowed: AtomicBool::new(false),
                overflow: Notify::new(),
            })),
        }
    }

    /// The handle the feed is given to watch trackers for this subscriber.
    pub fn watch(&self) -> Watch {
        self.watch.clone()
    }

    /// The next change (waits for one).
    pub async fn recv(&mut self) -> Option<Change> {
        self.rx.recv().await
    }

    /// The next change if one is queued.
    pub fn try_recv(&mut self) -> Option<Change> {
        self.rx.try_recv().ok()
    }
}

/// A subscriber as the feed knows it (cheap to clone).
#[derive(Debug, Clone)]
pub struct Watch(Arc<Outlet>);

impl Watch {
    /// Whether the subscriber's queue ever filled up (changes were lost since).
    pub fn is_overflowed(&self) -> bool {
        self.0.overflowed.load(Ordering::Relaxed)
    }

    /// Resolves once the queue has filled up (at once if it already has).
    pub async fn overflowed(&self) {
        if !self.is_overflowed() {
            self.0.overflow.notified().await;
        }
    }
}

/// Who watches which tracker.
#[derive(Debug, Default)]
pub struct Feed {
    watchers: DashMap<TrackerId, Vec<Arc<Outlet>>>,
    /// Trackers with at least one watcher: zero means `notify` returns at once.
    watched: AtomicUsize,
}

impl Feed {
    /// An empty feed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes `subscriber` receive the changes of `tracker` (once, however
    /// often it asks).
    pub fn watch(&self, tracker: TrackerId, subscriber: &Watch) {
        let mut list = self.watchers.entry(tracker).or_default();
        if list.is_empty() {
            self.watched.fetch_add(1, Ordering::Release);
        }
        if !list.iter().any(|o| Arc::ptr_eq(o, &subscriber.0)) {
            list.push(subscriber.0.clone());
        }
    }

    /// Stops `subscriber` receiving the changes of `tracker`.
    pub fn unwatch(&self, tracker: TrackerId, subscriber: &Watch) {
        // The count changes under the entry's lock, at the moment a list
        // turns empty (here) or non-empty (in `watch`), so it stays exact.
        let emptied = match self.watchers.get_mut(&tracker) {
            Some(mut list) => {
                let before = list.len();
                list.retain(|o| !Arc::ptr_eq(o, &subscriber.0));
                let emptied = before > 0 && list.is_empty();
                if emptied {
                    self.watched.fetch_sub(1, Ordering::Release);
                }
                emptied
            }
            None => false,
        };
        if emptied {
            self.watchers.remove_if(&tracker, |_, list| list.is_empty());
        }
    }

    /// Whether anyone watches any tracker.
    pub fn is_idle(&self) -> bool {
        self.watched.load(Ordering::Acquire) == 0
    }

    /// How many subscribers watch `tracker`.
    pub fn watchers(&self, tracker: TrackerId) -> usize {
        self.watchers.get(&tracker).map_or(0, |list| list.len())
    }

    /// Hands a change of `tracker` to its watchers, never waiting.
    pub fn notify(&self, tracker: TrackerId, state: &Arc<TrackerState>, connected: bool) {
        if self.is_idle() {
            return;
        }
        let Some(list) = self.watchers.get(&tracker) else {
            return;
        };
        for outlet in list.iter() {
            outlet.offer(Change {
                tracker,
                state: state.clone(),
                connected,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(last_update_ms: i64) -> Arc<TrackerState> {
        Arc::new(TrackerState {
            last_update_ms: Some(last_update_ms),
            ..TrackerState::default()
        })
    }

    #[test]
    fn changes_reach_only_the_watchers_of_their_tracker() {
        let feed = Feed::new();
        let (mut a, mut b) = (Subscriber::new(8), Subscriber::new(8));
        feed.watch(TrackerId(1), &a.watch());
        feed.watch(TrackerId(1), &a.watch());
        feed.watch(TrackerId(2), &b.watch());
        assert_eq!(feed.watchers(TrackerId(1)), 1, "watching twice is once");

        feed.notify(TrackerId(1), &state(10), true);
        feed.notify(TrackerId(3), &state(30), true);
        let change = a.try_recv().expect("a change of tracker 1");
        assert_eq!((change.tracker, change.connected), (TrackerId(1), true));
        assert_eq!(change.state.last_update_ms, Some(10));
        assert!(a.try_recv().is_none());
        assert!(b.try_recv().is_none(), "b watches tracker 2 only");
    }

    #[test]
    fn unwatching_the_last_watcher_makes_the_feed_idle() {
        let feed = Feed::new();
        let (a, b) = (Subscriber::new(8), Subscriber::new(8));
        assert!(feed.is_idle());
        feed.watch(TrackerId(1), &a.watch());
        feed.watch(TrackerId(1), &b.watch());
        feed.unwatch(TrackerId(1), &a.watch());
        assert!(!feed.is_idle());
        assert_eq!(feed.watchers(TrackerId(1)), 1);
        feed.unwatch(TrackerId(1), &b.watch());
        feed.unwatch(TrackerId(1), &b.watch());
        assert!(feed.is_idle());
        assert_eq!(feed.watchers(TrackerId(1)), 0);
    }

    #[test]
    fn a_full_queue_overflows_that_subscriber_only() {
        let feed = Feed::new();
        let (mut slow, mut fast) = (Subscriber::new(2), Subscriber::new(8));
        feed.watch(TrackerId(1), &slow.watch());
        feed.watch(TrackerId(1), &fast.watch());
        for n in 0..3 {
            feed.notify(TrackerId(1), &state(n), true);
            assert!(
                fast.try_recv().is_some(),
                "the reading subscriber gets every change"
            );
        }
        assert!(slow.watch().is_overflowed());
        assert!(!fast.watch().is_overflowed());
        // What was queued before the overflow stays; nothing after it is offered.
        assert_eq!(
            slow.try_recv().map(|c| c.state.last_update_ms),
            Some(Some(0))
        );
        assert_eq!(
            slow.try_recv().map(|c| c.state.last_update_ms),
            Some(Some(1))
        );
        feed.notify(TrackerId(1), &state(9), false);
        assert!(slow.try_recv().is_none());
        assert_eq!(fast.try_recv().map(|c| c.connected), Some(false));
    }

    #[actix_rt::test]
    async fn overflowed_resolves_after_the_overflow_and_at_once_later() {
        let feed = Feed::new();
        let slow = Subscriber::new(1);
        feed.watch(TrackerId(1), &slow.watch());
        feed.notify(TrackerId(1), &state(1), true);
        assert!(!slow.watch().is_overflowed());
        feed.notify(TrackerId(1), &state(2), true);
        slow.watch().overflowed().await;
        slow.watch().overflowed().await;
    }
}
