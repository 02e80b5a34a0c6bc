//! The behaviour every storage adapter must show, as functions over
//! `&dyn Store`.
//!
//! An adapter's tests open a store and call [`run_all`]: every case in
//! [`CASES`] runs, each on its own, and the call fails naming every case
//! that broke the contract. Each case creates its own users, trackers,
//! logins, device ids, hashes and keys, so they can share one store (a
//! fresh directory, or a shared cluster keyspace), in any order; they
//! assume only that nothing else writes those names meanwhile.
//!
//! A new adapter joins by calling [`run_all`] from its own test with a
//! store of its kind, beside the embedded store's (`tests/contract.rs`):
//! the same cases, from the same code.
//!
//! # Layout
//!
//! - [`tracks`]: commit, read_track, scan_track and state.
//! - [`accounts`]: users and trackers.
//! - [`access`]: sessions and API keys, by the digest of their secret.
//! - [`commands`]: commands to devices.
//! - [`tenancy`]: tags and tracker groups; [`subusers`]: sub-users, and
//!   what deletes remove of all three.
//! - [`operator`]: privileges and managers, billing plans, expiries and
//!   history retention; [`panel`]: the audit log, dealers, panel
//!   administrators and nodes; [`money`]: sub-dealers, balances and the
//!   ledger, renewals; [`bundles`]: bundled devices; [`activation`]: activation codes; [`panel_sessions`]: the
//!   Panel API's sessions.

pub mod access;
pub mod accounts;
pub mod activation;
pub mod bundles;
pub mod clones;
pub mod commands;
pub mod money;
pub mod operator;
pub mod panel;
pub mod panel_sessions;
pub mod session_sweep;
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

/// One case of the contract: its name, and the check.
pub type Case = (&'static str, fn(&dyn Store));

/// Every case of the contract.
pub const CASES: &[Case] = &[
    (
        "track_is_ordered_bounded_and_limited",
        tracks::track_is_ordered_bounded_and_limited,
    ),
    ("trackers_never_mix", tracks::trackers_never_mix),
    (
        "resent_point_is_stored_once",
        tracks::resent_point_is_stored_once,
    ),
    ("extreme_times_sort_right", tracks::extreme_times_sort_right),
    (
        "state_is_overwritten_and_read",
        tracks::state_is_overwritten_and_read,
    ),
    ("empty_commit_is_ok", tracks::empty_commit_is_ok),
    (
        "scan_matches_read_and_stops_on_break",
        tracks::scan_matches_read_and_stops_on_break,
    ),
    (
        "users_are_created_found_listed_updated",
        accounts::users_are_created_found_listed_updated,
    ),
    ("login_is_unique", accounts::login_is_unique),
    ("ids_are_never_reused", accounts::ids_are_never_reused),
    ("delete_user_cascades", accounts::delete_user_cascades),
    (
        "trackers_are_created_found_updated",
        accounts::trackers_are_created_found_updated,
    ),
    ("device_id_is_unique", accounts::device_id_is_unique),
    (
        "tracker_owner_must_exist",
        accounts::tracker_owner_must_exist,
    ),
    (
        "delete_tracker_removes_points_and_state",
        accounts::delete_tracker_removes_points_and_state,
    ),
    (
        "clones_follow_their_source",
        clones::clones_follow_their_source,
    ),
    (
        "sessions_are_put_got_deleted",
        access::sessions_are_put_got_deleted,
    ),
    (
        "api_keys_are_put_listed_deleted",
        access::api_keys_are_put_listed_deleted,
    ),
    (
        "credentials_are_found_by_digest_only",
        access::credentials_are_found_by_digest_only,
    ),
    (
        "commands_are_queued_listed_updated",
        commands::commands_are_queued_listed_updated,
    ),
    (
        "commands_need_their_tracker",
        commands::commands_need_their_tracker,
    ),
    (
        "tags_are_created_bound_and_deleted",
        tenancy::tags_are_created_bound_and_deleted,
    ),
    (
        "groups_hold_trackers_until_deleted",
        tenancy::groups_hold_trackers_until_deleted,
    ),
    (
        "subusers_are_linked_and_bound",
        subusers::subusers_are_linked_and_bound,
    ),
    (
        "deletes_cascade_through_tenancy",
        subusers::deletes_cascade_through_tenancy,
    ),
    (
        "plans_are_created_listed_updated",
        operator::plans_are_created_listed_updated,
    ),
    (
        "plans_in_use_are_kept_from_deletion",
        operator::plans_in_use_are_kept_from_deletion,
    ),
    (
        "privileges_managers_and_plans_are_kept",
        operator::privileges_managers_and_plans_are_kept,
    ),
    (
        "delete_user_takes_clones_and_frees_managed_users",
        operator::delete_user_takes_clones_and_frees_managed_users,
    ),
    (
        "expiring_trackers_are_found_by_time",
        operator::expiring_trackers_are_found_by_time,
    ),
    (
        "history_beyond_the_plan_is_purged",
        operator::history_beyond_the_plan_is_purged,
    ),
    (
        "audit_log_lists_newest_first",
        panel::audit_log_lists_newest_first,
    ),
    (
        "dealers_hold_credits_and_users",
        panel::dealers_hold_credits_and_users,
    ),
    (
        "panel_admins_are_kept_with_their_permissions",
        panel::panel_admins_are_kept_with_their_permissions,
    ),
    ("nodes_are_described", panel::nodes_are_described),
    (
        "sub_dealers_see_down_never_up",
        money::sub_dealers_see_down_never_up,
    ),
    (
        "ledger_adds_up_to_the_balance",
        money::ledger_adds_up_to_the_balance,
    ),
    (
        "renewals_charge_once_or_suspend",
        money::renewals_charge_once_or_suspend,
    ),
    (
        "bundles_are_imported_listed_and_used_once",
        bundles::bundles_are_imported_listed_and_used_once,
    ),
    (
        "activation_codes_are_created_listed_updated_and_used_once",
        activation::activation_codes_are_created_listed_updated_and_used_once,
    ),
    (
        "panel_sessions_are_put_read_deleted",
        panel_sessions::panel_sessions_are_put_read_deleted,
    ),
    (
        "panel_sessions_are_apart_and_end_with_their_admin",
        panel_sessions::panel_sessions_are_apart_and_end_with_their_admin,
    ),
    (
        "ended_sessions_are_swept_and_live_ones_kept",
        session_sweep::ended_sessions_are_swept_and_live_ones_kept,
    ),
];

/// Runs every case on `store`, each on its own, and panics naming every
/// case that failed and why. `adapter` names the store in the report.
pub fn run_all(adapter: &str, store: &dyn Store) {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|(name, case)| {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(store)));
            outcome.err().map(|panic| {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                format!("{name}: {why}")
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "the {adapter} store broke {} of {} contract cases:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
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
