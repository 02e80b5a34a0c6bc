//! Commands to devices through the User API.
//!
//! - `tracker/raw_command` (also `tracker/raw_command/send`): `command` as
//!   `type` text (default) or hex, `reliable` (default true).
//! - `tracker/output/set`: `output` (from 1) switched by `enable`.
//! - `tracker/send_command`: seed 003's `electronic_lock_command` and
//!   `set_special_settings_command`, for lock models.
//! - `tracker/command/list` and `tracker/command/cancel`: the tracker's
//!   commands with their status and answers, and withdrawing one.
//!
//! Sub-users need `tracker_configure` and `tracker_set_output` for
//! `raw_command` and `send_command`, `tracker_set_output` for
//! `output/set`, and either of them to cancel.
//!
//! `tracker/raw_command`, `tracker/output/set` and `tracker/send_command`
//! also take `ttl` (seconds until an undelivered command expires) or
//! `expires` (the time it does) and `send_within` (send only that
//! many seconds after the device's last packet, for SIMs behind NAT).
//!
//! A command is stored before anything else happens, so a restart loses
//! none. A connected device gets it at once (by message to its session);
//! an offline one when it next connects, unless the command is not
//! `reliable`: that fails at once with 213. A protocol that cannot say the
//! command answers 214; one whose parameters are out of range for it, 7.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_protocols::command::{Command, CommandError, Target};
use trackgate_protocols::{DeviceId, Protocol, Transport};
use trackgate_store::{CommandId, CommandRecord, CommandStatus, NewCommand, SendPolicy, Tracker};

use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::time::{Pick, UserZone};
use crate::user::account::auth::UserCall;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// How many times a command is written before it fails.
const MAX_ATTEMPTS: u8 = 3;
/// The longest `ttl` accepted: 30 days.
const MAX_TTL_SECS: i64 = 30 * 86_400;

/// How a command may be delivered, from the call's parameters: `reliable`
/// (default true), `ttl` (seconds until it expires if not delivered) or
/// `expires` (the time it expires, `YYYY-MM-DD HH:MM:SS` in the caller's
/// time zone; default never)
/// and `send_within` (send only this many seconds after the
/// device's last packet, for SIMs behind NAT; default as soon as connected).
pub(crate) struct Delivery {
    pub(crate) reliable: bool,
    pub(crate) expires_ms: Option<i64>,
    pub(crate) policy: SendPolicy,
}

impl Delivery {
    fn from(call: &UserCall, reliable_default: bool) -> Result<Self, ApiError> {
        let params = &call.params;
        let ttl = params.opt_int("ttl")?;
        if ttl.is_some_and(|t| !(1..=MAX_TTL_SECS).contains(&t)) {
            return Err(ApiError::invalid("ttl", "must be 1 to 2592000 seconds"));
        }
        let expires = match params.opt_str("expires")? {
            None => None,
            Some(text) => Some(
                UserZone::of(&call.user)
                    .parse(text, Pick::Later)
                    .filter(|at| *at > now_ms())
                    .ok_or_else(|| {
                        ApiError::invalid("expires", "must be a future YYYY-MM-DD HH:MM:SS")
                    })?,
            ),
        };
        let policy = match params.opt_int("send_within")? {
            None => SendPolicy::WhenConnected,
            Some(secs) => SendPolicy::WithinSecondsOfInbound(
                u32::try_from(secs)
                    .ok()
                    .filter(|s| (1..=86_400).contains(s))
                    .ok_or_else(|| {
                        ApiError::invalid("send_within", "must be 1 to 86400 seconds")
                    })?,
            ),
        };
        Ok(Self {
            reliable: params.opt_bool("reliable")?.unwrap_or(reliable_default),
            // The earlier of the two, when both are given.
            expires_ms: match (ttl.map(|t| now_ms() + t * 1000), expires) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            policy,
        })
    }
}

/// `tracker/raw_command`: text or hex, as the device's own command language.
pub async fn raw_command(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    call.require(Right::TrackerSetOutput)?;
    let tracker = call.tracker(&state)?;
    let command = raw(&call.params)?;
    let delivery = Delivery::from(&call, true)?;
    let record = submit(&state, &tracker, command, delivery).await?;
    Ok(success(json!({ "command_id": record.id.0 })))
}

/// A raw command from `command` and `type` (`text`, the default, or
/// `hex`), as `tracker/raw_command` in both APIs takes it.
pub(crate) fn raw(params: &Params) -> Result<Command, ApiError> {
    let text = params.str("command")?;
    if text.is_empty() {
        return Err(ApiError::invalid("command", "must not be empty"));
    }
    Ok(match params.opt_str("type")?.unwrap_or("text") {
        "text" => Command::Text(text.to_owned()),
        "hex" => Command::Bytes(
            hex_bytes(text).ok_or_else(|| ApiError::invalid("command", "Non-hex string"))?,
        ),
        _ => return Err(ApiError::invalid("type", "must be text or hex")),
    })
}

