//! The storage ports for the operator's model: billing plans, managers,
//! expiries, history retention and the audit log (entities in
//! `operator_model`).
//!
//! A user's privilege, manager, activity, plan and dealer are written with
//! [`AccountStore::update_user`](crate::AccountStore::update_user), which
//! refuses a manager, plan or dealer that does not exist (`NotFound`) and
//! a user managing itself (`Conflict`). Deleting a user unassigns the
//! users it managed.

use crate::model::{TrackerId, User, UserId};
use crate::operator_model::*;
use crate::ports::StoreError;

/// Plans, managers' users, expiring trackers and history retention.
pub trait OperatorStore: Send + Sync {
    /// Creates a billing plan; `NotFound` if its dealer does not exist.
    fn create_plan(&self, new: NewBillingPlan) -> Result<BillingPlan, StoreError>;
    /// Overwrites a plan; `NotFound` if it (or its dealer) does not exist.
    fn update_plan(&self, plan: &BillingPlan) -> Result<(), StoreError>;
    /// Deletes a plan: `NotFound` if it does not exist, `Conflict` while
    /// any user is on it (a user's plan always exists).
    fn delete_plan(&self, id: PlanId) -> Result<(), StoreError>;
    /// A plan by id.
    fn plan(&self, id: PlanId) -> Result<Option<BillingPlan>, StoreError>;
    /// Every plan, by id.
    fn plans(&self) -> Result<Vec<BillingPlan>, StoreError>;

    /// The users whose manager is `manager`, by id.
    fn managed_users(&self, manager: UserId) -> Result<Vec<User>, StoreError>;

    /// The trackers whose `expires_ms` lies in `after_ms < expires_ms <=
    /// until_ms`, soonest first: those whose service ended in that span,
    /// for a sweeper that closes their connections as it passes.
    fn trackers_expiring(&self, after_ms: i64, until_ms: i64)
    -> Result<Vec<TrackerId>, StoreError>;

    /// Removes every point older than the history its tracker's owner's
    /// billing plan keeps at `now_ms` ([`BillingPlan::history_starts`]),
    /// and returns how many it removed. Trackers without an owner, or whose
    /// owner has no plan or a plan that keeps everything, keep all points.
    ///
    /// Adapters run this on their own, periodically (or let their engine
    /// expire points); it is a port so that every adapter is held to the
    /// same rule and a test can run it at a moment of its choosing.
    fn purge_history(&self, now_ms: i64) -> Result<u64, StoreError>;
}

/// The audit log of Server API calls.
pub trait AuditStore: Send + Sync {
    /// Appends an entry with the next id. Adapters may keep a bounded
    /// number of entries, dropping the oldest, and need not sync the entry
    /// to disk before returning.
    fn append_audit(&self, entry: NewAuditEntry) -> Result<AuditEntry, StoreError>;
    /// The newest `limit` entries, newest first.
    fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError>;
}
