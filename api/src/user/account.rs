//! The caller's own account: `user/get_info`, `user/logout`,
//! `user/session/renew`, and `api/key/create|list|delete`.
//!
//! As in Navixy's API, `user/logout` and `user/session/renew` work on a
//! session from `user/auth` only, and API keys are managed only with such a
//! session (an API key cannot mint, list or delete keys: code 4). A user
//! holds at most [`MAX_API_KEYS`] keys (268 beyond). Keys are 32 hex
//! characters and work as `hash` wherever a session does, without expiring;
//! logging out does not touch them.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_store::ApiKey;

use super::auth::{Credential, UserCall};
use super::success;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::UserZone;

/// API keys one user may hold.
pub const MAX_API_KEYS: usize = 20;
/// The longest key title.
const MAX_TITLE: usize = 255;

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

/// The call's session hash, or code 4 when it came with an API key.
fn session_hash(call: &UserCall) -> Result<String, ApiError> {
    match &call.credential {
        Credential::Session(hash) => Ok(hash.clone()),
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

fn key_view(key: &ApiKey, zone: &UserZone) -> Value {
    json!({
        "hash": key.key,
        "create_date": zone.at(key.created_ms).to_string(),
        "title": key.title,
    })
}

/// `api/key/create`: a new key with `title`.
pub async fn create_key(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    session_hash(&call)?;
    let title = call.params.str("title")?.to_owned();
    if title.trim().is_empty()
        || title.chars().count() > MAX_TITLE
        || title.chars().any(char::is_control)
    {
        return Err(ApiError::invalid(
            "title",
            "must be 1 to 255 printable characters",
        ));
    }
    let store = state.store.clone();
    let user = call.user.id;
    let key = web::block(move || -> Result<ApiKey, ApiError> {
        if store.user_api_keys(user)?.len() >= MAX_API_KEYS {
            return Err(ApiError::code(Code::OverQuota));
        }
        let key = ApiKey {
            key: crate::random_token(),
            user,
            created_ms: now_ms(),
            title,
        };
        store.put_api_key(&key)?;
        Ok(key)
    })
    .await??;
    Ok(success(
        json!({ "value": key_view(&key, &UserZone::of(&call.user)) }),
    ))
}

/// `api/key/list`: the caller's keys, oldest first.
pub async fn list_keys(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    session_hash(&call)?;
    let store = state.store.clone();
    let user = call.user.id;
    let keys = web::block(move || store.user_api_keys(user)).await??;
    let zone = UserZone::of(&call.user);
    let list: Vec<Value> = keys.iter().map(|k| key_view(k, &zone)).collect();
    Ok(success(json!({ "list": list })))
}

/// `api/key/delete`: removes one of the caller's keys (`key`).
pub async fn delete_key(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    session_hash(&call)?;
    let key = call.params.str("key")?.to_owned();
    let store = state.store.clone();
    let user = call.user.id;
    web::block(move || -> Result<(), ApiError> {
        // Another user's key is as unknown as a key that does not exist.
        match store.api_key(&key)? {
            Some(found) if found.user == user => {
                store.delete_api_key(&key)?;
                Ok(())
            }
            _ => Err(ApiError::code(Code::NotFound)),
        }
    })
    .await??;
    Ok(success(json!({})))
}
