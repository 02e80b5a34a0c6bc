//! `tracker/*` calls.

use std::sync::Arc;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_actors::session::messages::GetState;
use trackgate_store::{Tracker, TrackerState};

use super::auth::UserCall;
use super::device_params::{self as dp, Checks};
use super::register::{CLAIMS, check_phone_free};
use super::rights::Right;
use super::scope::not_a_clone;
use super::state_view::StateView;
use super::status::Since;
use super::{success, success_with, view};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::{LocalTime, UserZone};

/// `tracker/get` (also `tracker/read`): one of the user's trackers.
pub async fn get(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let group = state.store.tracker_group(tracker.id)?;
    let zone = UserZone::of(&call.user);
    Ok(success(
        json!({ "value": view::tracker_with(&tracker, group, &[], &zone) }),
    ))
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
        .ok_or_else(|| ApiError::code(Code::NotFound))?;
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
            source_id: tracker.source().0,
            state: &tracker_state,
            since: Since::of(&tracker),
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
    if let Some(entry) = state.registry.get(tracker.source())
        && let Ok(Some(live)) = entry.addr.send(GetState).await
    {
        return Ok((live, true));
    }
    Ok((
        Arc::new(state.store.state(tracker.source())?.unwrap_or_default()),
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
    if let Some(live) = state.registry.live_state(tracker.source()) {
        return Ok((live, true));
    }
    Ok((
        Arc::new(state.store.state(tracker.source())?.unwrap_or_default()),
        false,
    ))
}

/// `tracker/change_phone`: the phone number of the tracker's SIM, which SMS
/// commands go to (digits, optionally after a `+`, 5 to 20 of them; 223 if
/// another tracker has it), and its APN when given. Sub-users need
/// `tracker_configure`.
pub async fn change_phone(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    let mut tracker = call.tracker(&state)?;
    not_a_clone(&tracker)?;
    let mut checks = Checks::default();
    let phone = checks.take("phone", call.params.str("phone").and_then(dp::phone));
    let apn = dp::apn(&call.params, &mut checks);
    checks.finish()?;
    let Some(phone) = phone else {
        return Err(ApiError::code(Code::UnexpectedError));
    };
    tracker.phone = Some(phone);
    if apn.is_some() {
        tracker.apn = apn;
    }
    let store = state.store.clone();
    web::block(move || {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        check_phone_free(store.as_ref(), tracker.phone.as_deref(), Some(tracker.id))?;
        store.update_tracker(&tracker)?;
        Ok::<_, ApiError>(())
    })
    .await??;
    Ok(success(json!({})))
}
