//! `tracker/corrupt` and `tracker/delete`: taking a tracker out of an
//! account.
//!
//! Corrupting marks the tracker deleted: it leaves the user's lists and
//! answers 201 from then on, its device id is rewritten so the device is
//! unknown again (it can be registered anew), its phone number is freed,
//! and its history stays in the store. A connected device is refused
//! (243): its session would keep writing to the tracker.

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::register::CLAIMS;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::scope::not_a_clone;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// `tracker/corrupt`.
pub async fn corrupt(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerRegister)?;
    let tracker = call.tracker(&state)?;
    not_a_clone(&tracker)?;
    if tracker.corrupted {
        return Err(ApiError::code(Code::DeviceAlreadyCorrupted));
    }
    if crate::live::holder(&state, tracker.id)
        .await?
        .is_online()
        .unwrap_or(true)
    {
        return Err(ApiError::code(Code::DeviceAlreadyConnected));
    }
    let store = state.store.clone();
    web::block(move || {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        let mut tracker = store
            .tracker(tracker.id)?
            .filter(|t| t.owner == tracker.owner)
            .ok_or_else(|| ApiError::code(Code::NotFound))?;
        if tracker.corrupted {
            return Err(ApiError::code(Code::DeviceAlreadyCorrupted));
        }
        tracker.device_id = corrupted_id(&tracker.device_id, tracker.id.0);
        tracker.phone = None;
        tracker.corrupted = true;
        store.update_tracker(&tracker)?;
        Ok(())
    })
    .await??;
    Ok(success(json!({})))
}

/// The device id a corrupted tracker keeps: unique, not a device's, and
/// still showing the operator which device it was.
pub(crate) fn corrupted_id(device_id: &str, tracker: u64) -> String {
    format!("{device_id}~corrupted~{tracker}")
}

/// `tracker/delete`: deletes a clone (249 for an original), with its
/// label, tags and group; the source and its data stay.
pub async fn delete(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let tracker = call.tracker(&state)?;
    if tracker.clone_of.is_none() {
        return Err(ApiError::code(Code::ClonesOnly));
    }
    let store = state.store.clone();
    web::block(move || store.delete_tracker(tracker.id)).await??;
    Ok(success(json!({})))
}

#[cfg(test)]
mod tests {
    use super::corrupted_id;

    #[test]
    fn a_corrupted_id_names_no_device_and_no_other_tracker() {
        assert_eq!(
            corrupted_id("356307042441013", 7),
            "356307042441013~corrupted~7"
        );
        assert_ne!(corrupted_id("1", 23), corrupted_id("12", 3));
    }
}
