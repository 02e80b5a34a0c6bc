//! The User API (Navixy style): `/v2/<entity>/<action>`.
//!
//! Every call takes GET, form or JSON parameters and a `hash`, which is a
//! session hash from `user/auth` or one of the user's API keys. A user only
//! ever sees its own trackers; anything else is 201.
//!
//! # Layout
//!
//! - [`auth`]: `user/auth`, and resolving `hash` to a user.
//! - [`account`]: `user/get_info`, `user/logout`, `user/session/renew`, `api/key/*`.
//! - [`commands`]: commands to devices (`tracker/raw_command`, `tracker/output/set`,
//!   `tracker/send_command`, `tracker/command/list|cancel`); [`location`]:
//!   `tracker/location_request`, over the connection or by SMS.
//! - [`tracker`]: `tracker/list`, `tracker/get` (`read`), `tracker/get_last_gps_point`,
//!   `tracker/get_state`, `tracker/change_phone`.
//! - [`models`]: `tracker/list_models`, from the protocols' own code.
//! - [`states`]: the `tracker/get_states` call.
//! - [`track`]: `track/list` and `track/read`; [`track_view`]: their JSON.
//! - [`view`]: how trackers and points are written as JSON.
//! - [`state_view`]: how a tracker's state is written as JSON.

pub mod account;
pub mod auth;
pub mod commands;
pub mod location;
pub mod models;
pub mod state_view;
pub mod states;
pub mod track;
pub mod track_view;
pub mod tracker;
pub mod view;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::Value;

/// Registers the User API's calls.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v2/user/auth").to(auth::user_auth))
        .service(web::resource("/v2/user/get_info").to(account::get_info))
        .service(web::resource("/v2/user/logout").to(account::logout))
        .service(web::resource("/v2/user/session/renew").to(account::renew))
        .service(web::resource("/v2/api/key/create").to(account::create_key))
        .service(web::resource("/v2/api/key/list").to(account::list_keys))
        .service(web::resource("/v2/api/key/delete").to(account::delete_key))
        .service(web::resource("/v2/tracker/list").to(tracker::list))
        .service(web::resource("/v2/tracker/get").to(tracker::get))
        .service(web::resource("/v2/tracker/read").to(tracker::get))
        .service(web::resource("/v2/tracker/list_models").to(models::list_models))
        .service(web::resource("/v2/tracker/get_last_gps_point").to(tracker::get_last_gps_point))
        .service(web::resource("/v2/tracker/get_state").to(tracker::get_state))
        .service(web::resource("/v2/tracker/change_phone").to(tracker::change_phone))
        .service(web::resource("/v2/tracker/get_states").to(states::get_states))
        .service(web::resource("/v2/track/read").to(track::read))
        .service(web::resource("/v2/track/list").to(track::list))
        .service(web::resource("/v2/tracker/raw_command").to(commands::raw_command))
        .service(web::resource("/v2/tracker/raw_command/send").to(commands::raw_command))
        .service(web::resource("/v2/tracker/output/set").to(commands::set_output))
        .service(web::resource("/v2/tracker/location_request").to(location::location_request))
        .service(web::resource("/v2/tracker/send_command").to(commands::send_command))
        .service(web::resource("/v2/tracker/command/list").to(commands::list))
        .service(web::resource("/v2/tracker/command/cancel").to(commands::cancel));
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
