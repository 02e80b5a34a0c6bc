//! `tracker/get_states`: many trackers' states in one call.

use std::sync::Arc;

use actix_web::{HttpResponse, web};
use serde::{Serialize, Serializer};
use trackgate_actors::now_ms;
use trackgate_actors::store::{TrackerId, TrackerState};

use super::auth::UserCall;
use super::state_view::StateView;
use super::success_with;
use super::tracker::current_state;
use crate::ApiState;
use crate::error::ApiError;
use crate::time::DateTime;

/// Most trackers one call may ask for.
pub const MAX_TRACKERS: usize = 2000;

/// `tracker/get_states`: `trackers` (up to 2,000 ids), `list_blocked`, `allow_not_exist`.
pub async fn get_states(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let (params, user) = (&call.params, &call.user);
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
    for id in ids {
        let tracker = match u64::try_from(id) {
            Ok(id) => state
                .store
                .tracker(TrackerId(id))?
                .filter(|t| t.owner == Some(user.id)),
            Err(_) => None,
        };
        match tracker {
            None if allow_not_exist => not_exist.push(id),
            None => return Err(ApiError::code(217)),
            Some(t) if t.blocked && list_blocked => blocked.push(id),
            Some(t) if t.blocked => return Err(ApiError::code(208)),
            Some(t) => wanted.push(t),
        }
    }
    let now = now_ms();
    let mut states = Vec::with_capacity(wanted.len());
    for tracker in &wanted {
        let (tracker_state, connected) = current_state(&state, tracker).await?;
        states.push((tracker.id.0, tracker_state, connected));
    }
    Ok(success_with(StatesAnswer {
        user_time: DateTime(now),
        states: States { states, now },
        blocked: list_blocked.then_some(blocked),
        not_exist: allow_not_exist.then_some(not_exist),
    }))
}

#[derive(Serialize)]
struct StatesAnswer {
    user_time: DateTime,
    states: States,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocked: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_exist: Option<Vec<i64>>,
}

/// The states asked for, by tracker id, written as one JSON object.
struct States {
    states: Vec<(u64, Arc<TrackerState>, bool)>,
    now: i64,
}

impl Serialize for States {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.states.iter().map(|(id, state, connected)| {
            let view = StateView {
                source_id: *id,
                state,
                connected: *connected,
                now: self.now,
            };
            (id, view)
        }))
    }
}
