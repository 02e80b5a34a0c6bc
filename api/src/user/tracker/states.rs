//! `tracker/get_states`: many trackers' states in one call.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;
use trackgate_actors::now_ms;
use trackgate_store::TrackerId;

use super::get::current_state;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::UserZone;
use crate::user::account::auth::UserCall;
use crate::user::state_view::StateView;
use crate::user::status::Since;

/// Most trackers one call may ask for.
pub const MAX_TRACKERS: usize = 2000;

/// States rendered between two yields to the worker's other calls (a
/// slice takes well under a millisecond).
const RENDER_SLICE: usize = 64;

/// States read at once (those of trackers held by other nodes are calls).
const STATES_AT_ONCE: usize = 32;

/// `tracker/get_states`: `trackers` (up to 2,000 ids), `list_blocked`, `allow_not_exist`.
pub async fn get_states(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let params = &call.params;
    let ids = params
        .opt_int_array("trackers")?
        .ok_or_else(|| ApiError::invalid("trackers", "required"))?;
    if ids.is_empty() || ids.len() > MAX_TRACKERS {
        return Err(ApiError::invalid(
            "trackers",
            format!("must hold 1 to {MAX_TRACKERS} ids"),
        ));
    }
    let list_blocked = params.opt_bool("list_blocked")?.unwrap_or(false);
    let allow_not_exist = params.opt_bool("allow_not_exist")?.unwrap_or(false);

    let mut wanted = Vec::with_capacity(ids.len());
    let (mut blocked, mut not_exist) = (Vec::new(), Vec::new());
    let now = now_ms();
    for id in ids {
        let tracker = match u64::try_from(id) {
            Ok(id) => call.scope.find(&state, TrackerId(id))?,
            Err(_) => None,
        };
        match tracker {
            None if allow_not_exist => not_exist.push(id),
            None => return Err(ApiError::code(Code::NonexistentEntities)),
            Some(t) if !t.is_active_at(now) && list_blocked => blocked.push(id),
            Some(t) if !t.is_active_at(now) => return Err(ApiError::code(Code::DeviceBlocked)),
            Some(t) => wanted.push(t),
        }
    }
    let zone = UserZone::of(&call.user);
    // Several at a time: a tracker another gateway node holds is a call to
    // that node (nothing waits on a single node).
    let read: Vec<_> = futures_util::stream::iter(wanted.iter().map(|t| current_state(&state, t)))
        .buffered(STATES_AT_ONCE)
        .collect()
        .await;
    let mut states = Vec::with_capacity(wanted.len());
    for (tracker, answer) in wanted.iter().zip(read) {
        let (tracker_state, _) = answer?;
        states.push((
            tracker.id.0,
            tracker.source().0,
            Since::of(tracker),
            tracker_state,
        ));
    }

    // Written by hand around the states so that they can be rendered a
    // slice at a time, letting the worker answer other calls in between.
    let mut body = Vec::with_capacity(128 + states.len() * 1024);
    body.extend_from_slice(br#"{"success":true,"user_time":"#);
    serde_json::to_writer(&mut body, &zone.at(now)).map_err(render)?;
    body.extend_from_slice(br#","states":{"#);
    for (n, (id, source_id, since, tracker_state)) in states.iter().enumerate() {
        if n > 0 {
            body.push(b',');
            if n % RENDER_SLICE == 0 {
                actix_web::rt::task::yield_now().await;
            }
        }
        serde_json::to_writer(&mut body, &id.to_string()).map_err(render)?;
        body.push(b':');
        let view = StateView {
            source_id: *source_id,
            state: tracker_state,
            since: *since,
            now,
            zone: &zone,
            rules: &state.status,
        };
        serde_json::to_writer(&mut body, &view).map_err(render)?;
    }
    body.push(b'}');
    for (name, ids, wanted) in [
        ("blocked", &blocked, list_blocked),
        ("not_exist", &not_exist, allow_not_exist),
    ] {
        if wanted {
            body.extend_from_slice(format!(r#","{name}":"#).as_bytes());
            serde_json::to_writer(&mut body, ids).map_err(render)?;
        }
    }
    body.push(b'}');
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}

fn render(error: serde_json::Error) -> ApiError {
    tracing::error!(%error, "could not render tracker states");
    ApiError::code(Code::DatabaseError)
}
