//! trackgate's HTTP surfaces, each an actix-web `configure` module.
//!
//! Handlers reach live sessions by actor message (through the registry, or
//! through the cluster for a device another gateway node holds) and
//! stored data through the storage ports; they never touch sockets or a
//! storage engine directly. What is domain logic rather than HTTP lives in
//! crates of its own: track history (trips, reduced tracks) is
//! `trackgate_history`, which `track/list` and `track/read` answer from.
//!
//! # Layout
//!
//! - [`auth`]: bounded password hashing and failed-login limits, shared by the surfaces
//!   that log people in.
//! - [`accounts`]: what gives trackers to accounts shares: one lock, the tracker limits
//!   (the billing plan's, the account's own, its reseller's) and the reseller's credits.
//! - [`conn`]: the API's connections: how many each address may hold, and the socket under
//!   each, for ending one the HTTP layer would keep open.
//! - [`deadline`]: a request's body must arrive whole in time.
//! - [`methods`]: only the methods each surface documents; 405 otherwise.
//! - [`error`]: both surfaces' errors, Navixy's codes by name, and the one mapping from
//!   error to HTTP status.
//! - [`params`]: parameters from the query string, a form or a JSON body, merged.
//! - [`time`]: `YYYY-MM-DD HH:MM:SS` date/times, in UTC or the user's time zone.
//! - [`user`]: the User API (`/v2/...`, Navixy style).
//! - [`panel`]: the Panel API (`/v2/panel/...`, Navixy style, with seed 004's conventions).
//! - [`server`]: the Server API (`/api/api.php` and the REST administration
//!   `/api/<entity>/<action>`, key + IP allow-list).
//! - [`metrics`]: Prometheus text at `/metrics`.
//! - [`health`]: `/health`, whether this node can store.
//! - [`live`]: who holds a device (this node, another node, none), for live reads and calls.
//! - [`sms`]: the SMS channel, an HTTP SMS gateway described by configuration.
//! - [`mail`]: e-mail through a configured SMTP server.
//! - [`money`]: changing a balance (and settling the renewal it pays), and which dealer
//!   may manage which account.

pub mod accounts;
pub mod auth;
pub mod conn;
pub mod deadline;
pub mod error;
pub mod health;
pub mod live;
pub mod mail;
pub mod methods;
pub mod metrics;
pub mod money;
pub mod panel;
pub mod params;
pub mod server;
pub mod sms;
pub mod time;
pub mod user;

use std::sync::Arc;
use std::time::Duration;

use trackgate_actors::registry::Registry;
use trackgate_actors::slots::DeviceSlots;
use trackgate_store::Store;

pub use server::access::{AllowList, ServerAccess};
pub use server::user_keys::UserKeys;

/// What every handler shares.
#[derive(Debug)]
pub struct ApiState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Connected sessions, for live state.
    pub registry: Arc<Registry>,
    /// The other gateway nodes (a single node's answers only from `registry`):
    /// whoever holds a device, wherever it is, answers for it.
    pub cluster: trackgate_cluster::Cluster,
    /// Server API key and allow-list.
    pub server: ServerAccess,
    /// Password hashing and failed-login limits, one for the process.
    pub auth: auth::Auth,
    /// How long a `user/auth` session lasts.
    pub session_ttl: Duration,
    /// The SMS gateway commands may go through (none when its URL is empty).
    pub sms: sms::SmsGateway,
    /// How devices reach the gateway, for registration commands.
    pub registration: user::tracker::registration::setup::Registration,
    /// The thresholds of the trackers' connection and movement statuses.
    pub status: user::status::StatusRules,
    /// The device listeners' connection slots, for `/health`.
    pub device_slots: Arc<DeviceSlots>,
    /// Where mail goes (`ADD_USER` with credentials); none when unconfigured.
    pub mail: mail::Mailer,
    /// How long a billing plan's day is, for the renewal a payment settles.
    pub renewals: trackgate_actors::renewals::RenewalClock,
    /// Panel API sessions and `authinfo`.
    pub panel: panel::PanelSettings,
}

/// Registers every surface on `cfg`, and an answer for paths none of them has.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    // Before the User API: `/v2/panel/...` is the Panel API's, whatever follows.
    panel::configure(cfg);
    user::configure(cfg);
    server::configure(cfg);
    health::configure(cfg);
    cfg.default_service(actix_web::web::to(unknown_path));
}

/// User API clients get Navixy's "wrong handler" (111) in its error format;
/// anything else a plain 404.
async fn unknown_path(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    if req.path().starts_with("/v2/") {
        error::ApiError::code(error::Code::WrongHandler).error_response()
    } else {
        actix_web::HttpResponse::NotFound().finish()
    }
}

/// 32 lower-case hex characters of fresh randomness: session hashes and API
/// keys (handed out once; the store keeps their digests).
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}
