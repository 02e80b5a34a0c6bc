//! A tracker's `connection_status` and `movement_status`, as Navixy
//! defines them, with thresholds from the gateway's `[state]` configuration.
//!
//! Connection, from the time of the last data and of the last valid fix:
//! - `just_registered`: no data yet, registered less than
//!   [`StatusRules::signal_lost_after_ms`] ago;
//! - `just_replaced`: moved to another device (`tracker/replace`) less than
//!   that ago, and no data from it yet;
//! - `signal_lost`: no data yet (or none since the replacement), for
//!   longer than that;
//! - `offline`: no data for more than [`StatusRules::offline_after_ms`],
//!   whether or not a connection is still open;
//! - `idle`: data within that time, but no valid fix within
//!   [`StatusRules::idle_after_ms`] (judged by the fix's own time, so
//!   buffered old fixes do not make a tracker active);
//! - `active`: otherwise.
//!
//! Movement, from the newest record and the last time it was seen moving:
//! - `moving`: the newest record moves (its motion flag, else its speed);
//! - `stopped`: not moving for at most [`StatusRules::parked_after_ms`],
//!   ignition not known to be off;
//! - `parked`: stationary for longer, or the ignition is off, or never moved.

use trackgate_protocols::{Sensor, Value as Reading};
use trackgate_store::{Tracker, TrackerState};

/// When a tracker got its current device: registered, and replaced if it
/// was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Since {
    /// When the tracker was registered, ms since the epoch.
    pub registered_ms: i64,
    /// When it last moved to another device, ms since the epoch.
    pub replaced_ms: Option<i64>,
}

impl Since {
    /// `tracker`'s times.
    pub fn of(tracker: &Tracker) -> Self {
        Self {
            registered_ms: tracker.created_ms,
            replaced_ms: tracker.replaced_ms,
        }
    }

    /// A tracker registered at `registered_ms` and never replaced.
    pub fn registered(registered_ms: i64) -> Self {
        Self {
            registered_ms,
            replaced_ms: None,
        }
    }
}

/// The thresholds the statuses are judged by, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRules {
    /// No data for longer than this: `offline` (Navixy: 10 minutes).
    pub offline_after_ms: i64,
    /// No valid fix for longer than this: `idle` (Navixy: 5 minutes).
    pub idle_after_ms: i64,
    /// Stationary for longer than this: `parked` (Navixy: 5 minutes).
    pub parked_after_ms: i64,
    /// Registered this long without any data: `signal_lost` (1 day).
    pub signal_lost_after_ms: i64,
}

impl Default for StatusRules {
    fn default() -> Self {
        const MINUTE: i64 = 60_000;
        Self {
            offline_after_ms: 10 * MINUTE,
            idle_after_ms: 5 * MINUTE,
            parked_after_ms: 5 * MINUTE,
            signal_lost_after_ms: 24 * 60 * MINUTE,
        }
    }
}

/// A movement status and when it last changed, when that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    /// `moving`, `stopped` or `parked`.
    pub status: &'static str,
    /// When the tracker entered this status: the end of its last movement
    /// for `stopped` (and an ignition-off `parked`), that plus the parking
    /// threshold for a `parked` by time; unknown while `moving` or when it
    /// never moved.
    pub since_ms: Option<i64>,
}

