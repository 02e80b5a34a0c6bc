//! `tracker/register` and `tracker/register_quick`: bringing a device into
//! the caller's account (`tracker/register_retry` is in [`super::retry`]).
//!
//! A device the gateway already knows without an owner (provisioned through
//! the Server API, or self-announced with `register_unknown`) is a *bundle*:
//! registering its id gives it to the caller with its history. A device
//! owned by anyone is 224. A device a dealer imported by IMEI (a tracker
//! bundle, `super::bundled`) is taken over the same way, and its bundle
//! entry marked used. An activation code (`activation_code`, see
//! `super::activation`) is used by the new tracker and credits what it
//! carries. The registration commands (see [`super::setup`])
//! are worked out before anything is stored, so a call that cannot send
//! them when asked to changes nothing.

use actix_web::{HttpResponse, web};
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_actors::renewals::{self, RenewalClock};
use trackgate_protocols::IdType;
use trackgate_store::{Apn, NewTracker, Store, Tracker, TrackerId, UserId};

use super::device_params::{self as dp, Checks};
use super::setup::{self, Want};
use super::{activation, bundled};
use crate::ApiState;
use crate::accounts::{Admission, Refusal};
use crate::error::{ApiError, Code};
use crate::time::UserZone;
use crate::user::account::auth::UserCall;
use crate::user::grouping::groups::group_for_tracker;
use crate::user::subusers::rights::Right;
use crate::user::{success, view};

/// Serialises the calls that give devices to users (shared with the
/// Server API's object commands).
pub(super) use crate::accounts::CLAIMS;

/// What a new tracker gets.
struct Claim {
    user: UserId,
    device_id: String,
    model: Option<String>,
    label: String,
    phone: Option<String>,
    apn: Option<Apn>,
    /// The ICCID of a bundled device's SIM, when the caller names one.
    iccid: Option<String>,
    /// The activation code the caller names, if one.
    activation_code: Option<String>,
}

/// `tracker/register`.
pub async fn register(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerRegister)?;
    let mut checks = Checks::default();
    let named = dp::label_and_group(&call.params, &mut checks);
    let device = dp::device_params(&call.params, &mut checks);
    let iccid = checks.take(
        "iccid",
        call.params
            .opt_str("iccid")
            .and_then(|v| v.map(bundled::iccid).transpose()),
    );
    let code = checks.take("activation_code", activation::param(&call.params));
    checks.finish()?;
    let (Some((label, group)), Some(device), Some(iccid), Some(activation_code)) =
        (named, device, iccid, code)
    else {
        return Err(ApiError::code(Code::UnexpectedError));
    };
    let new = device.resolve()?;
    let group = group_for_tracker(&state, &call, group)?;
    let want = Want::from_param(device.send, &state.registration);
    let plan = setup::plan(
        &state,
        Some(new.protocol),
        Some(&device.phone),
        device.apn.as_ref(),
        want,
    )?;
    let claim = Claim {
        user: call.scope.account,
        device_id: new.device_id,
        model: Some(new.protocol.name().to_owned()),
        label,
        phone: Some(device.phone),
        apn: device.apn,
        iccid,
        activation_code,
    };
    let store = state.store.clone();
    let clock = state.renewals;
    let (tracker, to_close) =
        web::block(move || claim_device(store.as_ref(), claim, clock)).await??;
    renewals::close(&state.registry, &to_close);
    state.cluster.deactivate_elsewhere(&to_close);
    let value = settle(&state, &call, &tracker, group).await?;
    if let Some(plan) = plan {
        setup::send(&state, tracker.id, plan).await?;
    }
    Ok(success(json!({ "value": value })))
}

