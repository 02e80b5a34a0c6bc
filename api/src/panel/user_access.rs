//! `user/change_password`, `user/corrupt` and `user/session/create`: a
//! user's way into the User API.

use actix_web::web;
use serde_json::{Map, json};
use trackgate_actors::now_ms;
use trackgate_store::{SecretDigest, Session};

use super::call::{PanelCall, millis};
use super::routes::Answer;
use super::user_view;
use crate::ApiState;
use crate::accounts::CLAIMS;
use crate::error::{ApiError, Code};
use crate::user::tracker::registration::lifecycle::corrupted_id;

/// `user/change_password`: `user_id`, `password` (6 to 255 characters).
/// The user's sessions and API keys keep working.
pub async fn change_password(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let mut user = call.user(&state, "user_id")?;
    let password = user_view::password(&call.params)?;
    user.password_hash = state.auth.passwords.hash(password).await?;
    let store = state.store.clone();
    web::block(move || store.update_user(&user)).await??;
    Ok(Map::new())
}

/// `user/corrupt`: `user_id` and its `login` (7 if they do not match).
/// Each of the user's trackers is corrupted as `tracker/corrupt` does it
/// (its device id freed for a new registration, its history kept), then
/// the user is deleted with its sessions, keys, sub-users and clones. A
/// tracker whose device is connected refuses it all (243), as a tracker
/// already corrupted is simply skipped. `corrupt_clones` is accepted: the
/// user's clones always go with it.
pub async fn corrupt(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let user = call.user(&state, "user_id")?;
    if call.params.str("login")? != user.login {
        return Err(ApiError::invalid("login", "is not the user's login"));
    }
    call.params.opt_bool("corrupt_clones")?;
    let store = state.store.clone();
    let live = state.clone();
    web::block(move || -> Result<(), ApiError> {
        let _claims = CLAIMS.lock().unwrap_or_else(|e| e.into_inner());
        let trackers: Vec<_> = store
            .user_trackers(user.id)?
            .into_iter()
            .filter(|t| t.clone_of.is_none() && !t.corrupted)
            .collect();
        for tracker in &trackers {
            if crate::live::holder_blocking(&live, tracker.id)?
                .is_online()
                .unwrap_or(true)
            {
                return Err(ApiError::code(Code::DeviceAlreadyConnected));
            }
        }
        for mut tracker in trackers {
            tracker.device_id = corrupted_id(&tracker.device_id, tracker.id.0);
            tracker.phone = None;
            tracker.corrupted = true;
            store.update_tracker(&tracker)?;
        }
        store.delete_user(user.id)?;
        tracing::info!(user = user.id.0, login = %user.login, "user corrupted by the panel");
        Ok(())
    })
    .await??;
    Ok(Map::new())
}

/// `user/session/create`: a User API session for `user_id`, lasting as
/// long as a `user/auth` session; the hash is answered once. A user that
/// is not active gets one too, which the User API refuses (4) until the
/// user is active again.
pub async fn create_session(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let user = call.user(&state, "user_id")?;
    let hash = crate::random_token();
    let now = now_ms();
    let session = Session {
        digest: SecretDigest::of(&hash),
        user: user.id,
        created_ms: now,
        expires_ms: now.saturating_add(millis(state.session_ttl)),
    };
    let store = state.store.clone();
    web::block(move || store.put_session(&session)).await??;
    let mut answer = Map::new();
    answer.insert("hash".into(), json!(hash));
    Ok(answer)
}
