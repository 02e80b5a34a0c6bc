//! The operator's model: billing plans, managers' users and the tracker
//! expiry index ([`OperatorStore`]); history retention is in `retention`.

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::*;
use crate::operator_model::*;
use crate::operator_ports::OperatorStore;
use crate::ports::StoreError;

/// `meta` key of the next billing plan id to hand out.
const NEXT_PLAN_ID: &[u8] = b"next_id/plan";

impl EmbeddedStore {
    /// `NotFound` unless `plan`'s dealer (if any) exists.
    fn check_plan_dealer(&self, plan: &BillingPlan) -> Result<(), StoreError> {
        match plan.dealer {
            Some(dealer)
                if !self
                    .ks
                    .dealers
                    .contains_key(dealer.0.to_be_bytes())
                    .map_err(engine)? =>
            {
                Err(StoreError::NotFound(format!("dealer {}", dealer.0)))
            }
            _ => Ok(()),
        }
    }
}

impl OperatorStore for EmbeddedStore {
    fn create_plan(&self, new: NewBillingPlan) -> Result<BillingPlan, StoreError> {
        let _lock = self.lock_accounts();
        let (id, next) = self.next_id(NEXT_PLAN_ID)?;
        let plan = BillingPlan::created(PlanId(id), new);
        self.check_plan_dealer(&plan)?;
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.plans, id.to_be_bytes(), codec::encode(&plan)?);
        batch.insert(&self.ks.meta, NEXT_PLAN_ID, next);
        batch.commit().map_err(engine)?;
        Ok(plan)
    }

    fn update_plan(&self, plan: &BillingPlan) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let id = plan.id.0;
        if !self
            .ks
            .plans
            .contains_key(id.to_be_bytes())
            .map_err(engine)?
        {
            return Err(StoreError::NotFound(format!("billing plan {id}")));
        }
        self.check_plan_dealer(plan)?;
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.plans, id.to_be_bytes(), codec::encode(plan)?);
        batch.commit().map_err(engine)
    }

    fn delete_plan(&self, id: PlanId) -> Result<(), StoreError> {
        // Users are written under the same lock, so none can join the plan
        // between the look and the delete. Deleting plans is rare; a scan of
        // the users costs less than an index kept on every user write.
        let _lock = self.lock_accounts();
        let key = id.0.to_be_bytes();
        if !self.ks.plans.contains_key(key).map_err(engine)? {
            return Err(StoreError::NotFound(format!("billing plan {}", id.0)));
        }
        let users: Vec<User> = Self::all(&self.ks.users, "user")?;
        let on_it = users.iter().filter(|u| u.plan == Some(id)).count();
        if on_it > 0 {
            return Err(StoreError::Conflict(format!(
                "billing plan {} has {on_it} users",
                id.0
            )));
        }
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.plans, key);
        batch.commit().map_err(engine)
    }

    fn plan(&self, id: PlanId) -> Result<Option<BillingPlan>, StoreError> {
        self.entity(&self.ks.plans, id.0, "billing plan")
    }

    fn plans(&self) -> Result<Vec<BillingPlan>, StoreError> {
        Self::all(&self.ks.plans, "billing plan")
    }

    fn managed_users(&self, manager: UserId) -> Result<Vec<User>, StoreError> {
        self.listed(&self.ks.manager_users, manager.0, &self.ks.users, "user")
    }

    fn trackers_expiring(
        &self,
        after_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<TrackerId>, StoreError> {
        let Some(from) = after_ms.checked_add(1).filter(|from| *from <= until_ms) else {
            return Ok(Vec::new());
        };
        self.ks
            .tracker_expiries
            .range(keys::expiry_key(from, 0)..=keys::expiry_key(until_ms, u64::MAX))
            .map(|guard| {
                let key = guard.key().map_err(engine)?;
                keys::u64_at(&key, 8, "expiry index").map(TrackerId)
            })
            .collect()
    }

    fn purge_history(&self, now_ms: i64) -> Result<u64, StoreError> {
        // Points acknowledged before this call may still be on their way
        // from the log to fjall: the purge must see them too.
        self.visible()?;
        self.retention.purge(now_ms)
    }
}
