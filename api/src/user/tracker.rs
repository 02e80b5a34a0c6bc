//! `tracker/*` calls.

use std::sync::Arc;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_actors::session::messages::GetState;
use trackgate_actors::store::{Tracker, TrackerState};

use super::auth::UserCall;
use super::state_view::StateView;
use super::{success, success_with, view};
use crate::ApiState;
use crate::error::ApiError;
use crate::time::{LocalTime, UserZone};

/// `tracker/list`: the user's trackers.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let user = &call.user;
    let zone = UserZone::of(user);
    let list: Vec<Value> = state
        .store
        .user_trackers(user.id)?
        .iter()
        .map(|t| view::tracker(t, &zone))
        .collect();
    Ok(success(json!({ "list": list })))
}

/// `tracker/get` (also `tracker/read`): one of the user's trackers.
pub async fn get(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let zone = UserZone::of(&call.user);
    Ok(success(json!({ "value": view::tracker(&tracker, &zone) })))
}

/// `tracker/get_last_gps_point`: the newest valid GNSS fix (LBS excluded).
pub async fn get_last_gps_point(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let (tracker_state, _) = current_state(&state, &tracker).await?;
    let point = tracker_state
        .last_gps
        .as_ref()
        .ok_or_else(|| ApiError::code(201))?;
    let zone = UserZone::of(&call.user);
    Ok(success(
        json!({ "value": view::point(&point.value, &zone) }),
    ))
}

/// `tracker/get_state`: live state from the session when connected, else the stored one.
pub async fn get_state(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let (tracker_state, _) = asked_state(&state, &tracker).await?;
    let now = now_ms();
    let zone = UserZone::of(&call.user);
    Ok(success_with(StateAnswer {
        user_time: zone.at(now),
        state: StateView {
            source_id: tracker.id.0,
            state: &tracker_state,
            registered_ms: tracker.created_ms,
            now,
            zone: &zone,
            rules: &state.status,
        },
    }))
}

#[derive(Serialize)]
struct StateAnswer<'a> {
    user_time: LocalTime,
    state: StateView<'a>,
}

/// The tracker's state and whether it is connected, as `tracker/get_state`
/// gets it: a connected tracker's session answers by message, from the
/// state it holds; an offline tracker answers from the store.
pub async fn asked_state(
    state: &ApiState,
    tracker: &Tracker,
) -> Result<(Arc<TrackerState>, bool), ApiError> {
    if let Some(entry) = state.registry.get(tracker.id)
        && let Ok(Some(live)) = entry.addr.send(GetState).await
    {
        return Ok((live, true));
    }
    Ok((
        Arc::new(state.store.state(tracker.id)?.unwrap_or_default()),
        false,
    ))
}

/// The tracker's state and whether it is connected, for reads of many
/// trackers at once (`get_states`, last points). A connected tracker's
/// session publishes its state after every commit; reading that snapshot
/// never waits for the session (which may be waiting on a commit). An
/// offline tracker answers from the store.
pub async fn current_state(
    state: &ApiState,
    tracker: &Tracker,
) -> Result<(Arc<TrackerState>, bool), ApiError> {
    if let Some(live) = state.registry.live_state(tracker.id) {
        return Ok((live, true));
    }
    Ok((
        Arc::new(state.store.state(tracker.id)?.unwrap_or_default()),
        false,
    ))
}

/// `tracker/change_phone`: the phone number of the tracker's SIM, which SMS
/// commands go to. Digits, optionally after a `+`, 5 to 20 of them.
pub async fn change_phone(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let mut tracker = call.tracker(&state)?;
    let phone = call.params.str("phone")?.trim();
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    if !(5..=20).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::invalid(
            "phone",
            "must be 5 to 20 digits, optionally after +",
        ));
    }
    tracker.phone = Some(phone.to_owned());
    let store = state.store.clone();
    web::block(move || store.update_tracker(&tracker)).await??;
    Ok(success(json!({})))
}
