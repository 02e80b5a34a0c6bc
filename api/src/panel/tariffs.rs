//! `tariff/list`, `tariff/read`, `tariff/create` and `tariff/update`: the
//! dealer's tariffs (billing plans; see [`super::tariff_view`]).
//!
//! A dealer's administrator creates tariffs of its dealer; one without a
//! dealer creates the server's own, or a dealer's named by
//! `tariff.dealer_id`. Names are unique among one dealer's tariffs (244).

use std::sync::Mutex;

use actix_web::web;
use serde_json::{Map, json};
use trackgate_store::{BillingPlan, DealerId, NewBillingPlan, PlanId};

use super::call::{PanelCall, positive};
use super::listing::Listing;
use super::routes::Answer;
use super::tariff_view::{self, check_kind, parse_store_period, view};
use super::tenancy;
use super::user_view::{inside, object};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;

/// Held from a name check to the write it allows, so two calls cannot
/// both find a name free.
static NAMES: Mutex<()> = Mutex::new(());

/// The orders `tariff/list` takes (Navixy's).
const ORDERS: &[&str] = &["id", "name", "device_type", "group_id", "price"];

/// The tariffs the caller sees.
fn seen(state: &ApiState, call: &PanelCall) -> Result<Vec<BillingPlan>, ApiError> {
    let mut seen = Vec::new();
    for plan in state.store.plans()? {
        if call.sees_plan(state, &plan)? {
            seen.push(plan);
        }
    }
    Ok(seen)
}

/// `tariff/list`: `filter` looks in `id`, `name`, `price` and
/// `device_type`; `device_type` other than `tracker` lists nothing.
pub async fn list(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let listing = Listing::read(&call.params, ORDERS)?;
    let trackers = tariff_view::device_type(call.params.opt_str("device_type")?)?;
    let kept: Vec<BillingPlan> = seen(&state, &call)?
        .into_iter()
        .filter(|plan| {
            trackers
                && listing.keeps(&[
                    &plan.id.0.to_string(),
                    &plan.name,
                    &plan.price.to_string(),
                    "tracker",
                ])
        })
        .collect();
    let (page, count) = listing.page(kept, |a, b, by| match by {
        "name" => a.name.cmp(&b.name).then(a.id.cmp(&b.id)),
        "price" => a.price.cmp(&b.price).then(a.id.cmp(&b.id)),
        _ => a.id.cmp(&b.id),
    });
    let mut answer = Map::new();
    answer.insert(
        "list".into(),
        json!(page.iter().map(view).collect::<Vec<_>>()),
    );
    answer.insert("count".into(), json!(count));
    Ok(answer)
}

/// The tariff with id `id`, if the caller sees it; 201 otherwise.
fn tariff(state: &ApiState, call: &PanelCall, id: u64) -> Result<BillingPlan, ApiError> {
    match state.store.plan(PlanId(id))? {
        Some(plan) if call.sees_plan(state, &plan)? => Ok(plan),
        _ => Err(ApiError::code(Code::NotFound)),
    }
}

/// `tariff/read`: `tariff_id`.
pub async fn read(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let plan = tariff(&state, &call, positive(&call.params, "tariff_id")?)?;
    let mut answer = Map::new();
    answer.insert("value".into(), view(&plan));
    Ok(answer)
}

/// Writes the fields `tariff` gives onto `plan` (all of them are optional
/// here; `create` asks for the name and price first).
fn apply(tariff: &Params, plan: &mut BillingPlan) -> Result<(), ApiError> {
    let mut read = || -> Result<(), ApiError> {
        check_kind(tariff)?;
        if let Some(name) = tariff.opt_str("name")? {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 255 {
                return Err(ApiError::invalid("name", "must be 1 to 255 characters"));
            }
            plan.name = name.to_owned();
        }
        if let Some(limit) = tariff.opt_int("device_limit")? {
            plan.tracker_limit = Some(
                u32::try_from(limit)
                    .map_err(|_| ApiError::invalid("device_limit", "must be 0 or more"))?,
            );
        }
        if let Some(days) = tariff.opt_int("period_days")? {
            plan.period_days = u32::try_from(days)
                .ok()
                .filter(|d| (1..=3_660).contains(d))
                .ok_or_else(|| ApiError::invalid("period_days", "must be 1 to 3660"))?;
        }
        Ok(())
    };
    read().map_err(|e| inside("tariff", e))?;
    if let Some(price) = tariff_view::price(tariff)? {
        plan.price = price;
    }
    if let Some(period) = tariff
        .opt_str("store_period")
        .map_err(|e| inside("tariff", e))?
    {
        plan.history_days = parse_store_period(period)?;
    }
    Ok(())
}

/// 244 if another tariff of `plan`'s dealer has its name.
fn check_name(state: &ApiState, plan: &BillingPlan) -> Result<(), ApiError> {
    let taken =
        state.store.plans()?.iter().any(|other| {
            other.id != plan.id && other.dealer == plan.dealer && other.name == plan.name
        });
    if taken {
        Err(ApiError::code(Code::DuplicateEntityLabel))
    } else {
        Ok(())
    }
}

/// `tariff/create`: `tariff` with at least `name` and `price`.
pub async fn create(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let fields = object(&call.params, "tariff")?;
    for required in ["name", "price"] {
        if fields.raw(required).is_none() {
            return Err(ApiError::invalid(&format!("tariff.{required}"), "required"));
        }
    }
    let dealer = match fields
        .opt_int("dealer_id")
        .map_err(|e| inside("tariff", e))?
    {
        None | Some(0) => call.admin.dealer,
        Some(_) => Some(DealerId(
            positive(&fields, "dealer_id").map_err(|e| inside("tariff", e))?,
        )),
    };
    if !tenancy::sees(&*state.store, &call.admin, dealer)? {
        return Err(ApiError::code(Code::NotFound));
    }
    let mut plan = BillingPlan::created(
        PlanId(0),
        NewBillingPlan {
            name: String::new(),
            price: Default::default(),
            period_days: 30,
            tracker_limit: None,
            history_days: None,
            dealer,
            unpaid: Default::default(),
        },
    );
    apply(&fields, &mut plan)?;
    let _names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    check_name(&state, &plan)?;
    let created = state
        .store
        .create_plan(NewBillingPlan {
            name: plan.name,
            price: plan.price,
            period_days: plan.period_days,
            tracker_limit: plan.tracker_limit,
            history_days: plan.history_days,
            dealer: plan.dealer,
            unpaid: plan.unpaid,
        })
        .map_err(|e| match e {
            trackgate_store::StoreError::NotFound(_) => ApiError::code(Code::NotFound),
            other => other.into(),
        })?;
    let mut answer = Map::new();
    answer.insert("id".into(), json!(created.id.0));
    Ok(answer)
}

/// `tariff/update`: `tariff` with its `id` and the fields to change.
pub async fn update(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let fields = object(&call.params, "tariff")?;
    let id = positive(&fields, "id").map_err(|e| inside("tariff", e))?;
    let mut plan = tariff(&state, &call, id)?;
    apply(&fields, &mut plan)?;
    let _names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    check_name(&state, &plan)?;
    state.store.update_plan(&plan)?;
    Ok(Map::new())
}
