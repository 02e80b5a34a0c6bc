//! A tracker as the Panel API writes it, and which trackers a Panel call
//! sees.
//!
//! A tracker is seen through its owner: the caller sees it when it sees
//! the user that holds it ([`PanelCall::sees_user`], so with `su` only
//! that user's). A tracker of no user belongs to no dealer and is seen by
//! the server's own staff alone. Anything else is 201.
//!
//! Of Navixy's tracker object trackgate keeps the id, label, owner (and
//! through it the dealer), creation time, clone mark and the device
//! (`source`: device id, model, phone, blocked, corrupted). The source's
//! `tariff_id` is its owner's billing plan (trackgate bills accounts, one
//! plan for all of an account's trackers), and `tariff_end_date` the day
//! that plan next renews, else the day the tracker's service ends, else
//! `null`. `last_connection` is the time of the device's last data,
//! `model_name` the protocol catalogue's title.
//! `comment` is always empty, `deleted` always `false` and `avatar_file_name`
//! left out: trackgate keeps none of them. Times are UTC, as Navixy's
//! panel writes them.

use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{Tracker, TrackerId, User, UserId};

use super::call::{PanelCall, positive};
use super::tenancy;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::{format_date, format_datetime};
use crate::user::scope::with_source;
use crate::user::status::Since;

/// A tracker the caller sees, with its owner.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The tracker as stored (a clone with its own fields).
    pub tracker: Tracker,
    /// Its owner, if it has one.
    pub owner: Option<User>,
}

/// Whether the caller sees `tracker`, held by `owner` (see the module
/// docs).
pub fn sees(state: &ApiState, call: &PanelCall, owner: Option<&User>) -> Result<bool, ApiError> {
    match owner {
        Some(user) => call.sees_user(state, user),
        None => Ok(call.as_user.is_none() && tenancy::sees(&*state.store, &call.admin, None)?),
    }
}

/// The tracker `id` with its owner, if the caller sees it.
pub fn find(state: &ApiState, call: &PanelCall, id: TrackerId) -> Result<Option<Seen>, ApiError> {
    match state.store.tracker(id)? {
        Some(tracker) => seen(state, call, tracker),
        None => Ok(None),
    }
}

/// `tracker` with its owner, if the caller sees it.
pub fn seen(
    state: &ApiState,
    call: &PanelCall,
    tracker: Tracker,
) -> Result<Option<Seen>, ApiError> {
    let owner = match tracker.owner {
        Some(owner) => state.store.user(owner)?,
        None => None,
    };
    if tracker.owner.is_some() && owner.is_none() {
        return Ok(None);
    }
    if !sees(state, call, owner.as_ref())? {
        return Ok(None);
    }
    Ok(Some(Seen { tracker, owner }))
}

/// The tracker the integer parameter `name` names, if the caller sees it:
/// 201 otherwise.
pub fn named(state: &ApiState, call: &PanelCall, name: &str) -> Result<Seen, ApiError> {
    let id = TrackerId(positive(&call.params, name)?);
    find(state, call, id)?.ok_or_else(|| ApiError::code(Code::NotFound))
}

/// 252 for a corrupted tracker, or a clone of one.
pub fn not_corrupted(state: &ApiState, tracker: &Tracker) -> Result<(), ApiError> {
    let corrupted = tracker.corrupted
        || match tracker.clone_of {
            Some(source) => state.store.tracker(source)?.is_none_or(|s| s.corrupted),
            None => false,
        };
    if corrupted {
        Err(ApiError::code(Code::DeviceAlreadyCorrupted))
    } else {
        Ok(())
    }
}

/// The tracker object of `seen` (see the module docs).
pub fn view(state: &ApiState, seen: &Seen) -> Result<Value, ApiError> {
    let now = now_ms();
    let own = &seen.tracker;
    // A clone shows its source's device; a clone whose source is gone
    // shows its own record, corrupted.
    let shown = match with_source(state, own.clone())? {
        Some(shown) => shown,
        None => Tracker {
            corrupted: true,
            ..own.clone()
        },
    };
    let source_id = own.source();
    let device_state = match crate::live::holder_blocking(state, source_id)?.state() {
        Some(live) => (*live).clone(),
        None => trackgate_store::current_state(&*state.store, source_id)?.unwrap_or_default(),
    };
    let plan = seen.owner.as_ref().and_then(|u| u.plan);
    let renews = match seen.owner.as_ref() {
        Some(owner) => next_renewal(state, owner.id)?,
        None => None,
    };
    let end = renews.or(shown.expires_ms);
    let mut source = json!({
        "id": source_id.0,
        "device_id": shown.device_id,
        "model": shown.model,
        "blocked": !shown.is_active_at(now),
        "tariff_id": plan.map(|p| p.0),
        "creation_date": format_datetime(shown.created_ms),
        "tariff_end_date": end.map(format_date),
        "connection_status": state.status.connection(&device_state, Since::of(&shown), now),
        "phone": shown.phone,
    });
    if shown.corrupted {
        source["corrupted"] = json!(true);
    }
    Ok(json!({
        "id": own.id.0,
        "clone": own.clone_of.is_some(),
        "comment": "",
        "creation_date": format_datetime(own.created_ms),
        "group_id": state.store.tracker_group(own.id)?.map_or(0, |g| g.0),
        "dealer_id": seen.owner.as_ref().and_then(|u| u.dealer).map(|d| d.0),
        "deleted": false,
        "label": own.label,
        "user_id": own.owner.map(|u| u.0),
        "model_name": model_name(&shown.model),
        "last_connection": device_state.last_update_ms.map(format_datetime),
        "source": source,
    }))
}

/// When `user`'s plan next renews: the start of the first period not
/// settled, if the account has a renewal on its current plan.
fn next_renewal(state: &ApiState, user: UserId) -> Result<Option<i64>, ApiError> {
    let Some(account) = state.store.user(user)? else {
        return Ok(None);
    };
    let Some(plan) = account
        .plan
        .map(|p| state.store.plan(p))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    let Some(renewal) = state.store.renewal(user)?.filter(|r| r.plan == plan.id) else {
        return Ok(None);
    };
    let period = i64::from(plan.period_days.max(1)).saturating_mul(state.renewals.day_ms.max(1));
    let periods = i64::try_from(renewal.paid_periods).unwrap_or(i64::MAX);
    Ok(Some(
        renewal
            .anchor_ms
            .saturating_add(period.saturating_mul(periods)),
    ))
}

/// The model's title from the protocol catalogue, else its code.
fn model_name(code: &str) -> String {
    match trackgate_protocols::catalogue::by_name(code) {
        Some(protocol) => protocol.model().title.to_owned(),
        None => code.to_owned(),
    }
}
