//! operator: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_plan(
    store: &ScyllaStore,
    new: NewBillingPlan,
) -> Result<BillingPlan, StoreError> {
    Err(crate::unbuilt("OperatorStore::create_plan"))
}

pub(crate) fn update_plan(store: &ScyllaStore, plan: &BillingPlan) -> Result<(), StoreError> {
    Err(crate::unbuilt("OperatorStore::update_plan"))
}

pub(crate) fn delete_plan(store: &ScyllaStore, id: PlanId) -> Result<(), StoreError> {
    Err(crate::unbuilt("OperatorStore::delete_plan"))
}

pub(crate) fn plan(store: &ScyllaStore, id: PlanId) -> Result<Option<BillingPlan>, StoreError> {
    Err(crate::unbuilt("OperatorStore::plan"))
}

pub(crate) fn plans(store: &ScyllaStore) -> Result<Vec<BillingPlan>, StoreError> {
    Err(crate::unbuilt("OperatorStore::plans"))
}

pub(crate) fn managed_users(store: &ScyllaStore, manager: UserId) -> Result<Vec<User>, StoreError> {
    Err(crate::unbuilt("OperatorStore::managed_users"))
}

pub(crate) fn trackers_expiring(
    store: &ScyllaStore,
    after_ms: i64,
    until_ms: i64,
) -> Result<Vec<TrackerId>, StoreError> {
    Err(crate::unbuilt("OperatorStore::trackers_expiring"))
}