impl StatusRules {
    /// `connection_status` at `now` of a tracker with device times `since`.
    pub fn connection(&self, state: &TrackerState, since: Since, now: i64) -> &'static str {
        if let Some(replaced) = since.replaced_ms
            && state.last_update_ms.is_none_or(|last| last < replaced)
        {
            return if now - replaced > self.signal_lost_after_ms {
                "signal_lost"
            } else {
                "just_replaced"
            };
        }
        let Some(last) = state.last_update_ms else {
            return if now - since.registered_ms > self.signal_lost_after_ms {
                "signal_lost"
            } else {
                "just_registered"
            };
        };
        if now - last > self.offline_after_ms {
            return "offline";
        }
        match &state.last_gps {
            Some(gps) if now - gps.value.fix_time_ms <= self.idle_after_ms => "active",
            _ => "idle",
        }
    }

    /// `movement_status` at `now`.
    pub fn movement(&self, state: &TrackerState, now: i64) -> Movement {
        let newest = state.last_record.as_ref().map(|r| r.updated_ms);
        let Some(moved) = state.last_moving_ms else {
            return Movement {
                status: "parked",
                since_ms: None,
            };
        };
        if newest.is_none_or(|newest| moved >= newest) {
            return Movement {
                status: "moving",
                since_ms: None,
            };
        }
        let ignition_off = matches!(
            state.values.get(Sensor::Ignition.name().as_ref()),
            Some(timed) if timed.value == Reading::Bool(false) && timed.updated_ms >= moved
        );
        if ignition_off {
            return Movement {
                status: "parked",
                since_ms: Some(moved),
            };
        }
        if now - moved > self.parked_after_ms {
            Movement {
                status: "parked",
                since_ms: Some(moved + self.parked_after_ms),
            }
        } else {
            Movement {
                status: "stopped",
                since_ms: Some(moved),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use trackgate_protocols::Record;
    use trackgate_store::Timed;

    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn rules() -> StatusRules {
        StatusRules::default()
    }

    fn with_fix(fix_ms: i64, received_ms: i64) -> TrackerState {
        TrackerState {
            last_gps: Some(std::sync::Arc::new(Timed {
                value: Record::at(fix_ms, 1.0, 2.0),
                updated_ms: fix_ms,
            })),
            last_update_ms: Some(received_ms),
            ..TrackerState::default()
        }
    }

    #[test]
    fn a_replaced_tracker_is_just_replaced_until_its_new_device_reports() {
        let rules = rules();
        let replaced = NOW - 1_000;
        let since = Since {
            registered_ms: 0,
            replaced_ms: Some(replaced),
        };
        let old_data = TrackerState {
            last_update_ms: Some(replaced - 1),
            ..TrackerState::default()
        };
        assert_eq!(rules.connection(&old_data, since, NOW), "just_replaced");
        assert_eq!(
            rules.connection(&TrackerState::default(), since, NOW),
            "just_replaced"
        );
        let long_after = replaced + rules.signal_lost_after_ms + 1;
        assert_eq!(
            rules.connection(&old_data, since, long_after),
            "signal_lost"
        );
        let new_data = TrackerState {
            last_update_ms: Some(replaced),
            ..TrackerState::default()
        };
        assert_eq!(rules.connection(&new_data, since, NOW), "idle");
    }

    #[test]
    fn a_tracker_without_data_is_just_registered_then_signal_lost() {
        let rules = rules();
        let empty = TrackerState::default();
        let at = |registered| rules.connection(&empty, Since::registered(registered), NOW);
        assert_eq!(at(NOW), "just_registered");
        assert_eq!(at(NOW - rules.signal_lost_after_ms), "just_registered");
        assert_eq!(at(NOW - rules.signal_lost_after_ms - 1), "signal_lost");
    }

    #[test]
    fn offline_exactly_after_the_threshold_without_data() {
        let rules = rules();
        let state = with_fix(NOW - rules.offline_after_ms, NOW - rules.offline_after_ms);
        assert_eq!(rules.connection(&state, Since::default(), NOW), "idle");
        let state = with_fix(NOW, NOW - rules.offline_after_ms - 1);
        assert_eq!(rules.connection(&state, Since::default(), NOW), "offline");
    }

    #[test]
    fn idle_exactly_after_the_threshold_without_a_fresh_fix() {
        let rules = rules();
        let fresh = with_fix(NOW - rules.idle_after_ms, NOW);
        assert_eq!(rules.connection(&fresh, Since::default(), NOW), "active");
        let stale = with_fix(NOW - rules.idle_after_ms - 1, NOW);
        assert_eq!(rules.connection(&stale, Since::default(), NOW), "idle");
        let no_fix = TrackerState {
            last_update_ms: Some(NOW),
            ..TrackerState::default()
        };
        assert_eq!(rules.connection(&no_fix, Since::default(), NOW), "idle");
    }

    fn moving_until(moved_ms: i64, newest_ms: i64) -> TrackerState {
        let mut state = with_fix(newest_ms, newest_ms);
        state.last_record = state.last_gps.clone();
        state.last_moving_ms = Some(moved_ms);
        state
    }

    #[test]
    fn moving_while_the_newest_record_moves() {
        let rules = rules();
        let state = moving_until(NOW - 1_000, NOW - 1_000);
        let movement = rules.movement(&state, NOW);
        assert_eq!((movement.status, movement.since_ms), ("moving", None));
        assert_eq!(
            rules.movement(&TrackerState::default(), NOW),
            Movement {
                status: "parked",
                since_ms: None
            }
        );
    }

    #[test]
    fn stopped_then_parked_exactly_at_the_threshold() {
        let rules = rules();
        let moved = NOW - rules.parked_after_ms;
        let state = moving_until(moved, NOW - 1_000);
        assert_eq!(
            rules.movement(&state, NOW),
            Movement {
                status: "stopped",
                since_ms: Some(moved)
            }
        );
        assert_eq!(
            rules.movement(&state, NOW + 1),
            Movement {
                status: "parked",
                since_ms: Some(NOW)
            }
        );
    }

    #[test]
    fn ignition_off_after_the_stop_parks_at_once() {
        let rules = rules();
        let moved = NOW - 10_000;
        let mut state = moving_until(moved, NOW - 1_000);
        let ignition = |on: bool, at: i64| Timed {
            value: Reading::Bool(on),
            updated_ms: at,
        };
        state
            .values
            .insert("ignition".into(), ignition(true, NOW - 1_000));
        assert_eq!(rules.movement(&state, NOW).status, "stopped");
        state
            .values
            .insert("ignition".into(), ignition(false, NOW - 1_000));
        assert_eq!(
            rules.movement(&state, NOW),
            Movement {
                status: "parked",
                since_ms: Some(moved)
            }
        );
        // An ignition reading older than the movement says nothing of the stop.
        state
            .values
            .insert("ignition".into(), ignition(false, moved - 1));
        assert_eq!(rules.movement(&state, NOW).status, "stopped");
    }
}
