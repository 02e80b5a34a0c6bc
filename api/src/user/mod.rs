//! The User API (Navixy style): `/v2/<entity>/<action>`.
//!
//! Every call takes GET, form or JSON parameters and a `hash`, which is a
//! session hash from `user/auth` or one of the user's API keys. A user only
//! ever sees its own trackers, a sub-user only those bound to it
//! ([`scope`]); anything else is 201.
//!
//! # Layout
//!
//! - [`auth`]: `user/auth`, and resolving `hash` to a user.
//! - [`account`]: `user/get_info`, `user/logout`, `user/session/renew`, `api/key/*`;
//!   [`settings`]: `user/settings/read|update` (the user's time zone).
//! - [`commands`]: commands to devices (`tracker/raw_command`, `tracker/output/set`,
//!   `tracker/send_command`, `tracker/command/list|cancel`); [`location`]:
//!   `tracker/location_request`, over the connection or by SMS.
//! - [`tracker_list`]: `tracker/list` with its `labels` filter.
//! - [`tags`]: `tag/*` and `tracker/tags/set`; [`groups`]: `tracker/group/*` (also `group/*`).
//! - [`subusers`]: `subuser/register|list|update|delete`; [`subuser_trackers`]:
//!   `subuser/tracker/list|bind|unbind`.
//! - [`scope`]: the one check of who sees which tracker; [`rights`]: sub-user rights.
//! - [`fields`]: checks of titles, colours and ids shared by those calls.
//! - [`tracker`]: `tracker/get` (`read`), `tracker/get_last_gps_point`,
//!   `tracker/get_state`, `tracker/change_phone`.
//! - [`models`]: `tracker/list_models`, from the protocols' own code.
//! - [`register`], [`replace`]: `tracker/register*` and `tracker/replace*`,
//!   with [`device_params`] (their parameters) and [`setup`] (the
//!   registration commands sent by SMS); [`lifecycle`]: `tracker/corrupt`,
//!   `tracker/delete`.
//! - [`readings`]: the readings calls (`tracker/get_diagnostics`, `get_fuel`,
//!   `get_readings`, `get_inputs`), inputs described by [`catalogue`].
//! - [`events`]: live push over WebSocket (`event/subscription`).
//! - [`states`]: the `tracker/get_states` call.
//! - [`track`]: `track/list` and `track/read`; [`track_view`]: their JSON.
//! - [`openapi`]: the OpenAPI document of these calls.
//! - [`view`]: how trackers and points are written as JSON.
//! - [`state_view`]: how a tracker's state is written as JSON; [`status`]:
//!   its connection and movement statuses.

pub mod account;
pub mod auth;
pub mod catalogue;
pub mod commands;
pub mod device_params;
pub mod events;
pub mod fields;
pub mod groups;
pub mod lifecycle;
pub mod location;
pub mod models;
pub mod openapi;
pub mod readings;
pub mod register;
pub mod replace;
pub mod rights;
pub mod scope;
pub mod settings;
pub mod setup;
pub mod state_view;
pub mod states;
pub mod status;
pub mod subuser_trackers;
pub mod subusers;
pub mod tags;
pub mod track;
pub mod track_view;
pub mod tracker;
pub mod tracker_list;
pub mod view;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::Value;

/// Declares the User API's routes once: [`PATHS`] lists them (the OpenAPI
/// document is checked against it) and [`configure`] serves them.
macro_rules! routes {
    ($($path:literal => $handler:path,)*) => {
        /// Every call's path after `/v2/`, as served.
        pub const PATHS: &[&str] = &[$($path),*];

        /// Registers the User API's calls, and its OpenAPI document at
        /// `/v2/openapi.json`.
        pub fn configure(cfg: &mut web::ServiceConfig) {
            $(cfg.service(web::resource(concat!("/v2/", $path)).to($handler));)*
            cfg.service(web::resource("/v2/openapi.json").to(openapi::serve));
            cfg.service(events::resource());
        }
    };
}

routes! {
    "user/auth" => auth::user_auth,
    "user/get_info" => account::get_info,
    "user/logout" => account::logout,
    "user/session/renew" => account::renew,
    "api/key/create" => account::create_key,
    "api/key/list" => account::list_keys,
    "api/key/delete" => account::delete_key,
    "tracker/list" => tracker_list::list,
    "tracker/get" => tracker::get,
    "tracker/read" => tracker::get,
    "tracker/list_models" => models::list_models,
    "tracker/get_last_gps_point" => tracker::get_last_gps_point,
    "tracker/get_state" => tracker::get_state,
    "tracker/change_phone" => tracker::change_phone,
    "tracker/get_states" => states::get_states,
    "tracker/register" => register::register,
    "tracker/register_quick" => register::register_quick,
    "tracker/register_retry" => register::register_retry,
    "tracker/replace" => replace::replace,
    "tracker/replace_quick" => replace::replace_quick,
    "tracker/replace_retry" => replace::replace_retry,
    "tracker/corrupt" => lifecycle::corrupt,
    "tracker/delete" => lifecycle::delete,
    "track/read" => track::read,
    "track/list" => track::list,
    "tracker/raw_command" => commands::raw_command,
    "tracker/raw_command/send" => commands::raw_command,
    "tracker/output/set" => commands::set_output,
    "tracker/location_request" => location::location_request,
    "tracker/send_command" => commands::send_command,
    "tracker/command/list" => commands::list,
    "tracker/command/cancel" => commands::cancel,
    "tag/list" => tags::list,
    "tag/create" => tags::create,
    "tag/update" => tags::update,
    "tag/delete" => tags::delete,
    "tracker/tags/set" => tags::set_tracker_tags,
    "tracker/group/list" => groups::list,
    "tracker/group/create" => groups::create,
    "tracker/group/update" => groups::update,
    "tracker/group/delete" => groups::delete,
    "tracker/group/assign" => groups::assign,
    "group/list" => groups::list,
    "group/create" => groups::create,
    "group/update" => groups::update,
    "group/delete" => groups::delete,
    "group/assign" => groups::assign,
    "subuser/register" => subusers::register,
    "subuser/list" => subusers::list,
    "subuser/update" => subusers::update,
    "subuser/delete" => subusers::delete,
    "subuser/tracker/list" => subuser_trackers::list,
    "subuser/tracker/bind" => subuser_trackers::bind,
    "subuser/tracker/unbind" => subuser_trackers::unbind,
    "user/settings/read" => settings::read,
    "user/settings/update" => settings::update,
    "tracker/get_diagnostics" => readings::get_diagnostics,
    "tracker/get_fuel" => readings::get_fuel,
    "tracker/get_readings" => readings::get_readings,
    "tracker/get_inputs" => readings::get_inputs,
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
