//! `tracker/change_phone`: the phone number of a tracker's SIM.
//!
//! The number is checked and written under the registration lock
//! (`register::CLAIMS`), like the numbers registration takes, so no two
//! trackers get the same one.

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::bundled::check_not_bundled_sim;
use super::device_params::{self as dp, Checks};
use super::register::{CLAIMS, check_phone_free};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::scope::not_a_clone;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// `tracker/change_phone`: the phone number of the tracker's SIM, which SMS
/// commands go to (digits, optionally after a `+`, 5 to 20 of them; 223 if
/// another tracker has it, 241 if it is the number of a SIM bundled with
/// another device), and its APN when given. Sub-users need
/// `tracker_configure`.
pub async fn change_phone(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerConfigure)?;
    let mut tracker = call.tracker(&state)?;
    not_a_clone(&tracker)?;
    let mut checks = Checks::default();
    let phone = checks.take("phone", call.params.str("phone").and_then(dp::phone));
    let apn = dp::apn(&call.params, &mut checks);
    checks.finish()?;
    let Some(phone) = phone else {
        return Err(ApiError::code(Code::UnexpectedError));
    };
    tracker.phone = Some(phone);
    if apn.is_some() {
        tracker.apn = apn;
    }
    let store = state.store.clone();
    web::block(move || {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(phone) = tracker.phone.as_deref() {
            check_not_bundled_sim(store.as_ref(), phone, &tracker.device_id)?;
        }
        check_phone_free(store.as_ref(), tracker.phone.as_deref(), Some(tracker.id))?;
        store.update_tracker(&tracker)?;
        Ok::<_, ApiError>(())
    })
    .await??;
    Ok(success(json!({})))
}
