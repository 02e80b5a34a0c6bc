//! Which of the master's trackers a sub-user sees:
//! `subuser/tracker/list`, `subuser/tracker/bind`, `subuser/tracker/unbind`.
//!
//! Master only (13 for sub-users); 201 for a sub-user that is not the
//! caller's, 262 when a listed tracker is not the master's.

use actix_web::{HttpResponse, web};
use serde_json::json;
use trackgate_store::TrackerId;

use super::calls::own_subuser;
use super::rights::Right;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::fields;
use crate::user::success;

/// Most trackers one call may bind or unbind.
const MAX_TRACKERS: usize = 2000;

/// `subuser/tracker/list`: the ids of the trackers the sub-user sees.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let sub = own_subuser(&state, &call, fields::id_param(&call.params, "subuser_id")?)?;
    let list: Vec<u64> = state
        .store
        .subuser_trackers(sub.id)?
        .into_iter()
        .map(|t| t.0)
        .collect();
    Ok(success(json!({ "list": list })))
}

/// The sub-user and the master's trackers the call names.
fn target(
    state: &ApiState,
    call: &UserCall,
) -> Result<(trackgate_store::UserId, Vec<TrackerId>), ApiError> {
    call.require(Right::Admin)?;
    let sub = own_subuser(state, call, fields::id_param(&call.params, "subuser_id")?)?;
    let mut trackers = Vec::new();
    for id in fields::ids_param(&call.params, "trackers", MAX_TRACKERS)? {
        match call.scope.find(state, TrackerId(id))? {
            Some(tracker) => trackers.push(tracker.id),
            None => return Err(ApiError::code(Code::EntriesMismatch)),
        }
    }
    Ok((sub.id, trackers))
}

/// `subuser/tracker/bind`: lets the sub-user see `trackers`.
pub async fn bind(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let (sub, trackers) = target(&state, &call)?;
    let store = state.store.clone();
    web::block(move || store.bind_trackers(sub, &trackers)).await??;
    Ok(success(json!({})))
}

/// `subuser/tracker/unbind`: stops the sub-user seeing `trackers`.
pub async fn unbind(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let (sub, trackers) = target(&state, &call)?;
    let store = state.store.clone();
    web::block(move || store.unbind_trackers(sub, &trackers)).await??;
    Ok(success(json!({})))
}
