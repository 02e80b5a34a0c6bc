//! `account/auth`, `account/logout` and `account/get_permissions`: the
//! administrator's own session.

use std::net::IpAddr;

use actix_web::web;
use serde_json::{Map, Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{PanelAdmin, PanelPermission, PanelSession, SecretDigest};

use super::call::{PanelCall, log_in, millis};
use super::routes::Answer;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;

/// `account/auth`: login and password for a session hash, answered once
/// (the store keeps its digest), and the administrator's permissions.
pub async fn log_in_answer(state: &ApiState, params: &Params, peer: Option<IpAddr>) -> Answer {
    let login = params.str("login")?;
    let password = params.str("password")?;
    let admin = log_in(state, login, password, peer).await?;
    let hash = crate::random_token();
    let now = now_ms();
    let session = PanelSession {
        digest: SecretDigest::of(&hash),
        admin: admin.id,
        created_ms: now,
        expires_ms: now.saturating_add(millis(state.panel.session_ttl)),
        last_used_ms: now,
    };
    let store = state.store.clone();
    web::block(move || store.put_panel_session(&session)).await??;
    let mut answer = Map::new();
    answer.insert("hash".into(), json!(hash));
    answer.insert("permissions".into(), permissions(&admin));
    Ok(answer)
}

/// `account/auth` as a table entry. It never runs: `dispatch` answers
/// `account/auth` before it would need an administrator.
pub async fn auth(_state: web::Data<ApiState>, _call: PanelCall) -> Answer {
    Err(ApiError::code(Code::UnexpectedError))
}

/// `account/logout`: ends the calling session; 4 with `authinfo`, which
/// has none.
pub async fn logout(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let digest = call
        .session
        .ok_or_else(|| ApiError::code(Code::SessionNotFound))?;
    let store = state.store.clone();
    web::block(move || store.delete_panel_session(&digest)).await??;
    Ok(Map::new())
}

/// `account/get_permissions`.
pub async fn get_permissions(_state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let mut answer = Map::new();
    answer.insert("permissions".into(), permissions(&call.admin));
    Ok(answer)
}

/// An administrator's permissions as Navixy writes them: each category
/// it holds anything of, with its operations, in seed 002's order.
pub fn permissions(admin: &PanelAdmin) -> Value {
    let mut by_category: Map<String, Value> = Map::new();
    for permission in PanelPermission::ALL
        .iter()
        .filter(|p| admin.permissions.contains(p))
    {
        let entry = by_category
            .entry(permission.category().name())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(operations) = entry {
            operations.push(json!(permission.operation().name()));
        }
    }
    Value::Object(by_category)
}
