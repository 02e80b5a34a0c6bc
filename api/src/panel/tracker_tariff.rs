//! `tracker/tariff/change`: a tracker's tariff is its owner's billing
//! plan, since trackgate bills accounts (one plan covers all of an
//! account's trackers). Changing it moves the owner's account to the new
//! plan, with Navixy's checks: 201 for a tracker not seen, 219 for a
//! clone, 252 for a corrupted tracker, 238 for a tracker of no user or the
//! plan the account is on already, 239 for a tariff that does not exist or
//! is not of the owner's dealer (or not one the caller sees), and 221 when
//! the new plan's device limit is below the account's tracker count.
//!
//! The change starts the new plan's period count at once (the renewal
//! machinery, `trackgate_actors::renewals`):
//! - `charge=true`: the first period is charged now, by
//!   [`renewals::settle`]; a balance that cannot pay suspends the
//!   account's trackers, as any renewal does.
//! - `charge=false` (the default): the first period is recorded as
//!   settled without a charge; the next is charged when it starts.
//!
//! `repay=true` first gives back the unused part of the current period of
//! the old plan ([`super::tracker_refund`]) as a `correction` transaction
//! in the ledger, so the refund is there to pay a charge that follows.

use actix_web::web;
use serde_json::Map;
use trackgate_actors::now_ms;
use trackgate_actors::renewals::{self, Settled};
use trackgate_store::{
    BillingPlan, NewTransaction, PlanId, Renewal, RenewalStep, Store, StoreError, TrackerId,
    TransactionType, User,
};

use super::call::{PanelCall, positive};
use super::routes::Answer;
use super::tracker_refund::unused_part;
use super::tracker_view::{self, Seen, not_corrupted};
use super::users::tracker_count;
use crate::ApiState;
use crate::accounts::claims;
use crate::error::{ApiError, Code};

/// How often an uncharged start is tried again when a renewal recorded
/// the account meanwhile.
const ATTEMPTS: usize = 3;

/// `tracker/tariff/change`: `tracker_id`, `tariff_id`, `repay`, `charge`
/// (see the module docs).
pub async fn change(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let tariff = PlanId(positive(&call.params, "tariff_id")?);
    let repay = call.params.opt_bool("repay")?.unwrap_or(false);
    let charge = call.params.opt_bool("charge")?.unwrap_or(false);
    let registry = state.registry.clone();
    let cluster = state.cluster.clone();
    let suspended = web::block(move || -> Result<Vec<TrackerId>, ApiError> {
        let Seen { tracker, owner } = tracker_view::named(&state, &call, "tracker_id")?;
        if tracker.clone_of.is_some() {
            return Err(ApiError::code(Code::NotAllowedForClones));
        }
        not_corrupted(&state, &tracker)?;
        let Some(owner) = owner else {
            return Err(ApiError::code(Code::TariffChangeNotAllowed));
        };
        let store = &*state.store;
        let plan = match store.plan(tariff)? {
            Some(plan) if plan.dealer == owner.dealer && call.sees_plan(&state, &plan)? => plan,
            _ => return Err(ApiError::code(Code::TariffNotFound)),
        };
        // Trackers may not be added meanwhile: the limit holds.
        let _claims = claims();
        let Some(mut owner) = store.user(owner.id)? else {
            return Err(ApiError::code(Code::NotFound));
        };
        if owner.plan == Some(plan.id) {
            return Err(ApiError::code(Code::TariffChangeNotAllowed));
        }
        let held = tracker_count(store, owner.id)?;
        if plan
            .tracker_limit
            .is_some_and(|limit| usize::try_from(limit).is_ok_and(|limit| limit < held))
        {
            return Err(ApiError::code(Code::DeviceLimitExceeded));
        }
        let now = now_ms();
        let clock = state.renewals;
        let refund = if repay {
            unused_part(store, &owner, now, clock)?
        } else {
            None
        };
        let old = owner.plan;
        owner.plan = Some(plan.id);
        store.update_user(&owner)?;
        if let Some(amount) = refund {
            store.append_transaction(
                NewTransaction {
                    user: owner.id,
                    time_ms: now,
                    amount,
                    kind: TransactionType::Correction,
                    description: format!(
                        "refund of the unused part of the period of tariff {}",
                        old.map_or(0, |p| p.0)
                    ),
                    tracker: Some(tracker.id),
                    made_by: Some(call.admin.login.clone()),
                },
                None,
            )?;
        }
        tracing::info!(
            user = owner.id.0,
            tariff = plan.id.0,
            charge,
            refund = ?refund.map(|r| r.to_string()),
            admin = %call.admin.login,
            "tariff changed by the panel"
        );
        if charge {
            return match renewals::settle(store, owner.id, now, clock)? {
                Settled::Suspended { trackers } => Ok(trackers),
                _ => Ok(Vec::new()),
            };
        }
        start_uncharged(store, &owner, &plan, now)?;
        Ok(Vec::new())
    })
    .await??;
    renewals::close(&registry, &suspended);
    cluster.deactivate_elsewhere(&suspended);
    Ok(Map::new())
}

/// Records `plan`'s first period for `owner` as settled from `now`
/// without a charge (a [`RenewalStep`] with none), which also lifts a
/// suspension the old plan left. Should the renewal job record the
/// account meanwhile, the step is tried again on what it recorded; if the
/// job has started the new plan itself (charging its first period, as
/// `charge=true` would), that stands.
fn start_uncharged(
    store: &dyn Store,
    owner: &User,
    plan: &BillingPlan,
    now: i64,
) -> Result<(), StoreError> {
    let started = Renewal {
        plan: plan.id,
        anchor_ms: now,
        paid_periods: 1,
        suspended: false,
    };
    for _ in 0..ATTEMPTS {
        let stored = store.renewal(owner.id)?;
        if stored.is_some_and(|r| r.plan == plan.id) {
            return Ok(());
        }
        let step = RenewalStep {
            user: owner.id,
            expected: stored,
            paid: started,
            unpaid: started,
            charge: None,
            floor: plan.unpaid.floor(),
        };
        match store.renew(step) {
            Ok(_) => return Ok(()),
            Err(StoreError::Conflict(_)) => continue,
            Err(error) => return Err(error),
        }
    }
    Err(StoreError::Conflict(
        "the account's renewal kept changing".into(),
    ))
}
