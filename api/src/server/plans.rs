//! Billing plans: seed 000's `ADD_USER_BILLING_PLAN`, and trackgate's
//! `ADD_BILLING_PLAN`, `EDIT_BILLING_PLAN`, `DEL_BILLING_PLAN` and
//! `GET_BILLING_PLANS` (seed 000 assigns plans by id but has no command
//! that makes one).
//!
//! A plan's tracker limit is checked whenever an object is added to an
//! account (`crate::accounts`); its history is trimmed by the store itself.

use serde_json::{Value, json};
use trackgate_store::{BillingPlan, Money, NewBillingPlan, PlanId, StoreError};

use super::args::{Args, Param, param, unchanged};
use super::commands::{ok, user};
use super::{Reply, ServerError};
use crate::ApiState;

/// `ADD_USER_BILLING_PLAN,email,plan_id`: puts the user on the plan; `0`
/// takes it off any plan (a trackgate extension). A user already holding
/// more objects than the plan allows keeps them, and can add no more.
pub fn add_user_billing_plan(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let store = &*state.store;
    let email = a.email(param(1, "user account e-mail"))?;
    let id_param = param(2, "billing plan ID");
    let id = a
        .number(id_param, 0)?
        .ok_or_else(|| id_param.error("is missing"))?;
    let mut user = user(store, email)?;
    user.plan = match id {
        0 => None,
        id => {
            let plan = store
                .plan(PlanId(id))?
                .ok_or_else(|| id_param.error("names no billing plan"))?;
            Some(plan.id)
        }
    };
    store.update_user(&user)?;
    Ok(ok())
}

/// `ADD_BILLING_PLAN,name,price,period_days,tracker_limit,history_days`:
/// the new plan's id. An empty or `0` limit or history means none.
pub fn add_billing_plan(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let p = PlanParams::from(1);
    let name = a.required(p.name)?;
    let price = p.price(a.required(p.price)?)?;
    let period_days = p.period(a)?.ok_or_else(|| p.period.error("is missing"))?;
    let plan = state.store.create_plan(NewBillingPlan {
        name: name.to_owned(),
        price,
        period_days,
        tracker_limit: PlanParams::limit(a, p.tracker_limit)?.flatten(),
        history_days: PlanParams::limit(a, p.history_days)?.flatten(),
        dealer: None,
        unpaid: Default::default(),
    })?;
    tracing::info!(plan = plan.id.0, name, "billing plan added");
    Ok(Reply::Text(plan.id.0.to_string()))
}

/// `EDIT_BILLING_PLAN,plan_id,name,price,period_days,tracker_limit,history_days`:
/// an empty field or `false` leaves it unchanged; a limit or history of
/// `0` means none. Every parameter is checked before anything is written.
/// Accounts already above a lowered limit keep their trackers and can add
/// no more; a shorter history is trimmed by the store's next sweep.
pub fn edit_billing_plan(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let id_param = param(1, "billing plan ID");
    let p = PlanParams::from(2);
    let current = plan(state, a, id_param)?;
    let mut changed = current.clone();
    let name = a.text(p.name);
    if !unchanged(name) {
        changed.name = name.to_owned();
    }
    let price = a.text(p.price);
    if !unchanged(price) {
        changed.price = p.price(price)?;
    }
    if !unchanged(a.text(p.period)) {
        changed.period_days = p.period(a)?.ok_or_else(|| p.period.error("is missing"))?;
    }
    if !unchanged(a.text(p.tracker_limit)) {
        changed.tracker_limit = PlanParams::limit(a, p.tracker_limit)?.flatten();
    }
    if !unchanged(a.text(p.history_days)) {
        changed.history_days = PlanParams::limit(a, p.history_days)?.flatten();
    }
    if changed != current {
        state
            .store
            .update_plan(&changed)
            .map_err(|error| match error {
                StoreError::NotFound(_) => id_param.error("names no billing plan"),
                other => other.into(),
            })?;
        tracing::info!(plan = changed.id.0, "billing plan changed");
    }
    Ok(ok())
}

