//! `dealer/activation_code/create`, `list` and `update`: the codes a
//! dealer hands out with its devices (see [`super::activation_view`]).
//!
//! A code belongs to its tariff's dealer: a dealer's administrator makes
//! codes with its own tariffs (or a sub-dealer's, which it sees), one
//! without a dealer with any tariff. An administrator sees the codes of
//! its dealer and the dealers below it; the rest are as if absent. Codes
//! are made of random digits ([`random_code`]), unique among all codes.
//! `su` is refused (13): codes are the dealer's, not a user's.

use actix_web::web;
use serde_json::{Map, json};
use trackgate_actors::now_ms;
use trackgate_store::{
    ActivationCode, BillingPlan, CodeTerms, Money, NewActivationCode, PlanId, StoreError,
};

use super::activation_view::{self, amount, random_code, view};
use super::call::{PanelCall, positive};
use super::listing::Listing;
use super::routes::Answer;
use super::tenancy;
use crate::ApiState;
use crate::error::{ApiError, Code};

/// The orders `list` takes (Navixy's).
const ORDERS: &[&str] = &[
    "code",
    "activated",
    "tariff_id",
    "tariff_name",
    "device_type",
    "money_amount",
    "bonus_amount",
    "free_days",
];

/// How often `create` draws its codes again when one is taken already.
const DRAWS: usize = 8;

/// The tariff `tariff_id` names, if the caller sees it; 201 otherwise.
fn tariff(state: &ApiState, call: &PanelCall) -> Result<BillingPlan, ApiError> {
    let id = positive(&call.params, "tariff_id")?;
    match state.store.plan(PlanId(id))? {
        Some(plan) if call.sees_plan(state, &plan)? => Ok(plan),
        _ => Err(ApiError::code(Code::NotFound)),
    }
}

/// `dealer/activation_code/create`: `count` codes on `tariff_id` with
/// `bonus_amount`, `free_days` and (trackgate's own) `money_amount`.
pub async fn create(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let count = activation_view::count(&call.params)?;
    let bonus = amount(&call.params, "bonus_amount")?.unwrap_or(Money::ZERO);
    let money = amount(&call.params, "money_amount")?.unwrap_or(Money::ZERO);
    let free_days = activation_view::free_days(&call.params)?.unwrap_or(0);
    let plan = tariff(&state, &call)?;
    let created_ms = now_ms();
    let store = state.store.clone();
    let made = web::block(move || {
        for _ in 0..DRAWS {
            let mut codes: Vec<String> = Vec::new();
            while codes.len() < count as usize {
                let code = random_code();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            let new = codes
                .into_iter()
                .map(|code| NewActivationCode {
                    code,
                    dealer: plan.dealer,
                    plan: plan.id,
                    bonus_amount: bonus,
                    money_amount: money,
                    free_days,
                    created_ms,
                })
                .collect();
            match store.create_activation_codes(new) {
                // A code drawn is taken already: draw them all again.
                Err(StoreError::Conflict(_)) => continue,
                Err(StoreError::NotFound(_)) => return Err(ApiError::code(Code::NotFound)),
                other => return Ok(other?),
            }
        }
        Err(ApiError::code(Code::UnexpectedError))
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("count".into(), json!(made.len()));
    Ok(answer)
}

/// `dealer/activation_code/list`: `filter` looks in `code`, `tariff_id`,
/// `device_id` and `device_type`.
pub async fn list(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let listing = Listing::read(&call.params, ORDERS)?;
    let dealers = tenancy::visible_dealers(&*state.store, &call.admin)?;
    let codes = state.store.activation_codes(dealers.as_deref())?;
    let names: std::collections::BTreeMap<PlanId, String> = state
        .store
        .plans()?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let name = |code: &ActivationCode| names.get(&code.plan).cloned().unwrap_or_default();
    let kept: Vec<ActivationCode> = codes
        .into_iter()
        .filter(|c| {
            listing.keeps(&[
                &c.code,
                &c.plan.0.to_string(),
                &c.used.map_or(0, |u| u.tracker.0).to_string(),
                "tracker",
            ])
        })
        .collect();
    let (page, count) = listing.page(kept, |a, b, by| {
        let order = match by {
            "activated" => a.used.is_some().cmp(&b.used.is_some()),
            "tariff_id" => a.plan.cmp(&b.plan),
            "tariff_name" => name(a).cmp(&name(b)),
            "money_amount" => a.money_amount.cmp(&b.money_amount),
            "bonus_amount" => a.bonus_amount.cmp(&b.bonus_amount),
            "free_days" => a.free_days.cmp(&b.free_days),
            _ => std::cmp::Ordering::Equal,
        };
        order.then_with(|| a.code.cmp(&b.code))
    });
    let mut answer = Map::new();
    answer.insert(
        "list".into(),
        json!(page.iter().map(|c| view(c, &name(c))).collect::<Vec<_>>()),
    );
    answer.insert("count".into(), json!(count));
    Ok(answer)
}

/// `dealer/activation_code/update`: `tariff_id` (required), `bonus_amount`
/// and `free_days` (kept when left out) for each of `codes` the caller
/// sees that is not used yet; answers how many changed.
pub async fn update(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let codes = activation_view::codes(&call.params)?;
    let terms = CodeTerms {
        plan: PlanId(0),
        bonus_amount: amount(&call.params, "bonus_amount")?,
        free_days: activation_view::free_days(&call.params)?,
    };
    let plan = tariff(&state, &call)?;
    let terms = CodeTerms {
        plan: plan.id,
        ..terms
    };
    let dealers = tenancy::visible_dealers(&*state.store, &call.admin)?;
    let store = state.store.clone();
    let changed = web::block(move || {
        store
            .update_activation_codes(&codes, dealers.as_deref(), &terms)
            .map_err(|e| match e {
                StoreError::NotFound(_) => ApiError::code(Code::NotFound),
                other => other.into(),
            })
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("count".into(), json!(changed.len()));
    Ok(answer)
}