/// `tracker/output/set`: switch output `output` on (`enable` true) or off.
pub async fn set_output(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerSetOutput)?;
    let tracker = call.tracker(&state)?;
    let index = u8::try_from(call.params.int("output")?)
        .ok()
        .filter(|i| *i >= 1)
        .ok_or_else(|| ApiError::invalid("output", "must be an output number from 1"))?;
    let on = call
        .params
        .opt_bool("enable")?
        .ok_or_else(|| ApiError::invalid("enable", "required"))?;
    let delivery = Delivery::from(&call, true)?;
    let record = submit(&state, &tracker, Command::Output { index, on }, delivery).await?;
    Ok(success(json!({ "command_id": record.id.0 })))
}

/// `tracker/send_command`: seed 003's lock and special-settings commands.
///
/// `electronic_lock_command` seals or unseals (`command_code`), with the
/// lock's password from `special_settings` when given;
/// `set_special_settings_command` carries `special_settings` as they are.
/// Like every command they are stored and delivered; a protocol without
/// locks answers 214.
pub async fn send_command(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    call.require(Right::TrackerSetOutput)?;
    let tracker = call.tracker(&state)?;
    let object = call
        .params
        .raw("command")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::invalid("command", "must be a JSON object"))?;
    let settings = object.get("special_settings");
    let command = match object.get("name").and_then(Value::as_str) {
        Some("electronic_lock_command") => {
            let seal = match object.get("command_code").and_then(Value::as_str) {
                Some("seal") => true,
                Some("unseal") => false,
                _ => {
                    return Err(ApiError::invalid(
                        "command",
                        "command_code must be seal or unseal",
                    ));
                }
            };
            let password = settings
                .and_then(|s| s.get("password"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            Command::ElectronicLock { seal, password }
        }
        Some("set_special_settings_command") => {
            let settings = settings.filter(|s| s.is_object()).ok_or_else(|| {
                ApiError::invalid("command", "special_settings must be a JSON object")
            })?;
            Command::SpecialSettings(settings.to_string())
        }
        _ => {
            return Err(ApiError::invalid(
                "command",
                "name must be electronic_lock_command or set_special_settings_command",
            ));
        }
    };
    let delivery = Delivery::from(&call, true)?;
    let record = submit(&state, &tracker, command, delivery).await?;
    Ok(success(json!({ "command_id": record.id.0 })))
}

/// `tracker/command/list`: the tracker's commands, oldest first.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let store = state.store.clone();
    let commands = web::block(move || -> Result<Vec<CommandRecord>, ApiError> {
        let now = now_ms();
        let mut commands = store.tracker_commands(tracker.source())?;
        // A command whose time ran out while its device was away expires
        // now, not when the device returns.
        for record in &mut commands {
            if !record.status.is_final() && record.request.expires_ms.is_some_and(|at| at <= now) {
                record.status = CommandStatus::Expired;
                record.finished_ms = Some(now);
                store.update_command(record)?;
            }
        }
        Ok(commands)
    })
    .await??;
    let zone = UserZone::of(&call.user);
    let list: Vec<Value> = commands.iter().map(|c| view(c, &zone)).collect();
    Ok(success(json!({ "list": list })))
}

/// `tracker/command/cancel`: withdraws a command not delivered yet.
pub async fn cancel(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    // Whoever may send a command may withdraw one.
    if !call.scope.allows(Right::TrackerConfigure) {
        call.require(Right::TrackerSetOutput)?;
    }
    let tracker = call.tracker(&state)?;
    let id = CommandId(
        u64::try_from(call.params.int("command_id")?)
            .map_err(|_| ApiError::invalid("command_id", "must be positive"))?,
    );
    // A connected session (of whichever node) drops it first; its own
    // status writes for the command are all done once it has answered.
    state
        .cluster
        .cancel(tracker.source(), id)
        .await
        .map_err(|why| ApiError::unreachable(&why))?;
    let store = state.store.clone();
    let cancelled = web::block(move || -> Result<CommandRecord, ApiError> {
        let mut record = store
            .command(tracker.source(), id)?
            .ok_or_else(|| ApiError::code(Code::EntityNotFound))?;
        if record.status.is_final() {
            return Err(ApiError::invalid(
                "command_id",
                format!("the command is already {}", record.status.as_str()),
            ));
        }
        record.status = CommandStatus::Cancelled;
        record.finished_ms = Some(now_ms());
        store.update_command(&record)?;
        Ok(record)
    })
    .await??;
    Ok(success(
        json!({ "value": view(&cancelled, &UserZone::of(&call.user)) }),
    ))
}

