//! Who a Panel call is made by, and what it may do.
//!
//! A call names its administrator by a session `hash` from `account/auth`,
//! or by `authinfo=login:password` (seed 004), which logs in for this one
//! call and is accepted only from the configured addresses (the socket
//! peer's; 11 from elsewhere). Both are throttled like the User API's
//! logins: wrong passwords count per login and per address, and a login
//! or address over its limit is refused with 15 before its password is
//! checked. An unknown login or a wrong password is 12, "Dealer not found"
//! (seed 002); a blocked administrator is 11.
//!
//! A session ends (4) when it expires, when it has not been used for the
//! idle timeout (if one is configured), and when its administrator is
//! blocked or deleted. A User API hash is not a Panel session (4).
//!
//! `su=<user login>` runs the call as that user (see [`PanelCall::as_user`]).

use std::net::IpAddr;
use std::time::Duration;

use actix_web::web;
use trackgate_actors::now_ms;
use trackgate_store::{BillingPlan, PanelAdmin, PanelPermission, SecretDigest, User, UserId};

use super::routes::{AsUser, Route};
use super::tenancy;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;

/// An authenticated Panel call.
#[derive(Debug)]
pub struct PanelCall {
    /// The call's parameters (query, form or JSON).
    pub params: Params,
    /// The administrator calling.
    pub admin: PanelAdmin,
    /// The digest of the session hash; `None` for `authinfo`.
    pub session: Option<SecretDigest>,
    /// With `su`: the user the call runs as, with what a user may do with
    /// its own account. Reads see that user and its tariff only (its
    /// dealer for `dealer/get_info`); the user's own password and User API
    /// session may be made; everything a dealer decides (creating,
    /// changing or deleting users and tariffs) and the administrator's own
    /// session are refused (13).
    pub as_user: Option<User>,
}

impl PanelCall {
    /// Whether the caller sees `user` (its dealer's, and with `su` only that user).
    pub fn sees_user(&self, state: &ApiState, user: &User) -> Result<bool, ApiError> {
        if self.as_user.as_ref().is_some_and(|me| me.id != user.id) {
            return Ok(false);
        }
        Ok(tenancy::sees(&*state.store, &self.admin, user.dealer)?)
    }

    /// Whether the caller sees `plan` (its dealer's, and with `su` only
    /// the user's own tariff).
    pub fn sees_plan(&self, state: &ApiState, plan: &BillingPlan) -> Result<bool, ApiError> {
        if self
            .as_user
            .as_ref()
            .is_some_and(|me| me.plan != Some(plan.id))
        {
            return Ok(false);
        }
        Ok(tenancy::sees(&*state.store, &self.admin, plan.dealer)?)
    }

    /// The user named by the integer parameter `name`, if the caller sees
    /// it; 201 otherwise.
    pub fn user(&self, state: &ApiState, name: &str) -> Result<User, ApiError> {
        let id = positive(&self.params, name)?;
        match state.store.user(UserId(id))? {
            Some(user) if self.sees_user(state, &user)? => Ok(user),
            _ => Err(ApiError::code(Code::NotFound)),
        }
    }
}

/// A required positive id.
pub fn positive(params: &Params, name: &str) -> Result<u64, ApiError> {
    u64::try_from(params.int(name)?)
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid(name, "must be a positive integer"))
}

/// The administrator `login` and `password` name, checked and throttled
/// (see the module docs).
pub async fn log_in(
    state: &ApiState,
    login: &str,
    password: &str,
    peer: Option<IpAddr>,
) -> Result<PanelAdmin, ApiError> {
    // Apart from users' logins: the same name may be a user and an administrator.
    let attempt = state.auth.logins.begin(&format!("panel:{login}"), peer)?;
    let store = state.store.clone();
    let owned = login.to_owned();
    let admin = web::block(move || store.panel_admin_by_login(&owned)).await??;
    let stored = admin.as_ref().map(|a| a.password_hash.as_str());
    let verified = state.auth.passwords.verify(stored, password).await?;
    match admin {
        Some(admin) if verified => {
            attempt.succeeded();
            if admin.blocked {
                return Err(ApiError::code(Code::AccessDenied));
            }
            Ok(admin)
        }
        _ => {
            attempt.failed();
            Err(ApiError::code(Code::DealerNotFound))
        }
    }
}

