//! The Server API (seed 000): `/api/api.php?api=server&key=KEY&cmd=COMMAND,p1,p2`.
//!
//! Callers outside the IP allow-list are refused before anything else is
//! read; then the key is checked. Answers are plain text for single values
//! (`OK`, a key, `true`/`false`) and JSON for lists; errors are
//! `ERROR: <reason>`, with the status [`crate::error::http_status`] gives
//! their [`ServerKind`] (4xx for the caller's mistakes, 5xx for the
//! gateway's).
//!
//! # Layout
//!
//! - [`access`]: allow-list and key.
//! - [`commands`]: the commands.
//! - [`user_keys`]: the users' keys `GET_USER_API_KEY` answers, derived
//!   rather than stored.

pub mod access;
pub mod commands;
pub mod user_keys;

use actix_web::{HttpRequest, HttpResponse, guard, web};
use trackgate_store::StoreError;

use crate::error::{ErrorKind, ServerKind, http_status};
use crate::params::Params;
use crate::{ApiState, methods};

/// Registers `/api/api.php`: GET and POST; any other method is answered
/// `ERROR: method not allowed` (405, with `Allow`).
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
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Plain text: `OK`, a key, `true`/`false`.
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
            cause: None,
        }
    }

    /// A bad request, with its reason.
    pub fn bad(reason: impl Into<String>) -> Self {
        Self::new(ServerKind::BadRequest, reason)
    }

    fn response(&self) -> HttpResponse {
        HttpResponse::build(http_status(ErrorKind::ServerApi(self.kind)))
            .content_type("text/plain; charset=utf-8")
            .body(format!("ERROR: {}", self.reason))
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
    let allowed = req
        .peer_addr()
        .is_some_and(|peer| state.server.allow.allows(peer.ip()));
    if !allowed {
        tracing::warn!(peer = ?req.peer_addr(), "Server API call from outside the allow-list");
        return ServerError::new(ServerKind::AccessDenied, "access denied").response();
    }
    match handle(&state, &req, &body).await {
        Ok(reply) => reply.response(),
        Err(error) => error.response(),
    }
}

async fn handle(
    state: &web::Data<ApiState>,
    req: &HttpRequest,
    body: &[u8],
) -> Result<Reply, ServerError> {
    let params = Params::parse(req, body).map_err(|_| ServerError::bad("malformed request"))?;
    let text = |name: &str| params.opt_str(name).ok().flatten().unwrap_or("");
    if text("api") != "server" {
        return Err(ServerError::bad("api must be server"));
    }
    if !state.server.key_matches(text("key")) {
        return Err(ServerError::new(ServerKind::WrongKey, "wrong key"));
    }
    let cmd = text("cmd");
    if cmd.is_empty() {
        return Err(ServerError::bad("cmd is missing"));
    }
    let mut parts = cmd.split(',').map(str::trim);
    let name = parts.next().unwrap_or("").to_ascii_uppercase();
    let args: Vec<String> = parts.map(str::to_owned).collect();
    let state = state.clone();
    web::block(move || commands::run(&state, &name, &args))
        .await
        .map_err(|_| ServerError::bad("internal failure"))?
}