/// Checks, stores and (when the device is connected) delivers a command.
pub(crate) async fn submit(
    state: &ApiState,
    tracker: &Tracker,
    command: Command,
    delivery: Delivery,
) -> Result<CommandRecord, ApiError> {
    let reliable = delivery.reliable;
    let holder = crate::live::holder(state, tracker.source()).await?;
    // The protocol is known from the connection, or from the tracker's model.
    let protocol = holder
        .protocol()
        .or_else(|| trackgate_protocols::catalogue::by_name(&tracker.model));
    if let Some(protocol) = protocol {
        check_encodable(protocol, tracker, &command)?;
    }
    let now = now_ms();
    let new = NewCommand {
        tracker: tracker.source(),
        command,
        reliable,
        expires_ms: delivery.expires_ms,
        policy: delivery.policy,
        max_attempts: MAX_ATTEMPTS,
        created_ms: now,
    };
    let store = state.store.clone();
    let mut record = web::block(move || store.create_command(new)).await??;
    // Looked up after the command is stored: a session that registers
    // later loads it itself, one that registered earlier (on whichever
    // node) is told now. A holder that cannot be reached leaves a reliable
    // command waiting in the store.
    let delivered = state.cluster.deliver(tracker.source(), &record).await;
    match delivered {
        Ok(true) => {}
        Err(why) if !reliable => {
            record.status = CommandStatus::Failed;
            record.finished_ms = Some(now);
            record.failure = Some(why.to_string());
            let store = state.store.clone();
            web::block(move || store.update_command(&record)).await??;
            return Err(ApiError::unreachable(&why));
        }
        Err(why) => {
            tracing::warn!(tracker = tracker.source().0, %why, "command stored; its device's node could not be told");
        }
        Ok(false) if !reliable => {
            record.status = CommandStatus::Failed;
            record.finished_ms = Some(now);
            record.failure = Some("the device is offline".into());
            let store = state.store.clone();
            web::block(move || store.update_command(&record)).await??;
            return Err(ApiError::code(Code::DeviceOffline));
        }
        Ok(false) => {}
    }
    Ok(record)
}

/// Refuses a command the protocol cannot say (214) or whose parameters it
/// cannot take (7), before anything is stored.
fn check_encodable(
    protocol: Protocol,
    tracker: &Tracker,
    command: &Command,
) -> Result<(), ApiError> {
    let encoder = protocol
        .command_encoder()
        .ok_or_else(|| ApiError::code(Code::NotSupportedByDevice))?;
    let device = DeviceId(tracker.device_id.clone());
    let target = Target {
        device: &device,
        serial: 0,
        transport: Transport::Tcp,
    };
    match encoder.encode(command, &target) {
        Ok(_) => Ok(()),
        Err(CommandError::Unsupported(_)) => Err(ApiError::code(Code::NotSupportedByDevice)),
        Err(CommandError::Invalid(why)) => Err(ApiError::invalid("command", why)),
    }
}

/// Bytes of a hex string (pairs of hex digits, spaces allowed between them).
fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.is_empty()
        || !digits.len().is_multiple_of(2)
        || !digits.iter().all(u8::is_ascii_hexdigit)
    {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// A command as `tracker/command/list` shows it, its times in `zone`.
fn view(record: &CommandRecord, zone: &UserZone) -> Value {
    let time = |ms: Option<i64>| ms.map(|ms| zone.at(ms).to_string());
    let command = match &record.request.command {
        Command::Text(text) => json!({ "type": "text", "command": text }),
        Command::Bytes(bytes) => json!({
            "type": "hex",
            "command": bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        }),
        Command::Output { index, on } => json!({ "type": "output", "output": index, "enable": on }),
        Command::EngineBlock(block) => json!({ "type": "engine_block", "block": block }),
        Command::LocationRequest => json!({ "type": "location_request" }),
        Command::ElectronicLock { seal, .. } => json!({
            "type": "electronic_lock_command",
            "command_code": if *seal { "seal" } else { "unseal" },
        }),
        Command::SpecialSettings(settings) => json!({
            "type": "set_special_settings_command",
            "special_settings": serde_json::from_str::<Value>(settings).unwrap_or(Value::Null),
        }),
    };
    json!({
        "id": record.id.0,
        "command": command,
        "reliable": record.request.reliable,
        "status": record.status.as_str(),
        "channel": record.channel.as_str(),
        "attempts": record.attempts,
        "created": time(Some(record.request.created_ms)),
        "sent": time(record.sent_ms),
        "finished": time(record.finished_ms),
        "bytes": record.encoded.as_ref().map(|b| b.iter().map(|b| format!("{b:02x}")).collect::<String>()),
        "reply": record.reply,
        "failure": record.failure,
    })
}
