//! The User API (Navixy style): `/v2/<entity>/<action>`.
//!
//! Every call takes GET, form or JSON parameters and a `hash`, which is a
//! session hash from `user/auth` or one of the user's API keys. A user only
//! ever sees its own trackers, a sub-user only those bound to it
//! ([`scope`]); anything else is 201.
//!
//! # Layout
//!
//! The calls, by the entity they work on (each folder's own doc lists its
//! modules):
//!
//! - [`account`]: the caller itself: `user/auth` and resolving `hash`,
//!   `user/get_info`, sessions, `api/key/*`, `user/settings/*`.
//! - [`tracker`]: `tracker/*`: reading trackers and their state, readings,
//!   models, commands to devices, and registration.
//! - [`track`]: `track/list` and `track/read`, a tracker's trips and points.
//! - [`grouping`]: tags (`tag/*`, `tracker/tags/set`) and tracker groups
//!   (`tracker/group/*`, `group/*`).
//! - [`subusers`]: `subuser/*`, sub-users' rights and bound trackers.
//! - [`events`]: live push over WebSocket (`event/subscription`).
//!
//! What every call shares:
//!
//! - [`routes`]: every call's path and handler, in one table ([`PATHS`],
//!   [`configure`]).
//! - [`scope`]: the one check of who sees which tracker.
//! - [`fields`]: checks of titles, colours and ids shared by several calls.
//! - [`view`]: how trackers and points are written as JSON;
//!   [`state_view`]: how a tracker's state is; [`status`]: its connection
//!   and movement statuses, judged at read time.
//! - [`openapi`]: the OpenAPI document of these calls.

pub mod account;
pub mod events;
pub mod fields;
pub mod grouping;
pub mod openapi;
pub mod routes;
pub mod scope;
pub mod state_view;
pub mod status;
pub mod subusers;
pub mod track;
pub mod tracker;
pub mod view;

use actix_web::HttpResponse;
use serde::Serialize;
use serde_json::Value;

pub use routes::{PATHS, configure};

/// The answer to a method a call does not take: 405, code 112 (the
/// resource adds `Allow`).
pub fn wrong_method() -> HttpResponse {
    use actix_web::ResponseError;
    crate::error::ApiError::code(crate::error::Code::WrongMethod).error_response()
}

/// A success answer: `{"success": true, ...fields}`.
pub fn success(fields: Value) -> HttpResponse {
    let mut body = serde_json::Map::new();
    body.insert("success".into(), Value::Bool(true));
    if let Value::Object(fields) = fields {
        body.extend(fields);
    }
    HttpResponse::Ok().json(Value::Object(body))
}

#[derive(Serialize)]
struct Success<T> {
    success: bool,
    #[serde(flatten)]
    fields: T,
}

/// A success answer written from a typed value (a struct or map) without
/// building a JSON tree first: `{"success": true, ...fields}`.
pub fn success_with<T: Serialize>(fields: T) -> HttpResponse {
    HttpResponse::Ok().json(Success {
        success: true,
        fields,
    })
}

#[cfg(test)]
mod blocked_tests;
#[cfg(test)]
mod validation_tests;
