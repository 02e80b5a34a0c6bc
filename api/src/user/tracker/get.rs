//! One tracker: `tracker/get` (also `tracker/read`),
//! `tracker/get_last_gps_point`, `tracker/get_state`, and how a tracker's
//! state is fetched for those and for `tracker/get_states`.

use std::sync::Arc;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_actors::session::messages::GetState;
use trackgate_cluster::Holder;
use trackgate_store::{Tracker, TrackerId, TrackerState};

use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::{LocalTime, UserZone};
use crate::user::account::auth::UserCall;
use crate::user::state_view::StateView;
use crate::user::status::Since;
use crate::user::{success, success_with, view};

/// `tracker/get` (also `tracker/read`): one of the user's trackers.
pub async fn get(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let group = state.store.tracker_group(tracker.id)?;
    let tariff = view::tariff_of(&*state.store, &tracker)?;
    let zone = UserZone::of(&call.user);
    Ok(success(
        json!({ "value": view::tracker_with(&tracker, group, &[], tariff, &zone) }),
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
    if let Some(live) = remote_state(state, tracker.source()).await? {
        return Ok((live, true));
    }
    Ok((
        Arc::new(
            trackgate_store::current_state(&*state.store, tracker.source())?.unwrap_or_default(),
        ),
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
    if let Some(live) = remote_state(state, tracker.source()).await? {
        return Ok((live, true));
    }
    Ok((
        Arc::new(
            trackgate_store::current_state(&*state.store, tracker.source())?.unwrap_or_default(),
        ),
        false,
    ))
}

/// The live state of a device another gateway node holds (`None`: no other
/// node does, or this node is alone); an error when the others cannot be asked.
pub async fn remote_state(
    state: &ApiState,
    source: TrackerId,
) -> Result<Option<Arc<TrackerState>>, ApiError> {
    if !state.cluster.is_clustered() {
        return Ok(None);
    }
    match state.cluster.holder(source).await {
        Holder::Remote(remote) => Ok(Some(remote.state)),
        Holder::Unreachable(why) => Err(ApiError::unreachable(&why)),
        Holder::Local(_) | Holder::Offline => Ok(None),
    }
}
