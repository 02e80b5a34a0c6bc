//! Every Panel call in one table, [`ROUTES`], and [`dispatch`], which
//! serves them all.
//!
//! A route says what the call needs (seed 002 permissions, every one of
//! them: a missing one is 13), whether it needs a session, what `su`
//! means for it, and its parameters and answer, from which the OpenAPI
//! document is built. The permission check reads the table, so no call
//! can be served without it; a test walks the table.
//!
//! Every request under `/v2/panel/` goes through [`dispatch`]: it reads
//! the parameters and seed 004's conventions, finds the call (by path or
//! `func`), identifies the administrator, checks permissions and `su`,
//! runs the handler, and writes its answer in the format asked for.

use std::future::Future;
use std::pin::Pin;

use actix_web::{HttpRequest, HttpResponse, guard, web};
use serde_json::{Map, Value};

use super::call::{self, PanelCall};
use super::conventions::{Conventions, call_path};
use super::openapi::{docs, serve};
use super::{
    account, activation_codes, bundles, dealer, render, tariffs, tracker_changes, tracker_command,
    tracker_tariff, trackers, transactions, users,
};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::user::openapi::calls::{Param, Shape};
use crate::{methods, user};

/// A call's answer: the fields besides `success`.
pub type Answer = Result<Map<String, Value>, ApiError>;

/// A call's handler.
pub type Handler = fn(web::Data<ApiState>, PanelCall) -> Pin<Box<dyn Future<Output = Answer>>>;

/// Whether a call needs a session (or `authinfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `account/auth`: login and password, nothing else.
    Open,
    /// Every other call.
    Session,
}

/// What `su=<user login>` does to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsUser {
    /// It runs narrowed to that user (see [`PanelCall::as_user`]).
    Narrowed,
    /// A user could not make it: 13.
    Refused,
}

/// One Panel call.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The path after `/v2/panel/`.
    pub path: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// The permissions it needs, `(category, operation)`, all of them.
    pub needs: &'static [(&'static str, &'static str)],
    /// Whether it needs a session.
    pub access: Access,
    /// What `su` does to it.
    pub as_user: AsUser,
    /// Its parameters besides `hash` and the conventions.
    pub params: &'static [Param],
    /// The fields its success answer carries besides `success`.
    pub answer: &'static [(&'static str, Shape)],
    /// Its handler.
    pub handler: Handler,
}

/// A [`Handler`] from an `async fn(web::Data<ApiState>, PanelCall) -> Answer`.
macro_rules! handler {
    ($f:path) => {
        |state, call| Box::pin($f(state, call))
    };
}

/// A route; `needs` may be empty.
macro_rules! route {
    ($path:literal, $summary:literal, [$($cat:literal: $op:literal),*], $access:ident, $as_user:ident,
     $params:expr, $answer:expr, $f:path) => {
        Route {
            path: $path,
            summary: $summary,
            needs: &[$(($cat, $op)),*],
            access: Access::$access,
            as_user: AsUser::$as_user,
            params: $params,
            answer: $answer,
            handler: handler!($f),
        }
    };
}

