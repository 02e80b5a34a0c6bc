//! The Server API (seed 000): `/api/api.php?api=server&key=KEY&cmd=COMMAND,p1,p2`.
//!
//! A call is handled in this order, each step before anything later is
//! read: the caller's address must be on the allow-list; an address over
//! its limit of failed keys is refused until its window closes; the key
//! must be the server key (compared as digests, in constant time); then the
//! command runs. Every call, refused or not, is written to the audit log
//! (`audit`) before it is answered.
//!
//! Answers are plain text for single values (`OK`, a key, `true`/`false`,
//! a new id) and JSON arrays for lists; errors are `ERROR: <reason>`, with
//! the status [`crate::error::http_status`] gives their [`ServerKind`] (4xx
//! for the caller's mistakes, 5xx for the gateway's). docs/server-api.md
//! describes every command.
//!
//! Seed 001's REST administration, `/api/<entity>/<action>`, passes the
//! same gate and is written to the same audit log ([`rest`]).
//!
//! # Layout
//!
//! - [`access`]: allow-list, key and failed-key limit.
//! - [`commands`]: the command table; the commands themselves by entity:
//!   [`users`], [`objects`], [`plans`], and [`audit`] (the log and
//!   `GET_AUDIT_LOG`).
//! - [`args`]: parameters by position and name; [`views`]: the JSON of
//!   users and objects.
//! - [`user_keys`]: the users' keys `GET_USER_API_KEY` answers, derived
//!   rather than stored.
//! - [`rest`]: seed 001's REST administration.

pub mod access;
pub mod args;
pub mod audit;
pub mod commands;
pub mod objects;
pub mod plans;
pub mod rest;
pub mod user_keys;
pub mod users;
pub mod views;

use std::net::IpAddr;

use actix_web::http::header::RETRY_AFTER;
use actix_web::{HttpRequest, HttpResponse, guard, web};
use trackgate_store::StoreError;

use crate::auth::KeyAttempt;
use crate::error::{ErrorKind, ServerKind, http_status};
use crate::params::Params;
use crate::{ApiState, methods};

/// Registers `/api/api.php`: GET and POST; any other method is answered
/// `ERROR: method not allowed` (405, with `Allow`). Then the REST
/// administration's `/api/<entity>/<action>` ([`rest`]).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/api.php")
            .route(
                web::route()
                    .guard(guard::Any(guard::Get()).or(guard::Post()))
                    .to(api_php),
            )
            .default_service(methods::refuse(methods::GET_POST, || {
                ServerError::new(ServerKind::MethodNotAllowed, "method not allowed").response()
            })),
    );
    rest::configure(cfg);
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Plain text: `OK`, a key, `true`/`false`, an id.
    Text(String),
    /// A JSON document (lists).
    Json(serde_json::Value),
}

impl Reply {
    fn response(self) -> HttpResponse {
        match self {
            Self::Text(text) => HttpResponse::Ok()
                .content_type("text/plain; charset=utf-8")
                .body(text),
            Self::Json(value) => HttpResponse::Ok().json(value),
        }
    }
}

/// A Server API failure, answered as `ERROR: <reason>` with the status
/// [`http_status`] gives its kind.
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub struct ServerError {
    kind: ServerKind,
    reason: String,
    /// Seconds until the caller may try again ([`ServerKind::Throttled`]).
    retry_after_secs: Option<u64>,
    /// The store failure behind a [`ServerKind::StorageFailure`].
    #[source]
    cause: Option<StoreError>,
}

impl ServerError {
    /// A refusal of `kind`, with its reason.
    pub fn new(kind: ServerKind, reason: impl Into<String>) -> Self {
        Self {
            kind,
            reason: reason.into(),
            retry_after_secs: None,
            cause: None,
        }
    }

    /// A bad request, with its reason.
    pub fn bad(reason: impl Into<String>) -> Self {
        Self::new(ServerKind::BadRequest, reason)
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> ServerKind {
        self.kind
    }

    fn response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(http_status(ErrorKind::ServerApi(self.kind)));
        response.content_type("text/plain; charset=utf-8");
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((RETRY_AFTER, secs.to_string()));
        }
        response.body(format!("ERROR: {}", self.reason))
    }
}

impl From<StoreError> for ServerError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "store call failed");
        Self {
            cause: Some(error),
            ..Self::new(ServerKind::StorageFailure, "storage failure")
        }
    }
}

async fn api_php(state: web::Data<ApiState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    // The TCP peer: a forwarded-for header is whatever the client says.
    let peer = req.peer_addr().map(|addr| addr.ip());
    let mut command = String::new();
    let outcome = answer(&state, &req, &body, peer, &mut command).await;
    let (response, result) = match outcome {
        Ok(reply) => (reply.response(), "OK".to_owned()),
        Err(error) => (error.response(), format!("ERROR: {}", error.reason)),
    };
    let entry = audit::entry(peer, command, response.status().as_u16(), result);
    audit::write(&state, entry).await;
    response
}

/// The checks every Server API call passes before anything of it is
/// read: the caller must be on the allow-list, and its address not over
/// its limit of wrong keys. The attempt returned counts as a wrong key
/// until [`check_key`] finds the key right.
pub(crate) fn admit(state: &ApiState, peer: Option<IpAddr>) -> Result<KeyAttempt<'_>, ServerError> {
    if !peer.is_some_and(|ip| state.server.allow.allows(ip)) {
        tracing::warn!(?peer, "Server API call from outside the allow-list");
        return Err(ServerError::new(ServerKind::AccessDenied, "access denied"));
    }
    state.server.key_failures.begin(peer).map_err(|refused| {
        let secs = refused.retry_after_secs;
        ServerError {
            retry_after_secs: Some(secs),
            ..ServerError::new(
                ServerKind::Throttled,
                format!("too many wrong keys from this address: try again in {secs} s"),
            )
        }
    })
}

/// Whether `key` is the server key, settling `attempt` either way.
pub(crate) fn check_key(
    state: &ApiState,
    attempt: KeyAttempt<'_>,
    key: &str,
    peer: Option<IpAddr>,
) -> Result<(), ServerError> {
    if state.server.key_matches(key) {
        attempt.succeeded();
        Ok(())
    } else {
        attempt.failed();
        tracing::warn!(?peer, "Server API call with a wrong key");
        Err(ServerError::new(ServerKind::WrongKey, "wrong key"))
    }
}

/// Checks the call (see the module docs) and runs its command. `command`
/// receives the command as the audit log keeps it, once it is read.
async fn answer(
    state: &web::Data<ApiState>,
    req: &HttpRequest,
    body: &[u8],
    peer: Option<IpAddr>,
    command: &mut String,
) -> Result<Reply, ServerError> {
    let attempt = admit(state, peer)?;
    let params = Params::parse(req, body).map_err(|_| ServerError::bad("malformed request"))?;
    let text = |name: &str| params.opt_str(name).ok().flatten().unwrap_or("");
    let cmd = text("cmd");
    *command = audit::recorded_command(cmd);
    if text("api") != "server" {
        return Err(ServerError::bad("api must be server"));
    }
    check_key(state, attempt, text("key"), peer)?;
    if cmd.is_empty() {
        return Err(ServerError::bad("cmd is missing"));
    }
    let mut parts = cmd.split(',').map(str::trim);
    let name = parts.next().unwrap_or("").to_ascii_uppercase();
    let args: Vec<String> = parts.map(str::to_owned).collect();
    let state = state.clone();
    web::block(move || commands::run(&state, &name, &args))
        .await
        .map_err(|_| ServerError::new(ServerKind::StorageFailure, "internal failure"))?
}
