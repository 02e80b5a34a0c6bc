//! The behaviour every storage adapter must show, as functions over
//! `&dyn Store`.
//!
//! An adapter's tests open a fresh store and call [`run_all`] (or the
//! functions one by one). Each function panics, as a test does, when the
//! store breaks the contract. Each creates its own users, trackers, logins,
//! device ids, hashes and keys, so they can share one store, in any order;
//! they assume only that nothing else writes those names meanwhile.
//!
//! # Layout
//!
//! - [`tracks`]: commit, read_track, scan_track and state.
//! - [`accounts`]: users and trackers.
//! - [`access`]: sessions and API keys.
//! - [`commands`]: commands to devices.
//! - [`tenancy`]: tags and tracker groups; [`subusers`]: sub-users, and
//!   what deletes remove of all three.

pub mod access;
pub mod accounts;
pub mod clones;
pub mod commands;
pub mod subusers;
pub mod tenancy;
pub mod tracks;

use std::fmt::Debug;

pub use access::*;
pub use accounts::*;
pub use commands::*;
use trackgate_protocols::Record;
pub use tracks::*;

use crate::model::*;
use crate::ports::{Store, StoreError};

/// Runs every contract function on `store`.
pub fn run_all(store: &dyn Store) {
    tracks::track_is_ordered_bounded_and_limited(store);
    tracks::trackers_never_mix(store);
    tracks::resent_point_is_stored_once(store);
    tracks::extreme_times_sort_right(store);
    tracks::state_is_overwritten_and_read(store);
    tracks::empty_commit_is_ok(store);
    tracks::scan_matches_read_and_stops_on_break(store);
    accounts::users_are_created_found_listed_updated(store);
    accounts::login_is_unique(store);
    accounts::ids_are_never_reused(store);
    accounts::delete_user_cascades(store);
    accounts::trackers_are_created_found_updated(store);
    accounts::device_id_is_unique(store);
    accounts::tracker_owner_must_exist(store);
    accounts::delete_tracker_removes_points_and_state(store);
    clones::clones_follow_their_source(store);
    access::sessions_are_put_got_deleted(store);
    access::api_keys_are_put_listed_deleted(store);
    commands::commands_are_queued_listed_updated(store);
    commands::commands_need_their_tracker(store);
    tenancy::tags_are_created_bound_and_deleted(store);
    tenancy::groups_hold_trackers_until_deleted(store);
    subusers::subusers_are_linked_and_bound(store);
    subusers::deletes_cascade_through_tenancy(store);
}

/// The value of `result`, or a panic naming `what` and the error.
#[track_caller]
fn ok<T>(result: Result<T, StoreError>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(e) => panic!("{what}: unexpected error: {e}"),
    }
}

/// Panics unless `result` is the error `expected` names.
#[track_caller]
fn expect_err<T: Debug>(result: Result<T, StoreError>, expected: &str, what: &str) {
    let matched = match &result {
        Err(StoreError::Conflict(_)) => expected == "Conflict",
        Err(StoreError::NotFound(_)) => expected == "NotFound",
        _ => false,
    };
    assert!(matched, "{what}: expected {expected}, got {result:?}");
}

/// Creates a user with `login`.
#[track_caller]
fn new_user(store: &dyn Store, login: &str) -> User {
    ok(
        store.create_user(NewUser {
            login: login.into(),
            password_hash: String::new(),
            created_ms: 1_700_000_000_000,
        }),
        "create_user",
    )
}

/// Creates a tracker with `device_id`, owned by `owner`.
#[track_caller]
fn new_tracker(store: &dyn Store, device_id: &str, owner: Option<UserId>) -> Tracker {
    ok(
        store.create_tracker(NewTracker {
            device_id: device_id.into(),
            label: format!("label of {device_id}"),
            model: "teltonika".into(),
            owner,
            created_ms: 1_700_000_000_000,
        }),
        "create_tracker",
    )
}

/// A point of `tracker` at `fix_time_ms`; `latitude` tells points apart.
fn point(tracker: TrackerId, fix_time_ms: i64, latitude: f64) -> StoredPoint {
    StoredPoint {
        tracker,
        received_ms: 1_700_000_000_000,
        record: Record::at(fix_time_ms, latitude, 13.4),
    }
}

/// Commits `points` and no states.
#[track_caller]
fn commit_points(store: &dyn Store, points: Vec<StoredPoint>) {
    ok(
        store.commit(&CommitBatch {
            points,
            states: Vec::new(),
        }),
        "commit",
    );
}

/// Every point of `tracker`, whatever its time.
#[track_caller]
fn whole_track(store: &dyn Store, tracker: TrackerId) -> Vec<StoredPoint> {
    ok(
        store.read_track(tracker, i64::MIN, i64::MAX, usize::MAX),
        "read_track",
    )
}

/// The fix times of `points`, in their order.
fn times(points: &[StoredPoint]) -> Vec<i64> {
    points.iter().map(|p| p.record.fix_time_ms).collect()
}
