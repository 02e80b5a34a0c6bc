//! The caller and its session: `user/get_info`, `user/logout`,
//! `user/session/renew`.
//!
//! As in Navixy's API, `user/logout` and `user/session/renew` work on a
//! session from `user/auth` only (code 4 with an API key); logging out does
//! not touch the user's API keys.

use actix_web::{HttpResponse, web};
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_store::SecretDigest;

use super::auth::{Credential, UserCall};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::UserZone;
use crate::user::success;

/// `user/get_info`: who the caller is.
pub async fn get_info(call: UserCall) -> Result<HttpResponse, ApiError> {
    let user = &call.user;
    let zone = UserZone::of(user);
    Ok(success(json!({
        "user_info": {
            "id": user.id.0,
            "login": user.login,
            "title": user.login,
            "creation_date": zone.at(user.created_ms).to_string(),
            "time_zone": zone.name(),
            "locale": "en_US",
            "demo": false,
            "verified": true,
            "measurement_system": "metric",
        },
    })))
}

/// The digest of the call's session hash, or code 4 when it came with an
/// API key.
pub(super) fn session_hash(call: &UserCall) -> Result<SecretDigest, ApiError> {
    match &call.credential {
        Credential::Session(digest) => Ok(*digest),
        Credential::ApiKey(_) => Err(ApiError::code(Code::SessionNotFound)),
    }
}

/// `user/logout`: ends the calling session.
pub async fn logout(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let hash = session_hash(&call)?;
    let store = state.store.clone();
    web::block(move || store.delete_session(&hash)).await??;
    Ok(success(json!({})))
}

/// `user/session/renew`: the calling session lasts another full period.
pub async fn renew(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let hash = session_hash(&call)?;
    let store = state.store.clone();
    let ttl_ms = i64::try_from(state.session_ttl.as_millis()).unwrap_or(i64::MAX);
    let user = call.user.id;
    web::block(move || -> Result<(), ApiError> {
        let mut session = store
            .session(&hash)?
            .ok_or_else(|| ApiError::code(Code::SessionNotFound))?;
        if session.user != user {
            return Err(ApiError::code(Code::SessionNotFound));
        }
        session.expires_ms = now_ms().saturating_add(ttl_ms);
        store.put_session(&session)?;
        Ok(())
    })
    .await??;
    Ok(success(json!({})))
}