/// `DEL_BILLING_PLAN,plan_id`: deletes a plan no user is on; while users
/// are on it, the answer says how many and nothing changes.
pub fn del_billing_plan(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let id_param = param(1, "billing plan ID");
    let plan = plan(state, a, id_param)?;
    state
        .store
        .delete_plan(plan.id)
        .map_err(|error| match error {
            StoreError::NotFound(_) => id_param.error("names no billing plan"),
            StoreError::Conflict(_) => {
                let users = state
                    .store
                    .users()
                    .map(|all| all.iter().filter(|u| u.plan == Some(plan.id)).count())
                    .unwrap_or_default();
                id_param.error(&format!(
                    "names a plan still in use (user accounts on it: {users}): move them to \
                     another plan first (ADD_USER_BILLING_PLAN)"
                ))
            }
            other => other.into(),
        })?;
    tracing::info!(plan = plan.id.0, "billing plan deleted");
    Ok(ok())
}

/// A plan's parameters, in the same order in `ADD_BILLING_PLAN` and
/// `EDIT_BILLING_PLAN`, which numbers them from its second.
struct PlanParams {
    name: Param,
    price: Param,
    period: Param,
    tracker_limit: Param,
    history_days: Param,
}

impl PlanParams {
    /// The parameters, the name at position `first`.
    fn from(first: usize) -> Self {
        Self {
            name: param(first, "name"),
            price: param(first + 1, "price"),
            period: param(first + 2, "period in days"),
            tracker_limit: param(first + 3, "tracker limit"),
            history_days: param(first + 4, "history days"),
        }
    }

    /// An amount not below 0, kept exactly.
    fn price(&self, text: &str) -> Result<Money, ServerError> {
        Money::parse(text)
            .filter(|p| *p >= Money::ZERO)
            .ok_or_else(|| {
                self.price
                    .error("must be an amount such as 9.99, not below 0")
            })
    }

    /// The period in days, at least 1; empty: `None`.
    fn period(&self, a: Args<'_>) -> Result<Option<u32>, ServerError> {
        a.number(self.period, 1)?
            .map(|n| u32::try_from(n).map_err(|_| self.period.error("is too large")))
            .transpose()
    }

    /// A limit or a history length: `None` when empty, `Some(None)` for
    /// `0` (none).
    fn limit(a: Args<'_>, p: Param) -> Result<Option<Option<u32>>, ServerError> {
        match a.number(p, 0)? {
            None => Ok(None),
            Some(0) => Ok(Some(None)),
            Some(n) => u32::try_from(n)
                .map(|n| Some(Some(n)))
                .map_err(|_| p.error("is too large")),
        }
    }
}

/// The plan `p` names.
fn plan(state: &ApiState, a: Args<'_>, p: Param) -> Result<BillingPlan, ServerError> {
    let id = a.number(p, 1)?.ok_or_else(|| p.error("is missing"))?;
    state
        .store
        .plan(PlanId(id))?
        .ok_or_else(|| p.error("names no billing plan"))
}

/// `GET_BILLING_PLANS`: every plan, with how many users are on it. The
/// price is text, exactly as stored.
pub fn get_billing_plans(state: &ApiState) -> Result<Reply, ServerError> {
    let users = state.store.users()?;
    let list = state
        .store
        .plans()?
        .iter()
        .map(|p| {
            json!({
                "id": p.id.0,
                "name": p.name,
                "price": p.price.to_string(),
                "period_days": p.period_days,
                "tracker_limit": p.tracker_limit,
                "history_days": p.history_days,
                "users": users.iter().filter(|u| u.plan == Some(p.id)).count(),
            })
        })
        .collect();
    Ok(Reply::Json(Value::Array(list)))
}