/// `tracker/register_quick`: a bundle by its id, without commands.
pub async fn register_quick(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerRegister)?;
    let params = &call.params;
    let mut checks = Checks::default();
    let named = dp::label_and_group(params, &mut checks);
    let imei = checks.take(
        "imei",
        params
            .str("imei")
            .and_then(|v| dp::device_id("imei", v.trim(), IdType::Custom)),
    );
    checks.finish()?;
    let (Some((label, group)), Some(imei)) = (named, imei) else {
        return Err(ApiError::code(Code::UnexpectedError));
    };
    let group = group_for_tracker(&state, &call, group)?;
    let user = call.scope.account;
    let store = state.store.clone();
    let tracker = web::block(move || -> Result<Tracker, ApiError> {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        let store = store.as_ref();
        let imported = bundled::for_user(store, user, &imei, None)?;
        let mut tracker = match (&imported, store.tracker_by_device(&imei)?) {
            (_, Some(owned)) if owned.owner.is_some() || owned.corrupted => {
                return Err(ApiError::code(Code::DeviceIdAlreadyInUse));
            }
            (Some(_), known) => known,
            (None, _) => Some(bundle(store, &imei)?),
        };
        let admission = check_room(store, user)?;
        let taken = (|| {
            let mut tracker = match tracker.take() {
                Some(known) => known,
                None => store.create_tracker(NewTracker {
                    device_id: imei.clone(),
                    label: label.clone(),
                    model: String::new(),
                    owner: Some(user),
                    created_ms: now_ms(),
                })?,
            };
            tracker.owner = Some(user);
            tracker.label = label;
            store.update_tracker(&tracker)?;
            if let Some(imported) = &imported {
                bundled::take_over(store, imported, &mut tracker, user)?;
            }
            Ok::<_, ApiError>(tracker)
        })();
        if taken.is_err() {
            admission.refund(store)?;
        }
        taken
    })
    .await??;
    let value = settle(&state, &call, &tracker, group).await?;
    Ok(success(json!({ "value": value })))
}

/// Puts a newly registered tracker in its group and, for a sub-user,
/// binds it to the sub-user (who would not see it otherwise); the
/// tracker object to answer.
async fn settle(
    state: &ApiState,
    call: &UserCall,
    tracker: &Tracker,
    group: Option<trackgate_store::GroupId>,
) -> Result<serde_json::Value, ApiError> {
    let store = state.store.clone();
    let id = tracker.id;
    let subuser = call.scope.subuser.is_some().then_some(call.user.id);
    web::block(move || {
        store.set_tracker_group(&[id], group)?;
        if let Some(subuser) = subuser {
            store.bind_trackers(subuser, &[id])?;
        }
        Ok::<_, ApiError>(())
    })
    .await??;
    let tariff = view::tariff_of(&*state.store, tracker)?;
    Ok(view::tracker_with(
        tracker,
        group,
        &[],
        tariff,
        &UserZone::of(&call.user),
    ))
}

/// An unowned tracker with `device_id`: 201 if there is none, 224 if it
/// has an owner.
pub(super) fn bundle(store: &dyn Store, device_id: &str) -> Result<Tracker, ApiError> {
    match store.tracker_by_device(device_id)? {
        None => Err(ApiError::code(Code::NotFound)),
        Some(t) if t.owner.is_some() || t.corrupted => {
            Err(ApiError::code(Code::DeviceIdAlreadyInUse))
        }
        Some(t) => Ok(t),
    }
}

/// 223 if another tracker than `except` has `phone`.
pub(crate) fn check_phone_free(
    store: &dyn Store,
    phone: Option<&str>,
    except: Option<trackgate_store::TrackerId>,
) -> Result<(), ApiError> {
    let Some(phone) = phone else {
        return Ok(());
    };
    let digits = |p: &str| p.trim_start_matches('+').to_owned();
    let wanted = digits(phone);
    let taken = store.trackers()?.into_iter().any(|t| {
        Some(t.id) != except
            && !t.corrupted
            && t.phone.as_deref().is_some_and(|p| digits(p) == wanted)
    });
    if taken {
        Err(ApiError::code(Code::PhoneAlreadyInUse))
    } else {
        Ok(())
    }
}