/// The administrator a call comes from, and its session's digest (none
/// with `authinfo`).
pub async fn identify(
    state: &ApiState,
    params: &Params,
    peer: Option<IpAddr>,
) -> Result<(PanelAdmin, Option<SecretDigest>), ApiError> {
    if let Some(authinfo) = params.opt_str("authinfo")? {
        if !peer.is_some_and(|ip| state.panel.authinfo_from.allows(ip)) {
            return Err(ApiError::code(Code::AccessDenied));
        }
        let (login, password) = authinfo
            .split_once(':')
            .ok_or_else(|| ApiError::invalid("authinfo", "must be login:password"))?;
        return Ok((log_in(state, login, password, peer).await?, None));
    }
    let hash = params
        .opt_str("hash")
        .map_err(|_| ApiError::code(Code::WrongHash))?
        .ok_or_else(|| ApiError::code(Code::WrongHash))?;
    if hash.len() != 32 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::code(Code::WrongHash));
    }
    let digest = SecretDigest::of(hash);
    let store = state.store.clone();
    let idle = state.panel.idle_timeout;
    let admin = web::block(move || -> Result<PanelAdmin, ApiError> {
        let ended = || ApiError::code(Code::SessionNotFound);
        let mut session = store.panel_session(&digest)?.ok_or_else(ended)?;
        let now = now_ms();
        let idle_ms = idle.map(millis);
        let idle_for = now.saturating_sub(session.last_used_ms);
        if session.expires_ms <= now || idle_ms.is_some_and(|limit| idle_for >= limit) {
            store.delete_panel_session(&digest)?;
            return Err(ended());
        }
        let admin = store
            .panel_admin(session.admin)?
            .filter(|a| !a.blocked)
            .ok_or_else(ended)?;
        // Written only as often as the idle timeout needs to be kept.
        if let Some(limit) = idle_ms
            && idle_for >= (limit / 8).clamp(1_000, 60_000)
        {
            session.last_used_ms = now;
            store.put_panel_session(&session)?;
        }
        Ok(admin)
    })
    .await??;
    Ok((admin, Some(digest)))
}

/// Ok if `admin` holds every permission `route` needs, else 13.
pub fn permitted(admin: &PanelAdmin, route: &Route) -> Result<(), ApiError> {
    let holds = |(category, operation): &(&str, &str)| {
        PanelPermission::named(category, operation).is_some_and(|p| admin.permissions.contains(&p))
    };
    if route.needs.iter().all(holds) {
        Ok(())
    } else {
        Err(ApiError::code(Code::OperationNotPermitted))
    }
}

/// The user `su` names, for `route`: 13 when the call cannot be run as a
/// user or the administrator may not (it needs `user_sessions: create`),
/// 201 when the administrator does not see that user.
pub async fn su(
    state: &ApiState,
    admin: &PanelAdmin,
    route: &Route,
    login: &str,
) -> Result<User, ApiError> {
    let allowed = PanelPermission::named("user_sessions", "create")
        .is_some_and(|p| admin.permissions.contains(&p));
    if route.as_user == AsUser::Refused || !allowed {
        return Err(ApiError::code(Code::OperationNotPermitted));
    }
    let store = state.store.clone();
    let owned = login.to_owned();
    let user = web::block(move || store.user_by_login(&owned)).await??;
    match user {
        Some(user) if tenancy::sees(&*state.store, admin, user.dealer)? => Ok(user),
        _ => Err(ApiError::code(Code::NotFound)),
    }
}

/// A duration in ms, as the store's times are.
pub fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
