//! Billing plans: seed 000's `ADD_USER_BILLING_PLAN`, and trackgate's
//! `ADD_BILLING_PLAN` and `GET_BILLING_PLANS` (seed 000 assigns plans by id
//! but has no command that makes one).
//!
//! A plan's tracker limit is checked whenever an object is added to an
//! account (`crate::accounts`); its history is trimmed by the store itself.

use serde_json::{Value, json};
use trackgate_store::{Money, NewBillingPlan, PlanId};

use super::args::{Args, param};
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
    let name = a.required(param(1, "name"))?;
    let price_param = param(2, "price");
    let price = Money::parse(a.required(price_param)?)
        .filter(|p| *p >= Money::ZERO)
        .ok_or_else(|| price_param.error("must be an amount such as 9.99, not below 0"))?;
    let period_param = param(3, "period in days");
    let period_days = a
        .number(period_param, 1)?
        .ok_or_else(|| period_param.error("is missing"))?;
    let limit = |p| -> Result<Option<u32>, ServerError> {
        match a.number(p, 0)? {
            None | Some(0) => Ok(None),
            Some(n) => u32::try_from(n)
                .map(Some)
                .map_err(|_| p.error("is too large")),
        }
    };
    let plan = state.store.create_plan(NewBillingPlan {
        name: name.to_owned(),
        price,
        period_days: u32::try_from(period_days).map_err(|_| period_param.error("is too large"))?,
        tracker_limit: limit(param(4, "tracker limit"))?,
        history_days: limit(param(5, "history days"))?,
        dealer: None,
    })?;
    tracing::info!(plan = plan.id.0, name, "billing plan added");
    Ok(Reply::Text(plan.id.0.to_string()))
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
