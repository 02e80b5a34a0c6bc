//! The caller's API keys: `api/key/create`, `api/key/list`,
//! `api/key/delete`.
//!
//! As in Navixy's API, keys are managed only with a session from
//! `user/auth` (an API key cannot mint, list or delete keys: code 4). A
//! user holds at most [`MAX_API_KEYS`] keys (268 beyond). Keys are 32 hex
//! characters and work as `hash` wherever a session does, without
//! expiring.
//!
//! The store keeps only each key's digest, so a key is shown once, by
//! `api/key/create`. `api/key/list` shows in its place the key's id: the
//! first 32 hex digits of its digest ([`SecretDigest::id`]), stable and of
//! no use as `hash`. `api/key/delete` takes the key or its id.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{ApiKey, SecretDigest};

use super::auth::UserCall;
use super::session::session_hash;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::UserZone;
use crate::user::success;

/// API keys one user may hold.
pub const MAX_API_KEYS: usize = 20;
/// The longest key title.
const MAX_TITLE: usize = 255;

/// A key as the calls answer it; `hash` is the key itself when it was
/// just created, else its id.
fn key_view(key: &ApiKey, hash: &str, zone: &UserZone) -> Value {
    json!({
        "hash": hash,
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
    let secret = crate::random_token();
    let digest = SecretDigest::of(&secret);
    let key = web::block(move || -> Result<ApiKey, ApiError> {
        if store.user_api_keys(user)?.len() >= MAX_API_KEYS {
            return Err(ApiError::code(Code::OverQuota));
        }
        let key = ApiKey {
            digest,
            user,
            created_ms: now_ms(),
            title,
        };
        store.put_api_key(&key)?;
        Ok(key)
    })
    .await??;
    Ok(success(
        json!({ "value": key_view(&key, &secret, &UserZone::of(&call.user)) }),
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
    let list: Vec<Value> = keys
        .iter()
        .map(|k| key_view(k, &k.digest.id(), &zone))
        .collect();
    Ok(success(json!({ "list": list })))
}

/// `api/key/delete`: removes one of the caller's keys (`key`: the key
/// itself, or its id as `api/key/list` shows it).
pub async fn delete_key(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    session_hash(&call)?;
    let named = call.params.str("key")?.to_owned();
    let store = state.store.clone();
    let user = call.user.id;
    web::block(move || -> Result<(), ApiError> {
        // The key itself first; else one of the caller's keys by its id.
        // Another user's key is as unknown as a key that does not exist.
        let digest = match store.api_key(&SecretDigest::of(&named))? {
            Some(found) if found.user == user => found.digest,
            _ => store
                .user_api_keys(user)?
                .into_iter()
                .find(|k| k.digest.id().eq_ignore_ascii_case(&named))
                .map(|k| k.digest)
                .ok_or_else(|| ApiError::code(Code::NotFound))?,
        };
        store.delete_api_key(&digest)?;
        Ok(())
    })
    .await??;
    Ok(success(json!({})))
}
