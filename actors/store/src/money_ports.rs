//! The storage ports for money and bundled devices (entities in
//! `money_model` and `bundle_model`).

use crate::bundle_model::*;
use crate::model::{TrackerId, UserId};
use crate::money::Money;
use crate::money_model::*;
use crate::ports::StoreError;

/// Balances, the ledger, and billing plan renewals.
pub trait LedgerStore: Send + Sync {
    /// A user's balance: zero until a transaction changed it; `NotFound`
    /// if the user does not exist.
    fn balance(&self, user: UserId) -> Result<Money, StoreError>;

    /// Appends a transaction and applies its amount to the user's balance,
    /// both in one durable write, and returns it. `NotFound` if the user
    /// does not exist; `Conflict`, with neither changed, if the balance
    /// would end below `floor` (when one is given) or out of range.
    fn append_transaction(
        &self,
        new: NewTransaction,
        floor: Option<Money>,
    ) -> Result<Transaction, StoreError>;

    /// A user's transactions with `from_ms <= time <= to_ms`, oldest first
    /// (by time, then id), skipping `offset`, at most `limit`.
    fn transactions(
        &self,
        user: UserId,
        from_ms: i64,
        to_ms: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Transaction>, StoreError>;

    /// The renewal recorded for a user, if any.
    fn renewal(&self, user: UserId) -> Result<Option<Renewal>, StoreError>;

    /// Applies one renewal step atomically: if the stored renewal is still
    /// `step.expected`, either appends the charge (when the balance can pay
    /// it down to `step.floor`) and records `step.paid`, or records
    /// `step.unpaid`; then sets every tracker of the user's `suspended`
    /// mark to what the recorded renewal says. All of it is one durable
    /// write, so a crash never leaves a charge without its period
    /// recorded, nor the other way round. `Conflict` (nothing written) if
    /// the stored renewal is not `step.expected`; `NotFound` if the user
    /// does not exist.
    fn renew(&self, step: RenewalStep) -> Result<RenewalOutcome, StoreError>;

    /// Forgets a user's renewal (the account left its plan, or is on a
    /// free one) and lifts its trackers' suspension, in one durable write.
    /// Returns whether there was one.
    fn end_renewal(&self, user: UserId) -> Result<bool, StoreError>;

    /// The users that have a renewal recorded, by id.
    fn renewing_users(&self) -> Result<Vec<UserId>, StoreError>;
}

/// Bundled devices, imported before users register them.
pub trait BundleStore: Send + Sync {
    /// Imports devices, all or none: `Conflict` if an IMEI is already
    /// bundled or appears twice; `NotFound` if a dealer does not exist.
    fn import_bundles(&self, new: Vec<NewBundle>) -> Result<Vec<Bundle>, StoreError>;
    /// A bundle by id.
    fn bundle(&self, id: BundleId) -> Result<Option<Bundle>, StoreError>;
    /// A bundle by IMEI (exact match).
    fn bundle_by_imei(&self, imei: &str) -> Result<Option<Bundle>, StoreError>;
    /// The bundles `filter` passes, by id, skipping `offset`, at most
    /// `limit`, and how many passed in all.
    fn bundles(
        &self,
        filter: &BundleFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Bundle>, usize), StoreError>;
    /// Overwrites a bundle's dealer, order, ICCID, phone and model (its
    /// IMEI and use stay); `NotFound` if it (or the dealer) does not exist.
    fn update_bundle(&self, bundle: &Bundle) -> Result<(), StoreError>;
    /// Marks a bundle used by `tracker` of `user` at `time_ms` and returns
    /// it; `NotFound` if it does not exist, `Conflict` if it is used.
    fn use_bundle(
        &self,
        id: BundleId,
        tracker: TrackerId,
        user: UserId,
        time_ms: i64,
    ) -> Result<Bundle, StoreError>;
    /// The bundle whose SIM has `phone` as its number, if any.
    fn bundle_by_phone(&self, phone: &str) -> Result<Option<Bundle>, StoreError>;
}
