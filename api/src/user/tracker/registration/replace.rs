//! `tracker/replace`, `tracker/replace_quick` and `tracker/replace_retry`:
//! a tracker moves to another device and keeps its id, history, label,
//! commands and settings.
//!
//! The new device is free (224 if any user owns it). A bundle (a device
//! the gateway knows without an owner) is folded in: its own tracker
//! record and the traffic it sent before are dropped, so its id names the
//! replaced tracker from then on. The old device's connection, if open, is
//! closed; when it reconnects it is an unknown device. A tracker whose
//! device never reported is not activated yet: replacing it is 266.

use actix_web::{HttpResponse, web};
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_actors::session::messages::Shutdown;
use trackgate_protocols::IdType;
use trackgate_store::{Store, Tracker};

use super::device_params::{self as dp, Checks};
use super::register::{CLAIMS, answer, bundle, check_phone_free};
use super::retry::resend;
use super::setup::{self, Want};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::scope::not_a_clone;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// `tracker/replace`.
pub async fn replace(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    let tracker = call.tracker(&state)?;
    not_a_clone(&tracker)?;
    let mut checks = Checks::default();
    let device = dp::device_params(&call.params, &mut checks);
    checks.finish()?;
    let Some(device) = device else {
        return Err(ApiError::code(Code::UnexpectedError));
    };
    let new = device.resolve()?;
    let (protocol, device_id) = (new.protocol, new.device_id);
    let (phone, apn, send) = (device.phone, device.apn, device.send);
    if device_id == tracker.device_id {
        return Err(ApiError::invalid(
            "device_id",
            "is the tracker's own device",
        ));
    }
    let want = Want::from_param(send, &state.registration);
    let plan = setup::plan(&state, Some(protocol), Some(&phone), apn.as_ref(), want)?;
    let store = state.store.clone();
    let id = tracker.id;
    let replaced = web::block(move || {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        check_phone_free(store.as_ref(), Some(&phone), Some(id))?;
        let spare = free_device(store.as_ref(), &device_id)?;
        check_activated(store.as_ref(), id)?;
        if let Some(spare) = spare {
            store.delete_tracker(spare.id)?;
        }
        let mut tracker = current(store.as_ref(), tracker)?;
        tracker.device_id = device_id;
        tracker.model = protocol.name().to_owned();
        tracker.phone = Some(phone);
        tracker.apn = apn;
        tracker.replaced_ms = Some(now_ms());
        store.update_tracker(&tracker)?;
        Ok::<_, ApiError>(tracker)
    })
    .await??;
    disconnect_old(&state, &replaced);
    if let Some(plan) = plan {
        setup::send(&state, replaced.id, plan).await?;
    }
    Ok(success(
        json!({ "value": answer(&state, &call, &replaced)? }),
    ))
}

/// `tracker/replace_quick`: the new device is a bundle, named by `imei`
/// (201 if there is none); the tracker takes its model and phone.
pub async fn replace_quick(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    let tracker = call.tracker(&state)?;
    not_a_clone(&tracker)?;
    let imei = call
        .params
        .str("imei")
        .and_then(|v| dp::device_id("imei", v.trim(), IdType::Custom))?;
    if imei == tracker.device_id {
        return Err(ApiError::invalid("imei", "is the tracker's own device"));
    }
    let store = state.store.clone();
    let replaced = web::block(move || {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        let found = bundle(store.as_ref(), &imei)?;
        check_phone_free(store.as_ref(), found.phone.as_deref(), Some(tracker.id))?;
        check_activated(store.as_ref(), tracker.id)?;
        store.delete_tracker(found.id)?;
        let mut tracker = current(store.as_ref(), tracker)?;
        tracker.device_id = found.device_id;
        tracker.model = found.model;
        if found.phone.is_some() {
            tracker.phone = found.phone;
        }
        tracker.replaced_ms = Some(now_ms());
        store.update_tracker(&tracker)?;
        Ok::<_, ApiError>(tracker)
    })
    .await??;
    disconnect_old(&state, &replaced);
    Ok(success(
        json!({ "value": answer(&state, &call, &replaced)? }),
    ))
}

/// `tracker/replace_retry`: as `tracker/register_retry`, except that a
/// tracker the caller does not have is 204, as documented.
pub async fn replace_retry(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    let tracker = call.tracker(&state).map_err(|e| match e.code {
        Code::NotFound => ApiError::code(Code::EntityNotFound),
        _ => e,
    })?;
    not_a_clone(&tracker)?;
    resend(&state, &call, tracker).await
}

/// 266 if the tracker's device was never activated: it never sent
/// anything, so there is no history or state to carry over and the
/// device to replace may simply not be set up yet (register_retry is
/// what helps). `replace_retry` never meets it: a tracker that was
/// replaced had a device that reported.
fn check_activated(store: &dyn Store, tracker: trackgate_store::TrackerId) -> Result<(), ApiError> {
    if store.state(tracker)?.is_none() {
        return Err(ApiError::code(Code::WrongDeviceStatus));
    }
    Ok(())
}

/// Whether `device_id` is free for a replacement: no tracker has it
/// (`None`), or a bundle does (its record, which the replacement drops);
/// an owned device is 224.
fn free_device(store: &dyn Store, device_id: &str) -> Result<Option<Tracker>, ApiError> {
    match bundle(store, device_id) {
        Ok(found) => Ok(Some(found)),
        Err(e) if e.code == Code::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Frees `device_id` for another tracker at once (the Panel API's
/// `tracker/source/update`): nothing to do if no tracker has it, a
/// bundle's record goes, an owned device is 224.
pub(crate) fn take_device(store: &dyn Store, device_id: &str) -> Result<(), ApiError> {
    if let Some(spare) = free_device(store, device_id)? {
        store.delete_tracker(spare.id)?;
    }
    Ok(())
}

/// The tracker as stored now (it may have changed since the call read it).
fn current(store: &dyn Store, read: Tracker) -> Result<Tracker, ApiError> {
    store
        .tracker(read.id)?
        .filter(|t| t.owner == read.owner && !t.corrupted)
        .ok_or_else(|| ApiError::code(Code::NotFound))
}

/// Closes the connection of the device the tracker had, if one is open
/// (on this node, or, without waiting, on another).
pub(crate) fn disconnect_old(state: &ApiState, tracker: &Tracker) {
    match state.registry.get(tracker.id) {
        Some(entry) => entry.addr.do_send(Shutdown),
        None => state.cluster.deactivate_elsewhere(&[tracker.id]),
    }
}
