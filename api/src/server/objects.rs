//! Seed 000's object commands: `GET_OBJECTS`, `ADD_OBJECT`, `DEL_OBJECT`,
//! `ADD_USER_OBJECT`, `DEL_USER_OBJECT`, `OBJECT_SET_ACTIVITY`.
//!
//! An object is a tracker, named by its device id (the IMEI): always the
//! device's own tracker, never a clone.

use std::time::{Duration, Instant};

use serde_json::Value;
use trackgate_actors::now_ms;
use trackgate_store::{NewTracker, Store, StoreError, Tracker, TrackerId, User};

use super::args::{Args, Param, param};
use super::commands::{ok, user};
use super::views::{self, Logins};
use super::{Reply, ServerError};
use crate::ApiState;
use crate::accounts::{Refusal, admit_tracker, claims};

const IMEI: Param = param(1, "object IMEI");
const USER_EMAIL: Param = param(1, "user account e-mail");
const USER_IMEI: Param = param(2, "object IMEI");

/// How long `DEL_OBJECT` waits for a connected device's session to end
/// and write its last state before deleting the tracker anyway.
const DISCONNECT_WAIT: Duration = Duration::from_secs(5);

/// The object with device id `imei`; `object not found` otherwise.
fn object(store: &dyn Store, imei: &str) -> Result<Tracker, ServerError> {
    store
        .tracker_by_device(imei)?
        .ok_or_else(|| ServerError::bad("object not found"))
}

/// `GET_OBJECTS`: every device once, with its owner (no clones, no
/// corrupted trackers).
pub fn get_objects(state: &ApiState) -> Result<Reply, ServerError> {
    let users = state.store.users()?;
    let logins = Logins::of(&users);
    let list = state
        .store
        .trackers()?
        .iter()
        .filter(|t| t.clone_of.is_none() && !t.corrupted)
        .map(|t| {
            let mut object = views::object(t, t);
            object["user"] = logins.get(t.owner).into();
            object
        })
        .collect();
    Ok(Reply::Json(Value::Array(list)))
}

/// `ADD_OBJECT,imei,name,expire,expire_date`: an unassigned object.
pub fn add_object(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let imei = a.imei(IMEI)?;
    let name = match a.text(param(2, "object name")) {
        "" => imei,
        name => name,
    };
    let expires_ms = a.expiry(param(3, "object expire"), param(4, "object expire date"))?;
    let created = state.store.create_tracker(NewTracker {
        device_id: imei.to_owned(),
        label: name.to_owned(),
        model: String::new(),
        owner: None,
        created_ms: now_ms(),
    });
    let mut tracker = match created {
        Ok(tracker) => tracker,
        Err(StoreError::Conflict(_)) => return Err(ServerError::bad("object already exists")),
        Err(error) => return Err(error.into()),
    };
    if expires_ms.is_some() {
        tracker.expires_ms = expires_ms;
        state.store.update_tracker(&tracker)?;
    }
    tracing::info!(tracker = tracker.id.0, imei, "object added");
    Ok(ok())
}

/// `DEL_OBJECT,imei`: the tracker with its history, state, commands and
/// clones. A connected device is blocked and disconnected first, and its
/// session's last write waited for, so nothing of it outlives the delete.
pub fn del_object(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let tracker = object(&*state.store, a.imei(IMEI)?)?;
    delete_object(state, tracker)?;
    Ok(ok())
}

/// Deletes a device's own tracker (see [`del_object`]): a connected
/// device is blocked and disconnected first, and its last write waited for.
pub(crate) fn delete_object(state: &ApiState, mut tracker: Tracker) -> Result<(), ServerError> {
    let store = &*state.store;
    if crate::live::server_holder(state, tracker.id)?
        .is_online()
        .unwrap_or(true)
    {
        tracker.blocked = true;
        store.update_tracker(&tracker)?;
        disconnect_and_wait(state, tracker.id)?;
    }
    let _claims = claims();
    store.delete_tracker(tracker.id)?;
    tracing::info!(tracker = tracker.id.0, imei = %tracker.device_id, "object deleted");
    Ok(())
}

