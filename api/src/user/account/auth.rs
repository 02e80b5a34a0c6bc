//! `user/auth`, and turning a call's `hash` into its user.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_store::{Privilege, SecretDigest, Session, Tracker, TrackerId, User};

use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::server::access::AllowList;
use crate::user::routes::CallKind;
use crate::user::scope::Scope;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// `user/auth`: login and password for a session hash.
///
/// A login or client address with too many recent failures is refused
/// with 15 before anything else ([`crate::auth::throttle`]). Otherwise
/// exactly one password verification runs, whether the login exists or
/// not ([`crate::auth::passwords`]). The session hash is answered once;
/// the store keeps its digest.
pub async fn user_auth(
    state: web::Data<ApiState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(&req, &body)?;
    let login = params.str("login")?.to_owned();
    let password = params.str("password")?;
    // The TCP peer: a forwarded-for header is whatever the client says.
    let peer = req.peer_addr().map(|addr| addr.ip());
    let attempt = state.auth.logins.begin(&login, peer)?;
    let store = state.store.clone();
    let user = web::block(move || store.user_by_login(&login)).await??;
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    let verified = state.auth.passwords.verify(stored, password).await?;
    let user = match user {
        // From an address the account is not allowed from, the right
        // password is as wrong as any other: a guesser there learns nothing.
        Some(user) if verified && allowed_from(&user, peer) => user,
        _ => {
            attempt.failed();
            return Err(ApiError::code(Code::WrongLoginOrPassword));
        }
    };
    attempt.succeeded();
    let now = now_ms();
    // Made inactive, or past its expiry.
    if !user.is_active_at(now) {
        return Err(ApiError::code(Code::UserNotActivated));
    }
    let hash = crate::random_token();
    let session = Session {
        digest: SecretDigest::of(&hash),
        user: user.id,
        created_ms: now,
        expires_ms: now
            .saturating_add(i64::try_from(state.session_ttl.as_millis()).unwrap_or(i64::MAX)),
    };
    let store = state.store.clone();
    web::block(move || store.put_session(&session)).await??;
    Ok(success(json!({ "hash": hash })))
}

/// What a call's `hash` is, by the digest the store knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session from `user/auth`.
    Session(SecretDigest),
    /// One of the user's API keys.
    ApiKey(SecretDigest),
}

/// Whether `user` may be used from `peer`: its allowed addresses (seed
/// 001's `allowed_ips`, set through the Server API) hold it, or it has
/// none. A list that no longer reads (it is checked when written) lets no
/// one in.
pub fn allowed_from(user: &User, peer: Option<IpAddr>) -> bool {
    if user.allowed_ips.is_empty() {
        return true;
    }
    match AllowList::parse(&user.allowed_ips) {
        Ok(list) => peer.is_some_and(|ip| list.allows(ip)),
        Err(error) => {
            tracing::error!(user = user.id.0, %error, "a user's allowed addresses do not read");
            false
        }
    }
}

/// The user a call's `hash` stands for (a live session or an API key), and
/// which of the two it is. Both are looked up by the digest of `hash`. A
/// user not allowed from `peer` (the caller's address) is refused as a
/// blocked one is.
pub async fn authenticate(
    state: &ApiState,
    params: &Params,
    peer: Option<IpAddr>,
) -> Result<(User, Credential), ApiError> {
    let hash = params
        .opt_str("hash")
        .map_err(|_| ApiError::code(Code::WrongHash))?
        .ok_or_else(|| ApiError::code(Code::WrongHash))?;
    if hash.len() != 32 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::code(Code::WrongHash));
    }
    let digest = SecretDigest::of(hash);
    let now = now_ms();
    let (user_id, credential) = match state.store.session(&digest)? {
        Some(session) if session.expires_ms > now => {
            (Some(session.user), Credential::Session(digest))
        }
        Some(_) => return Err(ApiError::code(Code::SessionNotFound)),
        None => (
            state.store.api_key(&digest)?.map(|key| key.user),
            Credential::ApiKey(digest),
        ),
    };
    let user = match user_id {
        Some(id) => state.store.user(id)?,
        None => None,
    };
    match user {
        // Made inactive, or past its expiry: its sessions and keys stop
        // working at once, and work again if it is made active again.
        Some(user) if !user.is_active_at(now) || !allowed_from(&user, peer) => {
            Err(ApiError::code(Code::SessionNotFound))
        }
        Some(user) => Ok((user, credential)),
        None => Err(ApiError::code(Code::SessionNotFound)),
    }
}

/// The tracker named by `tracker_id`, if the caller sees it (see
/// [`Scope`]): 201 otherwise, 208 when it is blocked.
pub fn owned_tracker(
    state: &ApiState,
    scope: &Scope,
    params: &Params,
) -> Result<Tracker, ApiError> {
    let id = params.int("tracker_id")?;
    let id = u64::try_from(id).map_err(|_| ApiError::invalid("tracker_id", "must be positive"))?;
    scope.tracker(state, TrackerId(id))
}

/// An authenticated User API call: its merged parameters and its user.
/// As a handler argument it reads the body, parses the parameters and
/// resolves `hash`, answering any failure in the API's error format. A
/// viewer's call that changes something ([`CallKind::Changes`]) is refused
/// here with 13, before its handler runs.
#[derive(Debug)]
pub struct UserCall {
    /// The call's parameters (query, form or JSON).
    pub params: Params,
    /// Who is calling.
    pub user: User,
    /// Whether the call came with a session or an API key.
    pub credential: Credential,
    /// The account the caller works on and what it may do there.
    pub scope: Scope,
}

impl UserCall {
    /// The tracker named by `tracker_id`, if the caller sees it (see [`owned_tracker`]).
    pub fn tracker(&self, state: &ApiState) -> Result<Tracker, ApiError> {
        owned_tracker(state, &self.scope, &self.params)
    }

    /// Ok if the caller holds `right` (a master holds all), else 13.
    pub fn require(&self, right: Right) -> Result<(), ApiError> {
        if self.scope.allows(right) {
            Ok(())
        } else {
            Err(ApiError::code(Code::OperationNotPermitted))
        }
    }
}

impl FromRequest for UserCall {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            // The only way reading a body fails here is its size.
            let body = body
                .await
                .map_err(|_| ApiError::code(Code::TooLargeRequest))?;
            let state = req
                .app_data::<web::Data<ApiState>>()
                .cloned()
                .ok_or_else(|| ApiError::code(Code::UnexpectedError))?;
            let params = Params::parse(&req, &body)?;
            // The TCP peer: a forwarded-for header is whatever the client says.
            let peer = req.peer_addr().map(|addr| addr.ip());
            let (user, credential) = authenticate(&state, &params, peer).await?;
            let kind = CallKind::of(req.path().strip_prefix("/v2/").unwrap_or(""));
            if user.privilege == Privilege::Viewer && kind == CallKind::Changes {
                return Err(ApiError::code(Code::OperationNotPermitted));
            }
            let scope = Scope::of(&state, &user, kind)?;
            Ok(Self {
                params,
                user,
                credential,
                scope,
            })
        })
    }
}