/// Every Panel call.
pub const ROUTES: &[Route] = &[
    route!(
        "account/auth",
        "Logs an administrator in: a session hash and its permissions.",
        [],
        Open,
        Refused,
        docs::AUTH,
        docs::AUTH_ANSWER,
        account::auth
    ),
    route!(
        "account/logout",
        "Ends the calling session.",
        [],
        Session,
        Refused,
        &[],
        &[],
        account::logout
    ),
    route!(
        "account/get_permissions",
        "The calling administrator's permissions.",
        [],
        Session,
        Refused,
        &[],
        docs::PERMISSIONS_ANSWER,
        account::get_permissions
    ),
    route!("dealer/get_info", "The administrator's dealer.",
        ["base": "get_dealer_info"], Session, Narrowed, &[], docs::DEALER_ANSWER, dealer::get_info),
    route!("user/list", "The dealer's users, filtered, ordered and paged.",
        ["users": "read"], Session, Narrowed, docs::USER_LIST, docs::USER_LIST_ANSWER, users::list),
    route!("user/read", "One of the dealer's users.",
        ["users": "read"], Session, Narrowed, docs::USER_ID, docs::USER_READ_ANSWER, users::read),
    route!("user/create", "Creates a user of the dealer.",
        ["users": "create"], Session, Refused, docs::USER_CREATE, docs::ID_ANSWER, users::create),
    route!("user/update", "Changes one of the dealer's users.",
        ["users": "update"], Session, Refused, docs::USER_UPDATE, &[], users::update),
    route!("user/change_password", "Sets a user's password.",
        ["users": "update"], Session, Narrowed, docs::USER_PASSWORD, &[], users::change_password),
    route!("user/corrupt", "Deletes a user; its trackers are corrupted.",
        ["users": "delete"], Session, Refused, docs::USER_CORRUPT, &[], users::corrupt),
    route!("user/session/create", "A User API session hash for one of the dealer's users.",
        ["users": "update", "user_sessions": "create"], Session, Narrowed, docs::USER_ID,
        docs::HASH_ANSWER, users::create_session),
    route!("tariff/list", "The dealer's tariffs, filtered, ordered and paged.",
        ["tariffs": "read"], Session, Narrowed, docs::TARIFF_LIST, docs::TARIFF_LIST_ANSWER,
        tariffs::list),
    route!("tariff/read", "One of the dealer's tariffs.",
        ["tariffs": "read"], Session, Narrowed, docs::TARIFF_ID, docs::TARIFF_READ_ANSWER,
        tariffs::read),
    route!("tariff/create", "Creates a tariff of the dealer.",
        ["tariffs": "create"], Session, Refused, docs::TARIFF_CREATE, docs::ID_ANSWER,
        tariffs::create),
    route!("tariff/update", "Changes one of the dealer's tariffs.",
        ["tariffs": "update"], Session, Refused, docs::TARIFF_UPDATE, &[], tariffs::update),
    // Issue 15: tracker bundles and transactions.
    route!("tracker/bundle/list", "The dealer's tracker bundles, filtered, ordered and paged.",
        ["tracker_bundles": "read"], Session, Narrowed, docs::BUNDLE_LIST,
        docs::BUNDLE_LIST_ANSWER, bundles::list),
    route!("tracker/bundle/read", "One of the dealer's tracker bundles, by IMEI.",
        ["tracker_bundles": "read"], Session, Narrowed, docs::BUNDLE_READ,
        docs::BUNDLE_READ_ANSWER, bundles::read),
    route!("tracker/bundle/import", "Imports devices as bundles of the dealer, all or none.",
        ["tracker_bundles": "update"], Session, Refused, docs::BUNDLE_IMPORT, &[],
        bundles::import),
    route!("tracker/bundle/assign", "Gives a bundle its SIM, by ICCID.",
        ["tracker_bundles": "update"], Session, Refused, docs::BUNDLE_ASSIGN, &[],
        bundles::assign),
    route!("tracker/bundle/order/assign", "Puts a bundle in an order, or in none.",
        ["tracker_bundles": "update"], Session, Refused, docs::BUNDLE_ORDER, &[],
        bundles::assign_order),
    route!("user/transaction/list", "A user's transactions in a period.",
        ["users": "read", "transactions": "read"], Session, Narrowed, docs::TRANSACTION_LIST,
        docs::TRANSACTION_LIST_ANSWER, transactions::list),
    route!("user/transaction/change_balance", "Adds to or takes from a user's balance.",
        ["users": "update", "transactions": "create"], Session, Refused, docs::CHANGE_BALANCE,
        &[], transactions::change_balance),
    // Trackers (tracker/*, bundles aside).
    route!("tracker/list", "The trackers of the dealer's users, filtered, ordered and paged.",
        ["trackers": "read"], Session, Narrowed, docs::TRACKER_LIST, docs::TRACKER_LIST_ANSWER,
        trackers::list),
    route!("tracker/read", "One of the dealer's trackers.",
        ["trackers": "read"], Session, Narrowed, docs::TRACKER_ID, docs::TRACKER_READ_ANSWER,
        trackers::read),
    route!("tracker/move", "Gives a tracker to another of the dealer's users.",
        ["trackers": "create", "trackers": "delete"], Session, Refused, docs::TRACKER_MOVE, &[],
        tracker_changes::move_tracker),
    route!("tracker/settings/update", "Changes a tracker's label.",
        ["trackers": "update"], Session, Narrowed, docs::TRACKER_SETTINGS, &[],
        tracker_changes::update_settings),
    route!("tracker/source/update", "Blocks or unblocks a tracker, or changes its device id or phone.",
        ["trackers": "update"], Session, Refused, docs::TRACKER_SOURCE, &[],
        tracker_changes::update_source),
    route!("tracker/tariff/change", "Moves the tracker owner's account to another tariff.",
        ["trackers": "update", "transactions": "create", "tariffs": "read"], Session, Refused,
        docs::TRACKER_TARIFF, &[], tracker_tariff::change),
    route!("tracker/raw_command/send", "Sends a command in the device's own language.",
        ["trackers": "update"], Session, Narrowed, docs::TRACKER_RAW_COMMAND, &[],
        tracker_command::send),
    route!("dealer/activation_code/create", "Creates activation codes on one of the dealer's tariffs.",
        ["activation_code": "read", "activation_code": "create"], Session, Refused,
        docs::CODE_CREATE, docs::COUNT_ANSWER, activation_codes::create),
    route!("dealer/activation_code/list", "The dealer's activation codes, filtered, ordered and paged.",
        ["activation_code": "read"], Session, Refused, docs::CODE_LIST, docs::CODE_LIST_ANSWER,
        activation_codes::list),
    route!("dealer/activation_code/update", "Changes the tariff, bonus and free days of unused codes.",
        ["activation_code": "update"], Session, Refused, docs::CODE_UPDATE, docs::COUNT_ANSWER,
        activation_codes::update),
];