/// Closes the tracker's live session and waits (at most
/// [`DISCONNECT_WAIT`]) until it has deregistered and written the state
/// it ends with.
pub(crate) fn disconnect_and_wait(state: &ApiState, tracker: TrackerId) -> Result<(), ServerError> {
    let asked = now_ms();
    let deadline = Instant::now() + DISCONNECT_WAIT;
    state
        .cluster
        .deactivate_blocking(tracker)
        .map_err(|why| ServerError::unreachable(&why))?;
    while Instant::now() < deadline {
        let gone = !crate::live::server_holder(state, tracker)?
            .is_online()
            .unwrap_or(true);
        let written = state
            .store
            .state(tracker)?
            .and_then(|s| s.disconnected_ms)
            .is_some_and(|at| at >= asked);
        if gone && written {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    tracing::warn!(
        tracker = tracker.0,
        "the device's session did not end in time; going on"
    );
    Ok(())
}

/// `ADD_USER_OBJECT,email,imei`. An unassigned object becomes the user's;
/// an object of another user stays its owner's, and this user gets a clone
/// of it (the same device and data in its own account), once. Either way
/// the account must have room for it (its plan's, its own and its
/// reseller's limits), and a reseller that uses credits pays one.
pub fn add_user_object(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let store = &*state.store;
    let _claims = claims();
    let (user, mut tracker) = user_and_object(store, a)?;
    if tracker.owner == Some(user.id) || clone_in(store, &user, &tracker)?.is_some() {
        return Ok(ok());
    }
    let admission = admit_tracker(store, user.id)?
        .map_err(|refusal| ServerError::bad(refusal_text(refusal)))?;
    let added = match tracker.owner {
        Some(_) => store.create_clone(tracker.id, user.id, now_ms()).map(drop),
        None => {
            tracker.owner = Some(user.id);
            store.update_tracker(&tracker)
        }
    };
    if let Err(error) = added {
        admission.refund(store)?;
        return Err(error.into());
    }
    Ok(ok())
}

/// Why an account cannot take the object, as the Server API says it.
pub(super) fn refusal_text(refusal: Refusal) -> String {
    match refusal {
        Refusal::Plan { limit } => {
            format!("the user's billing plan allows no more objects (its limit: {limit})")
        }
        Refusal::Account { limit } => {
            format!("the user's account allows no more objects (its limit: {limit})")
        }
        Refusal::Reseller { limit } => {
            format!(
                "the user's reseller allows no more objects for its users (its limit: {limit} in all)"
            )
        }
        Refusal::NoCredits => "the user's reseller has no credits left".to_owned(),
    }
}

/// `DEL_USER_OBJECT,email,imei`: the user's own object is unassigned (it
/// keeps its history and its clones in other accounts, and loses this
/// account's tags, group and sub-user bindings); the user's clone of
/// another user's object is deleted.
pub fn del_user_object(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let store = &*state.store;
    let _claims = claims();
    let (user, mut tracker) = user_and_object(store, a)?;
    if tracker.owner == Some(user.id) {
        tracker.owner = None;
        store.update_tracker(&tracker)?;
        return Ok(ok());
    }
    match clone_in(store, &user, &tracker)? {
        Some(clone) => {
            store.delete_tracker(clone.id)?;
            Ok(ok())
        }
        None => Err(ServerError::bad("the object is not the user's")),
    }
}

/// The user and the object `ADD_USER_OBJECT` and `DEL_USER_OBJECT` name,
/// parameters checked first (read under the claims lock, which the caller holds).
fn user_and_object(store: &dyn Store, a: Args<'_>) -> Result<(User, Tracker), ServerError> {
    let email = a.email(USER_EMAIL)?;
    let imei = a.imei(USER_IMEI)?;
    Ok((user(store, email)?, object(store, imei)?))
}

/// The user's clone of `tracker`, if it has one.
fn clone_in(
    store: &dyn Store,
    user: &User,
    tracker: &Tracker,
) -> Result<Option<Tracker>, ServerError> {
    Ok(store
        .user_trackers(user.id)?
        .into_iter()
        .find(|t| t.clone_of == Some(tracker.id)))
}

/// `OBJECT_SET_ACTIVITY,imei,active,expire,expire_date`. An object that is
/// no longer active (or whose date has passed) is refused at its next
/// login, and its device's live connection is closed at once.
pub fn object_set_activity(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let imei = a.imei(IMEI)?;
    let active = a.required_flag(param(2, "object active"))?;
    let expires_ms = a.expiry(param(3, "object expire"), param(4, "object expire date"))?;
    let mut tracker = object(&*state.store, imei)?;
    tracker.blocked = !active;
    tracker.expires_ms = expires_ms;
    state.store.update_tracker(&tracker)?;
    disconnect_if_inactive(state, &tracker);
    Ok(ok())
}

/// Closes the live connection of a tracker that is no longer active (or
/// whose date has passed); its device is refused at its next login.
pub(crate) fn disconnect_if_inactive(state: &ApiState, tracker: &Tracker) {
    if !tracker.is_active_at(now_ms())
        && let Err(why) = state.cluster.deactivate_blocking(tracker.id)
    {
        // Its node closes it at its next expiry sweep, or refuses its next login.
        tracing::warn!(tracker = tracker.id.0, %why, "could not close an inactive tracker's connection");
    }
}
