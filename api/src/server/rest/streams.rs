//! `streams`: seed 001's streams are the trackers' data streams, one per
//! device. `online` and `offline` list them; `enable` lets blocked devices
//! in again, `disable` blocks devices and ends their connections at once.
//!
//! `enable` and `disable` take `stream_ids` (tracker ids, as
//! `stream_ids[]=1&stream_ids[]=2`, a list in JSON, or one id); a clone's
//! id stands for its source's device. Every id is checked before anything
//! changes.

use serde_json::{Value, json};
use trackgate_store::{Tracker, TrackerId};

use super::fields::Call;
use super::reply::Answer;
use super::views::{connection, flag, unix_or_null};
use crate::ApiState;
use crate::server::ServerError;
use crate::server::objects::disconnect_and_wait;

/// The devices' own trackers (no clones, nothing corrupted).
fn devices(state: &ApiState) -> Result<Vec<Tracker>, ServerError> {
    Ok(state
        .store
        .trackers()?
        .into_iter()
        .filter(|t| t.clone_of.is_none() && !t.corrupted)
        .collect())
}

/// `streams/online`: the devices connected to this node, with their
/// connections.
pub fn online(state: &ApiState, _call: &Call) -> Result<Answer, ServerError> {
    let mut list = Vec::new();
    let mut ids = state.registry.connected();
    ids.sort_unstable();
    for id in ids {
        let Some(tracker) = state.store.tracker(id)? else {
            continue;
        };
        let Some(mut stream) = connection(state, &tracker, &tracker.device_id)? else {
            continue;
        };
        stream["id"] = tracker.id.0.into();
        stream["name"] = tracker.label.into();
        stream["user_id"] = tracker.owner.map(|u| u.0).into();
        list.push(stream);
    }
    Ok(Answer::ok().with("streams", list))
}

/// `streams/offline`: the devices not connected, with when they last sent
/// anything and whether they are disabled.
pub fn offline(state: &ApiState, _call: &Call) -> Result<Answer, ServerError> {
    let mut list = Vec::new();
    for tracker in devices(state)? {
        if crate::live::server_holder(state, tracker.id)?
            .is_online()
            .unwrap_or(true)
        {
            continue;
        }
        let stored = trackgate_store::current_state(&*state.store, tracker.id)?;
        list.push(json!({
            "id": tracker.id.0,
            "device_id": tracker.device_id,
            "name": tracker.label,
            "user_id": tracker.owner.map(|u| u.0),
            "disabled": flag(tracker.blocked),
            "last_update": unix_or_null(stored.as_ref().and_then(|s| s.last_update_ms)),
            "disconnected_at": unix_or_null(stored.and_then(|s| s.disconnected_ms)),
        }));
    }
    Ok(Answer::ok().with("streams", list))
}

/// The devices' trackers `stream_ids` names, each checked, once each.
fn named(state: &ApiState, call: &Call) -> Result<Vec<Tracker>, ServerError> {
    let field = call.top("stream_ids");
    let ids = field
        .list()?
        .flatten()
        .ok_or_else(|| field.error("is missing"))?;
    let mut trackers: Vec<Tracker> = Vec::with_capacity(ids.len());
    for (n, text) in ids.iter().enumerate() {
        let bad = |problem: &str| {
            let name = field.name();
            ServerError::bad(format!("{name}[{n}] {problem}"))
        };
        let id = text
            .trim()
            .parse::<u64>()
            .map_err(|_| bad("must be a stream (tracker) id"))?;
        let tracker = state
            .store
            .tracker(TrackerId(id))?
            .filter(|t| !t.corrupted)
            .ok_or_else(|| bad(&format!("names no stream: {id}")))?;
        let device = match tracker.clone_of {
            Some(source) => state
                .store
                .tracker(source)?
                .ok_or_else(|| bad(&format!("names no stream: {id}")))?,
            None => tracker,
        };
        if trackers.iter().all(|t| t.id != device.id) {
            trackers.push(device);
        }
    }
    Ok(trackers)
}

fn ids(trackers: &[Tracker]) -> Value {
    trackers.iter().map(|t| t.id.0).collect::<Vec<_>>().into()
}

/// `streams/enable`: the devices are let in again when they next connect
/// (a device whose service has ended stays out until its date moves).
pub fn enable(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let trackers = named(state, call)?;
    for tracker in &trackers {
        if tracker.blocked {
            let enabled = Tracker {
                blocked: false,
                ..tracker.clone()
            };
            state.store.update_tracker(&enabled)?;
        }
    }
    tracing::info!(streams = ?ids(&trackers), "streams enabled");
    Ok(Answer::ok().with("stream_ids", ids(&trackers)))
}

/// `streams/disable`: the devices are blocked, and those connected are
/// disconnected before the answer (waiting up to 5 s each for their
/// sessions to end and write their last state); they are refused when
/// they connect again, until enabled.
pub fn disable(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let trackers = named(state, call)?;
    for tracker in &trackers {
        if !tracker.blocked {
            let disabled = Tracker {
                blocked: true,
                ..tracker.clone()
            };
            state.store.update_tracker(&disabled)?;
        }
        if crate::live::server_holder(state, tracker.id)?
            .is_online()
            .unwrap_or(true)
        {
            disconnect_and_wait(state, tracker.id)?;
        }
    }
    tracing::info!(streams = ?ids(&trackers), "streams disabled");
    Ok(Answer::ok().with("stream_ids", ids(&trackers)))
}
