//! `tracker/register_retry` (and the part `tracker/replace_retry` shares):
//! the registration commands sent again, with a new APN when one is given.

use actix_web::{HttpResponse, web};
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_store::Tracker;

use super::device_params::{self as dp, Checks};
use super::register::answer;
use super::setup::{self, Want};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::scope::not_a_clone;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// `tracker/register_retry`: sends the registration commands again, with
/// a new APN when one is given. Without `send_register_commands` the
/// commands are sent (that is what the call is for); `false` only stores
/// the APN. A connected device is 242: it already reports.
pub async fn register_retry(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerRegister)?;
    let tracker = retry_target(&state, &call)?;
    not_a_clone(&tracker)?;
    resend(&state, &call, tracker).await
}

/// The tracker a retry names: `tracker_id`, or else `device_id` among the
/// caller's trackers.
fn retry_target(state: &ApiState, call: &UserCall) -> Result<Tracker, ApiError> {
    if call.params.raw("tracker_id").is_some() || call.params.raw("device_id").is_none() {
        return call.tracker(state);
    }
    let device_id = call.params.str("device_id")?;
    let tracker = state
        .store
        .tracker_by_device(device_id)?
        .filter(|t| call.scope.sees(t))
        .ok_or_else(|| ApiError::code(Code::NotFound))?;
    if !tracker.is_active_at(now_ms()) {
        return Err(ApiError::code(Code::DeviceBlocked));
    }
    Ok(tracker)
}

/// The shared part of `register_retry` and `replace_retry`: store the new
/// APN, then send the commands.
pub(super) async fn resend(
    state: &ApiState,
    call: &UserCall,
    mut tracker: Tracker,
) -> Result<HttpResponse, ApiError> {
    let mut checks = Checks::default();
    let apn = dp::apn(&call.params, &mut checks);
    let send = checks.take(
        "send_register_commands",
        call.params.opt_bool("send_register_commands"),
    );
    checks.finish()?;
    if crate::live::holder(state, tracker.id)
        .await?
        .is_online()
        .unwrap_or(true)
    {
        return Err(ApiError::code(Code::RetryWhileConnected));
    }
    let want = match send.flatten() {
        Some(false) => Want::No,
        _ => Want::Required,
    };
    if apn.is_some() {
        tracker.apn = apn;
    }
    let protocol = trackgate_protocols::catalogue::by_name(&tracker.model);
    let plan = setup::plan(
        state,
        protocol,
        tracker.phone.as_deref(),
        tracker.apn.as_ref(),
        want,
    )?;
    let store = state.store.clone();
    let stored = tracker.clone();
    web::block(move || store.update_tracker(&stored)).await??;
    if let Some(plan) = plan {
        setup::send(state, tracker.id, plan).await?;
    }
    Ok(success(json!({ "value": answer(state, call, &tracker)? })))
}
