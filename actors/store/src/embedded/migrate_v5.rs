//! Format version 4 to 5: money, sub-dealers and unpaid renewals.
//!
//! A dealer gains a parent (none: every dealer was a top-level one); a
//! billing plan gains what it does with an account that cannot pay
//! ([`UnpaidPolicy::Block`]: no balance existed to go below zero); a
//! tracker gains the `suspended` mark of an unpaid renewal (clear: nothing
//! was charged before). Balances, the ledger, renewals and bundles live in
//! keyspaces of their own that start empty, so they need no conversion.
//! One durable batch converts every record and writes version 5.

use fjall::Readable;
use serde::{Deserialize, Serialize};

use super::{EmbeddedStore, codec, engine};
use crate::model::{Apn, Tracker, TrackerId, UserId};
use crate::money::Money;
use crate::operator_model::{BillingPlan, PlanId, UnpaidPolicy};
use crate::panel_model::{Dealer, DealerId};
use crate::ports::StoreError;

/// A tracker as formats 3 and 4 stored it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct TrackerV3 {
    pub(super) id: TrackerId,
    pub(super) device_id: String,
    pub(super) label: String,
    pub(super) model: String,
    pub(super) owner: Option<UserId>,
    pub(super) created_ms: i64,
    pub(super) blocked: bool,
    pub(super) phone: Option<String>,
    pub(super) expires_ms: Option<i64>,
    pub(super) apn: Option<Apn>,
    pub(super) corrupted: bool,
    pub(super) clone_of: Option<TrackerId>,
    pub(super) replaced_ms: Option<i64>,
}

/// A dealer as format 4 stored it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct DealerV4 {
    pub(super) id: DealerId,
    pub(super) name: String,
    pub(super) credits: i64,
    pub(super) use_credits: bool,
    pub(super) tracker_limit: Option<u32>,
    pub(super) created_ms: i64,
}

/// A billing plan as formats 3 and 4 stored it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PlanV4 {
    pub(super) id: PlanId,
    pub(super) name: String,
    pub(super) price: Money,
    pub(super) period_days: u32,
    pub(super) tracker_limit: Option<u32>,
    pub(super) history_days: Option<u32>,
    pub(super) dealer: Option<DealerId>,
}

impl From<TrackerV3> for Tracker {
    fn from(old: TrackerV3) -> Self {
        Tracker {
            id: old.id,
            device_id: old.device_id,
            label: old.label,
            model: old.model,
            owner: old.owner,
            created_ms: old.created_ms,
            blocked: old.blocked,
            phone: old.phone,
            expires_ms: old.expires_ms,
            apn: old.apn,
            corrupted: old.corrupted,
            clone_of: old.clone_of,
            replaced_ms: old.replaced_ms,
            suspended: false,
        }
    }
}

impl From<DealerV4> for Dealer {
    fn from(old: DealerV4) -> Self {
        Dealer {
            id: old.id,
            name: old.name,
            credits: old.credits,
            use_credits: old.use_credits,
            tracker_limit: old.tracker_limit,
            created_ms: old.created_ms,
            parent: None,
        }
    }
}

impl From<PlanV4> for BillingPlan {
    fn from(old: PlanV4) -> Self {
        BillingPlan {
            id: old.id,
            name: old.name,
            price: old.price,
            period_days: old.period_days,
            tracker_limit: old.tracker_limit,
            history_days: old.history_days,
            dealer: old.dealer,
            unpaid: UnpaidPolicy::Block,
        }
    }
}

impl EmbeddedStore {
    /// Version 4 to 5; see the module docs.
    pub(super) fn money_fields(&self) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        let snapshot = self.db.snapshot();
        let mut converted = 0_usize;
        for guard in snapshot.iter(&self.ks.trackers) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: TrackerV3 = codec::decode(&value, "tracker (format 4)")?;
            batch.insert(&self.ks.trackers, key, codec::encode(&Tracker::from(old))?);
            converted += 1;
        }
        for guard in snapshot.iter(&self.ks.dealers) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: DealerV4 = codec::decode(&value, "dealer (format 4)")?;
            batch.insert(&self.ks.dealers, key, codec::encode(&Dealer::from(old))?);
            converted += 1;
        }
        for guard in snapshot.iter(&self.ks.plans) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: PlanV4 = codec::decode(&value, "billing plan (format 4)")?;
            batch.insert(&self.ks.plans, key, codec::encode(&BillingPlan::from(old))?);
            converted += 1;
        }
        self.write_format_version(&mut batch, 5)?;
        batch.commit().map_err(engine)?;
        if converted > 0 {
            tracing::info!(
                records = converted,
                "trackers, dealers and plans given their billing fields (store format 5)"
            );
        }
        Ok(())
    }
}

/// Writes records the way format version 4 did, for migration tests.
#[cfg(test)]
pub(super) mod v4 {
    use super::*;

    impl EmbeddedStore {
        /// Stores `trackers`, `dealers` and `plans` in the version 4
        /// layout (no indexes but the device ids'), and marks the store as
        /// version 4.
        pub(in crate::embedded) fn write_v4(
            &self,
            trackers: &[TrackerV3],
            dealers: &[DealerV4],
            plans: &[PlanV4],
        ) -> Result<(), StoreError> {
            let mut batch = self.durable_batch();
            for tracker in trackers {
                let id = tracker.id.0.to_be_bytes();
                batch.insert(&self.ks.trackers, id, codec::encode(tracker)?);
                batch.insert(&self.ks.tracker_devices, tracker.device_id.as_str(), id);
            }
            for dealer in dealers {
                let id = dealer.id.0.to_be_bytes();
                batch.insert(&self.ks.dealers, id, codec::encode(dealer)?);
            }
            for plan in plans {
                let id = plan.id.0.to_be_bytes();
                batch.insert(&self.ks.plans, id, codec::encode(plan)?);
            }
            self.write_format_version(&mut batch, 4)?;
            batch.commit().map_err(engine)
        }
    }
}
