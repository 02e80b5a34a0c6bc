//! `tracker/list` and `tracker/read`: the trackers of the dealer's users
//! (see [`super::tracker_view`] for which a call sees and how they are
//! written). The calls that change a tracker are in
//! [`super::tracker_changes`], [`super::tracker_tariff`] and
//! [`super::tracker_command`].

use std::cmp::Ordering;

use actix_web::web;
use serde_json::{Map, Value, json};
use trackgate_store::{PlanId, Tracker, UserId};

use super::call::{PanelCall, positive};
use super::listing::Listing;
use super::routes::Answer;
use super::tenancy;
use super::tracker_view::{self, Seen, not_corrupted, view};
use crate::ApiState;
use crate::error::{ApiError, Code};

/// The orders `tracker/list` takes (Navixy's); `business_status`, which
/// trackgate does not keep, orders by id.
const ORDERS: &[&str] = &[
    "id",
    "label",
    "status",
    "model",
    "device_id",
    "phone",
    "creation_date",
    "last_connection",
    "tariff_id",
    "business_status",
];

/// `tracker/list`: optionally only `user_id`'s trackers, or those on
/// `tariff_id` (each 201 if the caller does not see it); `filter` looks in
/// `id`, `label`, `source.id`, `source.device_id`, `source.model`,
/// `source.phone` and `user_id`.
pub async fn list(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let listing = Listing::read(&call.params, ORDERS)?;
    let user = match call.params.raw("user_id") {
        Some(_) => Some(call.user(&state, "user_id")?.id),
        None => None,
    };
    let plan = match call.params.raw("tariff_id") {
        Some(_) => {
            let id = PlanId(positive(&call.params, "tariff_id")?);
            match state.store.plan(id)? {
                Some(plan) if call.sees_plan(&state, &plan)? => Some(id),
                _ => return Err(ApiError::code(Code::NotFound)),
            }
        }
        None => None,
    };
    let (list, count) = web::block(move || -> Result<_, ApiError> {
        let mut kept = Vec::new();
        for tracker in candidates(&state, &call, user)? {
            let Some(seen) = tracker_view::seen(&state, &call, tracker)? else {
                continue;
            };
            if plan.is_some() && seen.owner.as_ref().and_then(|u| u.plan) != plan {
                continue;
            }
            let value = view(&state, &seen)?;
            let texts = searched(&value);
            let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
            if listing.keeps(&fields) {
                kept.push(value);
            }
        }
        let (page, count) = listing.page(kept, order);
        Ok((page, count))
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("list".into(), json!(list));
    answer.insert("count".into(), json!(count));
    Ok(answer)
}

/// `tracker/read`: `tracker_id`; 252 for a corrupted tracker.
pub async fn read(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let value = web::block(move || -> Result<Value, ApiError> {
        let seen: Seen = tracker_view::named(&state, &call, "tracker_id")?;
        not_corrupted(&state, &seen.tracker)?;
        view(&state, &seen)
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("value".into(), value);
    Ok(answer)
}

/// The trackers that may be listed, by id: `user`'s, or else those of
/// every user the caller may see (and, for the server's own staff, the
/// trackers of no user). The caller still keeps only those it sees.
fn candidates(
    state: &ApiState,
    call: &PanelCall,
    user: Option<UserId>,
) -> Result<Vec<Tracker>, ApiError> {
    if let Some(user) = user.or(call.as_user.as_ref().map(|u| u.id)) {
        return Ok(state.store.user_trackers(user)?);
    }
    if call.admin.dealer.is_none() {
        return Ok(state.store.trackers()?);
    }
    let mut all = Vec::new();
    for user in tenancy::candidate_users(&*state.store, &call.admin)? {
        all.extend(state.store.user_trackers(user.id)?);
    }
    all.sort_by_key(|t| t.id);
    Ok(all)
}

/// The texts `filter` looks in.
fn searched(value: &Value) -> Vec<String> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    [
        &value["id"],
        &value["label"],
        &value["source"]["id"],
        &value["source"]["device_id"],
        &value["source"]["model"],
        &value["source"]["phone"],
        &value["user_id"],
    ]
    .into_iter()
    .map(text)
    .collect()
}

/// Orders two tracker objects by the field `by` names, then by id.
fn order(a: &Value, b: &Value, by: &str) -> Ordering {
    let field = |v: &Value| -> Value {
        match by {
            "label" => v["label"].clone(),
            "status" => v["source"]["connection_status"].clone(),
            "model" => v["source"]["model"].clone(),
            "device_id" => v["source"]["device_id"].clone(),
            "phone" => v["source"]["phone"].clone(),
            // Written as UTC `YYYY-MM-DD HH:MM:SS`, which orders as text.
            "creation_date" => v["creation_date"].clone(),
            "last_connection" => v["last_connection"].clone(),
            "tariff_id" => v["source"]["tariff_id"].clone(),
            _ => Value::Null,
        }
    };
    compare(&field(a), &field(b)).then_with(|| compare(&a["id"], &b["id"]))
}

/// Nulls first, then numbers or texts in their order.
fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Number(x), Value::Number(y)) => x
            .as_u64()
            .cmp(&y.as_u64())
            .then_with(|| x.as_i64().cmp(&y.as_i64())),
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_the_field_named_then_by_id_with_nulls_first() {
        let a = json!({ "id": 2, "label": "b", "source": { "phone": null } });
        let b = json!({ "id": 1, "label": "B", "source": { "phone": "+100" } });
        assert_eq!(order(&a, &b, "label"), Ordering::Greater, "ties go by id");
        assert_eq!(order(&a, &b, "phone"), Ordering::Less);
        assert_eq!(order(&a, &b, "business_status"), Ordering::Greater);
    }

    #[test]
    fn the_filter_looks_in_navixys_fields() {
        let value = json!({ "id": 7, "label": "Van", "user_id": 3,
            "source": { "id": 7, "device_id": "3563", "model": "teltonika", "phone": null } });
        assert_eq!(
            searched(&value),
            vec!["7", "Van", "7", "3563", "teltonika", "", "3"]
        );
    }
}
