//! The User API's routes: every call's path after `/v2/` and the handler
//! that serves it, in one table.

use actix_web::dev::Handler;
use actix_web::{FromRequest, Resource, Responder, guard, web};

use super::{account, events, grouping, openapi, subusers, track, tracker};
use crate::methods;

/// Declares the User API's routes once: [`PATHS`] lists them (the OpenAPI
/// document is checked against it) and [`configure`] serves them.
macro_rules! routes {
    ($($path:literal => $handler:path,)*) => {
        /// Every call's path after `/v2/`, as served.
        pub const PATHS: &[&str] = &[$($path),*];

        /// Registers the User API's calls, and its OpenAPI document at
        /// `/v2/openapi.json`.
        pub fn configure(cfg: &mut web::ServiceConfig) {
            $(cfg.service(call(concat!("/v2/", $path), $handler));)*
            cfg.service(call("/v2/openapi.json", openapi::serve));
            cfg.service(events::resource());
        }
    };
}

/// One call's resource: GET and POST go to `handler`, any other method is
/// answered 405 with code 112.
fn call<F, Args>(path: &str, handler: F) -> Resource
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(path)
        .route(
            web::route()
                .guard(guard::Any(guard::Get()).or(guard::Post()))
                .to(handler),
        )
        .default_service(methods::refuse(methods::GET_POST, super::wrong_method))
}

routes! {
    "user/auth" => account::auth::user_auth,
    "user/get_info" => account::session::get_info,
    "user/logout" => account::session::logout,
    "user/session/renew" => account::session::renew,
    "api/key/create" => account::keys::create_key,
    "api/key/list" => account::keys::list_keys,
    "api/key/delete" => account::keys::delete_key,
    "tracker/list" => tracker::list::list,
    "tracker/get" => tracker::get::get,
    "tracker/read" => tracker::get::get,
    "tracker/list_models" => tracker::models::list_models,
    "tracker/get_last_gps_point" => tracker::get::get_last_gps_point,
    "tracker/get_state" => tracker::get::get_state,
    "tracker/change_phone" => tracker::registration::phone::change_phone,
    "tracker/get_states" => tracker::states::get_states,
    "tracker/register" => tracker::registration::register::register,
    "tracker/register_quick" => tracker::registration::register::register_quick,
    "tracker/register_retry" => tracker::registration::register::register_retry,
    "tracker/replace" => tracker::registration::replace::replace,
    "tracker/replace_quick" => tracker::registration::replace::replace_quick,
    "tracker/replace_retry" => tracker::registration::replace::replace_retry,
    "tracker/corrupt" => tracker::registration::lifecycle::corrupt,
    "tracker/delete" => tracker::registration::lifecycle::delete,
    "track/read" => track::calls::read,
    "track/list" => track::calls::list,
    "tracker/raw_command" => tracker::commands::raw_command,
    "tracker/raw_command/send" => tracker::commands::raw_command,
    "tracker/output/set" => tracker::commands::set_output,
    "tracker/location_request" => tracker::location::location_request,
    "tracker/send_command" => tracker::commands::send_command,
    "tracker/command/list" => tracker::commands::list,
    "tracker/command/cancel" => tracker::commands::cancel,
    "tag/list" => grouping::tags::list,
    "tag/create" => grouping::tags::create,
    "tag/update" => grouping::tags::update,
    "tag/delete" => grouping::tags::delete,
    "tracker/tags/set" => grouping::tags::set_tracker_tags,
    "tracker/group/list" => grouping::groups::list,
    "tracker/group/create" => grouping::groups::create,
    "tracker/group/update" => grouping::groups::update,
    "tracker/group/delete" => grouping::groups::delete,
    "tracker/group/assign" => grouping::groups::assign,
    "group/list" => grouping::groups::list,
    "group/create" => grouping::groups::create,
    "group/update" => grouping::groups::update,
    "group/delete" => grouping::groups::delete,
    "group/assign" => grouping::groups::assign,
    "subuser/register" => subusers::calls::register,
    "subuser/list" => subusers::calls::list,
    "subuser/update" => subusers::calls::update,
    "subuser/delete" => subusers::calls::delete,
    "subuser/tracker/list" => subusers::trackers::list,
    "subuser/tracker/bind" => subusers::trackers::bind,
    "subuser/tracker/unbind" => subusers::trackers::unbind,
    "user/settings/read" => account::settings::read,
    "user/settings/update" => account::settings::update,
    "tracker/get_diagnostics" => tracker::readings::get_diagnostics,
    "tracker/get_fuel" => tracker::readings::get_fuel,
    "tracker/get_readings" => tracker::readings::get_readings,
    "tracker/get_inputs" => tracker::readings::get_inputs,
}
