//! `tracker/raw_command/send`: a command in the device's own language,
//! through the command queue the User API's command calls use
//! (`crate::user::tracker::commands`): stored first, so a restart loses
//! none, handed to the device's session at once when it is connected and
//! when it next connects otherwise.

use actix_web::web;
use serde_json::Map;
use trackgate_actors::now_ms;
use trackgate_store::{SendPolicy, TrackerId};

use super::call::{PanelCall, positive};
use super::routes::Answer;
use super::tracker_view::{self, Seen, not_corrupted};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::scope::with_source;
use crate::user::tracker::commands::{Delivery, raw, submit};

/// `tracker/raw_command/send`: the tracker by `device_id` (Navixy's) or
/// `tracker_id`; `command`, `type` (`text` or `hex`) and `reliable`
/// (default true: kept until the device is connected). 201 for a tracker
/// not seen, 252 for a corrupted one, 208 for a blocked one (or one whose
/// service ended or whose account is suspended), 213 for an unreliable
/// command to an offline device, 214 when the device's protocol has no
/// such command, 7 for a command it cannot take. A clone's command goes
/// to its source's device.
pub async fn send(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let command = raw(&call.params)?;
    let reliable = call.params.opt_bool("reliable")?.unwrap_or(true);
    let shared = state.clone();
    let tracker = web::block(move || -> Result<_, ApiError> {
        let Seen { tracker, .. } = target(&shared, &call)?;
        not_corrupted(&shared, &tracker)?;
        let shown = with_source(&shared, tracker)?
            .ok_or_else(|| ApiError::code(Code::DeviceAlreadyCorrupted))?;
        if !shown.is_active_at(now_ms()) {
            return Err(ApiError::code(Code::DeviceBlocked));
        }
        Ok(shown)
    })
    .await??;
    let delivery = Delivery {
        reliable,
        expires_ms: None,
        policy: SendPolicy::WhenConnected,
    };
    submit(&state, &tracker, command, delivery).await?;
    Ok(Map::new())
}

/// The tracker `device_id` or `tracker_id` names (7 when neither is
/// given), if the caller sees it: 201 otherwise.
fn target(state: &ApiState, call: &PanelCall) -> Result<Seen, ApiError> {
    let device_id = call.params.opt_str("device_id")?.map(str::trim);
    let id = match device_id {
        Some(device_id) if !device_id.is_empty() => state
            .store
            .tracker_by_device(device_id)?
            .map(|t| t.id)
            .ok_or_else(|| ApiError::code(Code::NotFound))?,
        _ if call.params.raw("tracker_id").is_some() => {
            TrackerId(positive(&call.params, "tracker_id")?)
        }
        _ => {
            return Err(ApiError::invalid(
                "device_id",
                "device_id or tracker_id is required",
            ));
        }
    };
    tracker_view::find(state, call, id)?.ok_or_else(|| ApiError::code(Code::NotFound))
}
