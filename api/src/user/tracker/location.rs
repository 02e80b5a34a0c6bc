//! `tracker/location_request`: ask a device where it is now.
//!
//! `type` gprs or gsm asks over the device's connection, which must be up
//! (213 otherwise); the position comes back like any other. `type` sms
//! (seed 003's default) sends the protocol's SMS command for it through the
//! configured SMS gateway to the tracker's phone number; the device answers
//! by SMS, which trackgate does not receive, so the command ends
//! `acknowledged` once the gateway took the message. Without a gateway, a
//! phone number or an SMS form of the command, the answer is 214 and says
//! which is missing.
//!
//! A connected device whose last valid fix is younger than
//! [`ACTUAL_FOR_MS`] already told where it is: 256, whatever the type,
//! and nothing is sent.

use actix_web::{HttpResponse, web};
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_protocols::command::Command;
use trackgate_store::{
    CommandChannel, CommandRecord, CommandStatus, NewCommand, SendPolicy, Tracker, TrackerId,
};

use super::commands::{Delivery, submit};
use crate::ApiState;
use crate::error::{ApiError, Code, ParamError};
use crate::user::account::auth::UserCall;
use crate::user::success;

/// How young a connected device's last valid fix is "already actual".
pub const ACTUAL_FOR_MS: i64 = 60_000;

/// `tracker/location_request`.
pub async fn location_request(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let kind = call.params.opt_str("type")?.unwrap_or("sms");
    if !matches!(kind, "gprs" | "gsm" | "sms") {
        return Err(ApiError::invalid("type", "must be sms, gsm or gprs"));
    }
    if already_actual(&state, &tracker).await? {
        return Err(ApiError::code(Code::LocationAlreadyActual));
    }
    match kind {
        "gprs" | "gsm" => {
            // The answer is only useful now: the device must be online.
            let delivery = Delivery {
                reliable: false,
                expires_ms: None,
                policy: SendPolicy::WhenConnected,
            };
            submit(&state, &tracker, Command::LocationRequest, delivery).await?;
            Ok(success(json!({})))
        }
        "sms" => {
            let record = by_sms(&state, &tracker, Command::LocationRequest).await?;
            Ok(success(json!({ "command_id": record.id.0 })))
        }
        _ => Err(ApiError::invalid("type", "must be sms, gsm or gprs")),
    }
}

/// Whether the tracker's device is connected and its last valid fix is
/// younger than [`ACTUAL_FOR_MS`].
async fn already_actual(state: &ApiState, tracker: &Tracker) -> Result<bool, ApiError> {
    let source = tracker.source();
    if !crate::live::holder(state, source)
        .await?
        .is_online()
        .unwrap_or(false)
    {
        return Ok(false);
    }
    let store = state.store.clone();
    let last = web::block(move || trackgate_store::current_state(&*store, source)).await??;
    let fix_ms = last.and_then(|s| s.last_gps).map(|gps| gps.updated_ms);
    Ok(fix_ms.is_some_and(|at| now_ms().saturating_sub(at) < ACTUAL_FOR_MS))
}

/// Why an SMS cannot be sent: 214, naming what is missing.
fn unsupported(parameter: &str, why: &str) -> ApiError {
    ApiError {
        errors: vec![ParamError {
            parameter: parameter.into(),
            error: why.into(),
        }],
        ..ApiError::code(Code::NotSupportedByDevice)
    }
}

/// Sends `command` to the tracker's phone as an SMS, recording it.
async fn by_sms(
    state: &ApiState,
    tracker: &Tracker,
    command: Command,
) -> Result<CommandRecord, ApiError> {
    if !state.sms.is_configured() {
        return Err(unsupported(
            "type",
            "no SMS gateway is configured; use gprs or gsm",
        ));
    }
    let phone = tracker
        .phone
        .clone()
        .ok_or_else(|| unsupported("tracker_id", "the tracker has no phone number"))?;
    let protocol = state
        .cluster
        .holder(tracker.source())
        .await
        .protocol()
        .or_else(|| trackgate_protocols::catalogue::by_name(&tracker.model))
        .ok_or_else(|| {
            unsupported(
                "tracker_id",
                "the tracker's protocol is not known until it connects",
            )
        })?;
    let text = protocol
        .command_encoder()
        .and_then(|encoder| encoder.sms(&command))
        .ok_or_else(|| {
            unsupported(
                "type",
                "the device's protocol has no SMS form of this command",
            )
        })?;

    send_recorded_sms(state, tracker.source(), &phone, command, text).await
}

/// Sends `text` to `phone` through the SMS gateway and records it as a
/// command of the tracker (channel sms): `acknowledged` once the gateway
/// took it, else `failed` with the gateway's reason, which is also the
/// error answered (code 6).
pub async fn send_recorded_sms(
    state: &ApiState,
    tracker: TrackerId,
    phone: &str,
    command: Command,
    text: String,
) -> Result<CommandRecord, ApiError> {
    let store = state.store.clone();
    let new = NewCommand {
        tracker,
        command,
        reliable: false,
        expires_ms: None,
        policy: SendPolicy::WhenConnected,
        max_attempts: 1,
        created_ms: now_ms(),
    };
    let mut record = web::block(move || store.create_command(new)).await??;
    let sent = state.sms.send(phone, &text).await;
    let now = now_ms();
    record.channel = CommandChannel::Sms;
    record.attempts = 1;
    record.sent_ms = Some(now);
    record.finished_ms = Some(now);
    record.encoded = Some(text.into_bytes());
    let refused = match sent {
        Ok(()) => {
            record.status = CommandStatus::Acknowledged;
            None
        }
        Err(error) => {
            record.status = CommandStatus::Failed;
            record.failure = Some(error.to_string());
            Some(error.to_string())
        }
    };
    let store = state.store.clone();
    let stored = record.clone();
    web::block(move || store.update_command(&stored)).await??;
    match refused {
        None => Ok(record),
        Some(why) => Err(ApiError {
            errors: vec![ParamError {
                parameter: "type".into(),
                error: why,
            }],
            ..ApiError::code(Code::UnexpectedError)
        }),
    }
}
