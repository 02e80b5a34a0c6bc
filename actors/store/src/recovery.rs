//! A tracker's last state, brought up to date from the points stored after
//! it was persisted.
//!
//! A connected device's session persists its state now and then (on its
//! first commit, at most every checkpoint interval after that, and when it
//! ends), not with every packet: the points are what must be durable
//! before an ack, and the state is a function of them. A state persisted
//! by a session that ended (its `disconnected_ms` is set) is exact. One
//! without an end was left by a session that is still running somewhere,
//! or by a process that died: the points stored after it are applied to it
//! here. Applying records is order-free and idempotent, so a point applied
//! twice changes nothing.
//!
//! The points looked at are those received since the state's last update
//! whose fix time is at or after the older of its last record and last GNSS
//! fix (all of them if it has neither). A record received in that window
//! with an even older fix time can only change a reading the state has not
//! had since; it shows once the device reports that reading again.

use std::ops::ControlFlow;

use crate::model::{TrackerId, TrackerState};
use crate::ports::{StoreError, TrackStore};

/// The tracker's last state, with the points stored after it applied.
pub fn current_state<S: TrackStore + ?Sized>(
    store: &S,
    tracker: TrackerId,
) -> Result<Option<TrackerState>, StoreError> {
    let Some(mut state) = store.state(tracker)? else {
        return Ok(None);
    };
    roll_forward(store, tracker, &mut state)?;
    Ok(Some(state))
}

/// Applies to `state` the points stored since it was persisted, unless it
/// was persisted by a session that ended (it is exact then).
pub fn roll_forward<S: TrackStore + ?Sized>(
    store: &S,
    tracker: TrackerId,
    state: &mut TrackerState,
) -> Result<(), StoreError> {
    if state.disconnected_ms.is_some() {
        return Ok(());
    }
    let Some(through) = state.last_update_ms else {
        return Ok(());
    };
    // Fix times are the device's clock, received times the gateway's: the
    // floor is a fix time the state already holds, never one derived from
    // the gateway's clock.
    let floor = [&state.last_record, &state.last_gps]
        .into_iter()
        .filter_map(|part| part.as_ref().map(|timed| timed.updated_ms))
        .min()
        .unwrap_or(i64::MIN);
    let mut latest = through;
    store.scan_track(tracker, floor, i64::MAX, &mut |point| {
        // Points of the commit that persisted the state carry its time:
        // applying them again is harmless.
        if point.received_ms >= through {
            state.apply_records(std::slice::from_ref(&point.record), point.received_ms);
            latest = latest.max(point.received_ms);
        }
        ControlFlow::Continue(())
    })?;
    state.last_update_ms = Some(latest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use trackgate_protocols::{NamedValue, Record, Sensor, Value};

    use super::*;
    use crate::embedded::EmbeddedStore;
    use crate::model::{CommitBatch, StoredPoint};

    const TRACKER: TrackerId = TrackerId(7);
    /// Received times: years after the fixes below, as when a device
    /// uploads old data (the gateway's clock and the device's differ).
    const NOW: i64 = 1_796_675_850_000;

    fn record(at: i64, lat: f64, ignition: bool) -> Record {
        let mut record = Record::at(at, lat, 10.0);
        record
            .values
            .push(NamedValue::new(Sensor::Ignition, Value::Bool(ignition)));
        record
    }

    /// Commits `records` received at `now`, with the state a session
    /// would hold after them if `persist`.
    fn commit(
        store: &EmbeddedStore,
        live: &mut TrackerState,
        records: &[Record],
        now: i64,
        persist: bool,
    ) {
        live.apply_records(records, now);
        let points = records
            .iter()
            .map(|record| StoredPoint {
                tracker: TRACKER,
                received_ms: now,
                record: record.clone(),
            })
            .collect();
        let states = if persist {
            vec![(TRACKER, live.clone())]
        } else {
            Vec::new()
        };
        store
            .commit(&CommitBatch { points, states })
            .expect("commit");
    }

    #[test]
    fn a_checkpoint_and_the_points_after_it_give_the_live_state() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = EmbeddedStore::open(dir.path()).expect("store");
        let mut live = TrackerState {
            connected_ms: Some(1),
            ..TrackerState::default()
        };
        commit(
            &store,
            &mut live,
            &[record(1_000, 1.0, false)],
            NOW + 10_000,
            true,
        );
        // Later packets, one of them buffered (an older fix), none persisting the state.
        commit(
            &store,
            &mut live,
            &[record(3_000, 3.0, true)],
            NOW + 20_000,
            false,
        );
        commit(
            &store,
            &mut live,
            &[record(2_000, 2.0, false)],
            NOW + 30_000,
            false,
        );

        let stored = store.state(TRACKER).expect("read").expect("state");
        assert_eq!(
            stored.last_update_ms,
            Some(NOW + 10_000),
            "the checkpoint is the first commit's"
        );
        let current = current_state(&store, TRACKER)
            .expect("read")
            .expect("state");
        assert_eq!(current, live);
        assert_eq!(
            current.last_gps.as_ref().map(|t| t.value.latitude),
            Some(3.0)
        );
        assert_eq!(current.values["ignition"].value, Value::Bool(true));
        assert_eq!(current.last_update_ms, Some(NOW + 30_000));
    }

    #[test]
    fn a_state_its_session_ended_with_is_taken_as_it_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = EmbeddedStore::open(dir.path()).expect("store");
        let mut live = TrackerState {
            disconnected_ms: Some(15_000),
            ..TrackerState::default()
        };
        commit(
            &store,
            &mut live,
            &[record(1_000, 1.0, false)],
            10_000,
            true,
        );
        // A point stored without the state (another path wrote it): an
        // ended session's state is exact, so it is not applied.
        let mut other = live.clone();
        commit(
            &store,
            &mut other,
            &[record(5_000, 5.0, true)],
            20_000,
            false,
        );
        let current = current_state(&store, TRACKER)
            .expect("read")
            .expect("state");
        assert_eq!(current, live);
    }

    #[test]
    fn no_state_means_none_and_points_before_the_checkpoint_change_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = EmbeddedStore::open(dir.path()).expect("store");
        assert_eq!(current_state(&store, TRACKER).expect("read"), None);
        let mut live = TrackerState::default();
        commit(
            &store,
            &mut live,
            &[record(1_000, 1.0, true)],
            10_000,
            false,
        );
        commit(
            &store,
            &mut live,
            &[record(2_000, 2.0, false)],
            20_000,
            true,
        );
        let current = current_state(&store, TRACKER)
            .expect("read")
            .expect("state");
        assert_eq!(current, live);
        assert_eq!(current.values["ignition"].value, Value::Bool(false));
    }
}
