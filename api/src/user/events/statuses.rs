//! Statuses that change with time alone.
//!
//! `connection_status` and `movement_status` are judged from a state's
//! times against the `[state]` thresholds, so a tracker that falls silent
//! turns `idle`, then `offline`, and a stopped one `parked`, without any
//! new data arriving. The push channel keeps, for every watched tracker,
//! the last state it pushed and the statuses it showed, and sweeps them
//! (every [`super::limits::STATUS_SWEEP`]): a tracker whose statuses
//! have changed since is pushed again as a change.

use std::collections::HashMap;
use std::sync::Arc;

use trackgate_store::TrackerState;

use crate::user::status::{Since, StatusRules};

/// What was last pushed of one tracker.
#[derive(Debug, Clone)]
struct Seen {
    /// `None` until a state of it has been pushed.
    state: Option<Arc<TrackerState>>,
    since: Since,
    statuses: (&'static str, &'static str),
}

/// The watched trackers' last pushed states and statuses.
#[derive(Debug, Default)]
pub struct Watchlist {
    seen: HashMap<u64, Seen>,
}

fn statuses(
    state: &TrackerState,
    since: Since,
    now: i64,
    rules: &StatusRules,
) -> (&'static str, &'static str) {
    (
        rules.connection(state, since, now),
        rules.movement(state, now).status,
    )
}

impl Watchlist {
    /// Starts watching `id`, which got its device at `since` (a tracker
    /// already watched keeps what was pushed of it).
    pub fn watch(&mut self, id: u64, since: Since) {
        self.seen.entry(id).or_insert(Seen {
            state: None,
            since,
            statuses: ("", ""),
        });
    }

    /// When `id` got its device (the default if it is not watched).
    pub fn since(&self, id: u64) -> Since {
        self.seen.get(&id).map_or_else(Since::default, |s| s.since)
    }

    /// `state` of `id` was pushed at `now`.
    pub fn pushed(&mut self, id: u64, state: Arc<TrackerState>, now: i64, rules: &StatusRules) {
        if let Some(seen) = self.seen.get_mut(&id) {
            seen.statuses = statuses(&state, seen.since, now, rules);
            seen.state = Some(state);
        }
    }

    /// Stops watching `id`.
    pub fn forget(&mut self, id: u64) {
        self.seen.remove(&id);
    }

    /// The trackers whose statuses at `now` differ from those last pushed,
    /// with their last state; they count as pushed from here on.
    pub fn changed(&mut self, now: i64, rules: &StatusRules) -> Vec<(u64, Arc<TrackerState>)> {
        let mut out = Vec::new();
        for (id, seen) in &mut self.seen {
            let Some(state) = &seen.state else { continue };
            let current = statuses(state, seen.since, now, rules);
            if current != seen.statuses {
                seen.statuses = current;
                out.push((*id, state.clone()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_tracker_is_pushed_once_per_status_change() {
        let rules = StatusRules::default();
        let t0 = 1_700_000_000_000;
        let state = Arc::new(TrackerState {
            last_update_ms: Some(t0),
            ..TrackerState::default()
        });
        let mut list = Watchlist::default();
        list.watch(7, Since::registered(t0 - 1_000));
        assert!(list.changed(t0, &rules).is_empty(), "nothing pushed yet");
        list.pushed(7, state, t0, &rules);
        assert!(
            list.changed(t0 + 1_000, &rules).is_empty(),
            "nothing new yet"
        );
        let offline = t0 + rules.offline_after_ms + 1;
        let changed = list.changed(offline, &rules);
        assert_eq!(changed.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [7]);
        assert!(list.changed(offline + 60_000, &rules).is_empty(), "once");
        list.forget(7);
        assert_eq!(list.since(7), Since::default());
    }
}