/// Gives the device to the user: a bundle is taken over with its history,
/// an unknown device gets a new tracker; an owned one is 224. A usable
/// activation code is used by it (227 otherwise, before anything changes);
/// answers the trackers to disconnect if that suspended the account.
fn claim_device(
    store: &dyn Store,
    claim: Claim,
    clock: RenewalClock,
) -> Result<(Tracker, Vec<TrackerId>), ApiError> {
    let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
    check_phone_free(store, claim.phone.as_deref(), None)?;
    let existing = match store.tracker_by_device(&claim.device_id)? {
        Some(existing) if existing.owner.is_some() => {
            return Err(ApiError::code(Code::DeviceIdAlreadyInUse));
        }
        existing => existing,
    };
    let imported = bundled::for_user(store, claim.user, &claim.device_id, claim.iccid.as_deref())?;
    let user = claim.user;
    let code = claim
        .activation_code
        .as_deref()
        .map(|code| activation::usable(store, user, code))
        .transpose()?;
    let admission = check_room(store, user)?;
    let taken = take_device(store, existing, claim).and_then(|mut tracker| {
        if let Some(imported) = &imported {
            bundled::take_over(store, imported, &mut tracker, user)?;
        }
        let to_close = match &code {
            Some(code) => activation::redeem(store, clock, code, user, tracker.id, now_ms())?,
            None => Vec::new(),
        };
        Ok((tracker, to_close))
    });
    if taken.is_err() {
        admission.refund(store)?;
    }
    taken
}

/// The claim's device made the user's: the bundle `existing`, or a new
/// tracker.
fn take_device(
    store: &dyn Store,
    existing: Option<Tracker>,
    claim: Claim,
) -> Result<Tracker, ApiError> {
    let mut tracker = match existing {
        Some(existing) => existing,
        None => store
            .create_tracker(NewTracker {
                device_id: claim.device_id.clone(),
                label: claim.label.clone(),
                model: claim.model.clone().unwrap_or_default(),
                owner: Some(claim.user),
                created_ms: now_ms(),
            })
            .map_err(|e| match e {
                trackgate_store::StoreError::Conflict(_) => {
                    ApiError::code(Code::DeviceIdAlreadyInUse)
                }
                other => other.into(),
            })?,
    };
    tracker.owner = Some(claim.user);
    tracker.label = claim.label;
    if let Some(model) = claim.model {
        tracker.model = model;
    }
    tracker.phone = claim.phone;
    tracker.apn = claim.apn;
    store.update_tracker(&tracker)?;
    Ok(tracker)
}

/// Room for one more tracker in the account, its reseller's credit spent
/// (`crate::accounts`): 221 when a limit is reached (the billing plan's,
/// the account's own, its reseller's), 251 when its reseller has no
/// credits left.
pub(crate) fn check_room(store: &dyn Store, user: UserId) -> Result<Admission, ApiError> {
    match crate::accounts::admit_tracker(store, user)? {
        Ok(admission) => Ok(admission),
        Err(refusal @ Refusal::NoCredits) => Err(ApiError {
            description: format!("Insufficient funds: {refusal}"),
            ..ApiError::code(Code::InsufficientFunds)
        }),
        Err(refusal) => Err(ApiError {
            description: format!("Device limit exceeded: {refusal}"),
            ..ApiError::code(Code::DeviceLimitExceeded)
        }),
    }
}

/// The tracker object of a tracker the caller has, with its group.
pub(super) fn answer(
    state: &ApiState,
    call: &UserCall,
    tracker: &Tracker,
) -> Result<serde_json::Value, ApiError> {
    let group = state.store.tracker_group(tracker.id)?;
    let tariff = view::tariff_of(&*state.store, tracker)?;
    Ok(view::tracker_with(
        tracker,
        group,
        &[],
        tariff,
        &UserZone::of(&call.user),
    ))
}