/// The route at `path`.
pub fn route(path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.path == path)
}

/// Registers the Panel API: its OpenAPI document, and every call through
/// [`dispatch`]. GET and POST only (405, code 112, otherwise).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/v2/panel/openapi.json")
            .route(web::get().to(serve))
            .default_service(methods::refuse(methods::GET_POST, user::wrong_method)),
    );
    for path in ["/v2/panel", "/v2/panel/{call:.*}"] {
        cfg.service(
            web::resource(path)
                .route(
                    web::route()
                        .guard(guard::Any(guard::Get()).or(guard::Post()))
                        .to(dispatch),
                )
                .default_service(methods::refuse(methods::GET_POST, user::wrong_method)),
        );
    }
}

/// Serves any Panel call; see the module docs.
pub async fn dispatch(
    state: web::Data<ApiState>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    // `out` and `lang` in the query string hold even when the body cannot be read.
    let query = Params::parse(&req, &[]).unwrap_or_default();
    let (conv, _) = Conventions::read(&query);
    let params = match Params::parse(&req, &body) {
        Ok(params) => params,
        Err(error) => return render::error(conv, &error),
    };
    let (conv, checked) = Conventions::read(&params);
    let answer = match checked {
        Ok(()) => serve_call(state, &req, params).await,
        Err(error) => Err(error),
    };
    match answer {
        Ok(fields) => render::success(conv, fields),
        Err(error) => render::error(conv, &error),
    }
}

async fn serve_call(state: web::Data<ApiState>, req: &HttpRequest, params: Params) -> Answer {
    let tail = req.path().strip_prefix("/v2/panel").unwrap_or("");
    let path = call_path(tail, &params)?;
    let route = route(&path).ok_or_else(|| ApiError::code(Code::WrongHandler))?;
    // The TCP peer: a forwarded-for header is whatever the client says.
    let peer = req.peer_addr().map(|addr| addr.ip());
    let su = params
        .opt_str("su")?
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    if route.access == Access::Open {
        if su.is_some() {
            return Err(ApiError::code(Code::OperationNotPermitted));
        }
        return account::log_in_answer(&state, &params, peer).await;
    }
    let (admin, session) = call::identify(&state, &params, peer).await?;
    call::permitted(&admin, route)?;
    let as_user = match su {
        Some(login) => Some(call::su(&state, &admin, route, &login).await?),
        None => None,
    };
    let call = PanelCall {
        params,
        admin,
        session,
        as_user,
    };
    (route.handler)(state, call).await
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use trackgate_store::PanelPermission;

    use super::*;

    #[test]
    fn every_route_names_seed_002_permissions_and_is_served_once() {
        let paths: BTreeSet<&str> = ROUTES.iter().map(|r| r.path).collect();
        assert_eq!(paths.len(), ROUTES.len(), "a path twice");
        for route in ROUTES {
            for (category, operation) in route.needs {
                assert!(
                    PanelPermission::named(category, operation).is_some(),
                    "{}: {category}: {operation} is not in seed 002",
                    route.path
                );
            }
            let open = route.path == "account/auth";
            assert_eq!(route.access == Access::Open, open, "{}", route.path);
            let own_session = route.path.starts_with("account/");
            assert!(
                own_session || !route.needs.is_empty(),
                "{} needs nothing",
                route.path
            );
        }
    }
}
