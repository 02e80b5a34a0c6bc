//! Tracker groups: `tracker/group/list|create|update|delete|assign`, also
//! served as `group/*`.
//!
//! Groups belong to the account. Every caller may list them; changing them
//! or moving trackers between them is for the master (`admin`: 13 for
//! sub-users). Group 0, "no group", always exists and is never listed.
//! Deleting a group moves its trackers to group 0.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};
use trackgate_store::{Group, GroupId, NewGroup, TrackerId};

use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::fields;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// Most trackers one `assign` may move.
const MAX_ASSIGN: usize = 2000;

fn group_view(group: &Group) -> Value {
    json!({ "id": group.id.0, "title": group.title, "color": group.color })
}

/// The account's group with `id`, or 201.
fn own_group(state: &ApiState, call: &UserCall, id: u64) -> Result<Group, ApiError> {
    state
        .store
        .group(GroupId(id))?
        .filter(|group| group.owner == call.scope.account)
        .ok_or_else(|| ApiError::code(Code::NotFound))
}

/// The group a new or moved tracker is to be in: `None` for 0, 204 for a
/// group the account does not have. For `tracker/register` and the like.
pub fn group_for_tracker(
    state: &ApiState,
    call: &UserCall,
    group_id: i64,
) -> Result<Option<GroupId>, ApiError> {
    match u64::try_from(group_id) {
        Ok(0) => Ok(None),
        Ok(id) => own_group(state, call, id)
            .map(|g| Some(g.id))
            .map_err(|_| ApiError::code(Code::EntityNotFound)),
        Err(_) => Err(ApiError::invalid("group_id", "must be 0 or a group id")),
    }
}

/// `tracker/group/list`: the account's groups, by id.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let list: Vec<Value> = state
        .store
        .user_groups(call.scope.account)?
        .iter()
        .map(group_view)
        .collect();
    Ok(success(json!({ "list": list })))
}

/// `tracker/group/create`: `title` and `color`; answers the new group's `id`.
pub async fn create(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let params = &call.params;
    let new = NewGroup {
        owner: call.scope.account,
        title: fields::title(params.raw("title"), "title")?,
        color: fields::color(params.raw("color"), "color")?,
    };
    let store = state.store.clone();
    let group = web::block(move || store.create_group(new)).await??;
    Ok(success(json!({ "id": group.id.0 })))
}

/// `tracker/group/update`: `id`, and `title` and/or `color` (what is left
/// out stays); 201 for an unknown group.
pub async fn update(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let params = &call.params;
    let id = fields::id_param(params, "id")?;
    let title = params
        .raw("title")
        .map(|v| fields::title(Some(v), "title"))
        .transpose()?;
    let color = params
        .raw("color")
        .map(|v| fields::color(Some(v), "color"))
        .transpose()?;
    if title.is_none() && color.is_none() {
        return Err(ApiError::invalid("title", "give title or color"));
    }
    let mut group = own_group(&state, &call, id)?;
    group.title = title.unwrap_or(group.title);
    group.color = color.unwrap_or(group.color);
    let store = state.store.clone();
    web::block(move || store.update_group(&group)).await??;
    Ok(success(json!({})))
}

/// `tracker/group/delete`: `id`; its trackers go to group 0.
pub async fn delete(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let group = own_group(&state, &call, fields::id_param(&call.params, "id")?)?;
    let store = state.store.clone();
    web::block(move || store.delete_group(group.id)).await??;
    Ok(success(json!({})))
}

/// `tracker/group/assign`: moves `trackers` to group `id` (0: to none).
/// 201 for an unknown group, 217 when a tracker is not the account's.
pub async fn assign(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let params = &call.params;
    let group = match params.int("id")? {
        0 => None,
        id => Some(
            own_group(
                &state,
                &call,
                u64::try_from(id)
                    .map_err(|_| ApiError::invalid("id", "must be 0 or a group id"))?,
            )?
            .id,
        ),
    };
    let mut trackers = Vec::new();
    for id in fields::ids_param(params, "trackers", MAX_ASSIGN)? {
        match call.scope.find(&state, TrackerId(id))? {
            Some(tracker) => trackers.push(tracker.id),
            None => return Err(ApiError::code(Code::NonexistentEntities)),
        }
    }
    let store = state.store.clone();
    web::block(move || store.set_tracker_group(&trackers, group)).await??;
    Ok(success(json!({})))
}
