//! The User API's routes: every call's path after `/v2/`, whether it only
//! reads or changes something, and the handler that serves it, in one
//! table.
//!
//! Whether a call reads decides what a viewer may call (nothing that
//! changes: 13) and what a manager may do with its users' trackers (read
//! them). Ending or renewing one's own session counts as reading: it
//! changes nothing of the account.

use actix_web::dev::Handler;
use actix_web::{FromRequest, Resource, Responder, guard, web};

use super::{account, events, grouping, openapi, subusers, track, tracker};
use crate::methods;

/// Whether a call only reads, or changes something (or sends a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// It changes nothing.
    Reads,
    /// It changes something, or sends something to a device.
    Changes,
}

impl CallKind {
    /// The kind of the call at `path` (after `/v2/`); anything not in the
    /// table changes, so nothing unlisted slips past a viewer.
    pub fn of(path: &str) -> Self {
        match CALLS.iter().find(|(p, _)| *p == path) {
            Some((_, kind)) => *kind,
            None => CallKind::Changes,
        }
    }
}

/// Declares the User API's routes once: [`PATHS`] lists them (the OpenAPI
/// document is checked against it), [`CALLS`] says which read, and
/// [`configure`] serves them.
macro_rules! routes {
    ($($path:literal => $kind:ident $handler:path,)*) => {
        /// Every call's path after `/v2/`, as served.
        pub const PATHS: &[&str] = &[$($path),*];

        /// Every call's path and whether it reads or changes.
        pub const CALLS: &[(&str, CallKind)] = &[$(($path, routes!(@kind $kind))),*];

        /// Registers the User API's calls, and its OpenAPI document at
        /// `/v2/openapi.json`.
        pub fn configure(cfg: &mut web::ServiceConfig) {
            $(cfg.service(call(concat!("/v2/", $path), $handler));)*
            cfg.service(call("/v2/openapi.json", openapi::serve));
            cfg.service(events::resource());
        }
    };
    (@kind reads) => { CallKind::Reads };
    (@kind changes) => { CallKind::Changes };
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
    "user/auth" => reads account::auth::user_auth,
    "user/get_info" => reads account::session::get_info,
    "user/logout" => reads account::session::logout,
    "user/session/renew" => reads account::session::renew,
    "api/key/create" => changes account::keys::create_key,
    "api/key/list" => reads account::keys::list_keys,
    "api/key/delete" => changes account::keys::delete_key,
    "tracker/list" => reads tracker::list::list,
    "tracker/get" => reads tracker::get::get,
    "tracker/read" => reads tracker::get::get,
    "tracker/list_models" => reads tracker::models::list_models,
    "tracker/get_last_gps_point" => reads tracker::get::get_last_gps_point,
    "tracker/get_state" => reads tracker::get::get_state,
    "tracker/change_phone" => changes tracker::registration::phone::change_phone,
    "tracker/get_states" => reads tracker::states::get_states,
    "tracker/register" => changes tracker::registration::register::register,
    "tracker/register_quick" => changes tracker::registration::register::register_quick,
    "tracker/register_retry" => changes tracker::registration::retry::register_retry,
    "tracker/replace" => changes tracker::registration::replace::replace,
    "tracker/replace_quick" => changes tracker::registration::replace::replace_quick,
    "tracker/replace_retry" => changes tracker::registration::replace::replace_retry,
    "tracker/corrupt" => changes tracker::registration::lifecycle::corrupt,
    "tracker/delete" => changes tracker::registration::lifecycle::delete,
    "track/read" => reads track::calls::read,
    "track/list" => reads track::calls::list,
    "tracker/raw_command" => changes tracker::commands::raw_command,
    "tracker/raw_command/send" => changes tracker::commands::raw_command,
    "tracker/output/set" => changes tracker::commands::set_output,
    "tracker/location_request" => changes tracker::location::location_request,
    "tracker/send_command" => changes tracker::commands::send_command,
    "tracker/command/list" => reads tracker::commands::list,
    "tracker/command/cancel" => changes tracker::commands::cancel,
    "tag/list" => reads grouping::tags::list,
    "tag/create" => changes grouping::tags::create,
    "tag/update" => changes grouping::tags::update,
    "tag/delete" => changes grouping::tags::delete,
    "tracker/tags/set" => changes grouping::tags::set_tracker_tags,
    "tracker/group/list" => reads grouping::groups::list,
    "tracker/group/create" => changes grouping::groups::create,
    "tracker/group/update" => changes grouping::groups::update,
    "tracker/group/delete" => changes grouping::groups::delete,
    "tracker/group/assign" => changes grouping::groups::assign,
    "group/list" => reads grouping::groups::list,
    "group/create" => changes grouping::groups::create,
    "group/update" => changes grouping::groups::update,
    "group/delete" => changes grouping::groups::delete,
    "group/assign" => changes grouping::groups::assign,
    "subuser/register" => changes subusers::calls::register,
    "subuser/list" => reads subusers::calls::list,
    "subuser/update" => changes subusers::calls::update,
    "subuser/delete" => changes subusers::calls::delete,
    "subuser/tracker/list" => reads subusers::trackers::list,
    "subuser/tracker/bind" => changes subusers::trackers::bind,
    "subuser/tracker/unbind" => changes subusers::trackers::unbind,
    "user/settings/read" => reads account::settings::read,
    "user/settings/update" => changes account::settings::update,
    "tracker/get_diagnostics" => reads tracker::readings::get_diagnostics,
    "tracker/get_fuel" => reads tracker::readings::get_fuel,
    "tracker/get_readings" => reads tracker::readings::get_readings,
    "tracker/get_inputs" => reads tracker::readings::get_inputs,
    "tracker/sensor/input_name/list" => reads tracker::input_names::list,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_calls_are_the_ones_that_change_nothing() {
        let reads: Vec<&str> = CALLS
            .iter()
            .filter(|(_, kind)| *kind == CallKind::Reads)
            .map(|(path, _)| *path)
            .collect();
        assert!(reads.contains(&"tracker/list") && reads.contains(&"track/read"));
        for changes in [
            "tracker/raw_command",
            "tracker/send_command",
            "tracker/location_request",
            "tag/create",
            "user/settings/update",
            "api/key/create",
            "tracker/register",
        ] {
            assert_eq!(CallKind::of(changes), CallKind::Changes, "{changes}");
        }
        assert_eq!(CallKind::of("no/such/call"), CallKind::Changes);
        assert_eq!(CallKind::of("tracker/get_states"), CallKind::Reads);
    }
}
