//! The Server API's REST administration (seed 001):
//! `/api/<entity>/<action>`, the key in the `api_key` field or as the
//! fourth segment of the path (`/api/line/new/KEY`).
//!
//! A call passes the same gate as the command API, in the same order: the
//! caller's address must be on the allow-list before anything else is
//! looked at; an address over its limit of wrong keys is refused; then the
//! action is found (404 for none, 405 for a method it does not take), its
//! fields read (the query string, then the body: a PHP form, nested as PHP
//! nests `data[...]` fields, or a JSON object), and the key compared as a
//! digest in constant time. Every call is written to the audit log before
//! it is answered, without the key or any password.
//!
//! Answers are `{"result":true, ...}` and `{"result":false,"error":"..."}`
//! ([`reply`]). docs/server-api.md describes every action.
//!
//! # Layout
//!
//! - [`form`]: PHP's nested form fields; [`fields`]: reading them, errors
//!   naming them; [`reply`]: the answers.
//! - The actions by entity: [`lines`] (user accounts), [`mags`] (trackers by
//!   hardware id), [`admins`] (Panel API accounts), [`resellers`],
//!   [`servers`] (gateway nodes), [`streams`] (trackers' data streams);
//!   [`views`]: how accounts, trackers and connections are written.

pub mod admins;
pub mod fields;
pub mod form;
pub mod lines;
pub mod mags;
pub mod reply;
pub mod resellers;
pub mod servers;
pub mod streams;
pub mod views;

use std::net::IpAddr;

use actix_web::http::Method;
use actix_web::http::header::{ALLOW, CONTENT_TYPE, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Map, Value};

use self::fields::Call;
use self::reply::Answer;
use super::{ServerError, admit, audit, check_key};
use crate::ApiState;
use crate::error::ServerKind;

/// The methods an action takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbs {
    /// POST only: seed 001 sends these as forms.
    Post,
    /// GET, and POST too: seed 001 says "no POST action is required".
    GetPost,
}

impl Verbs {
    fn allow(self) -> &'static str {
        match self {
            Verbs::Post => "POST",
            Verbs::GetPost => "GET, POST",
        }
    }

    fn takes(self, method: &Method) -> bool {
        *method == Method::POST || (self == Verbs::GetPost && *method == Method::GET)
    }
}

/// What an action does with its call. Blocking: it runs on the blocking
/// pool (store calls, password hashing, waiting for a session to end).
pub type Run = fn(&ApiState, &Call) -> Result<Answer, ServerError>;

/// One action: `/api/<entity>/<action>`.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    /// Seed 001's entity.
    pub entity: &'static str,
    /// The action on it.
    pub action: &'static str,
    /// The methods it takes.
    pub verbs: Verbs,
    /// What it does.
    pub run: Run,
}

const fn action(entity: &'static str, action: &'static str, verbs: Verbs, run: Run) -> Action {
    Action {
        entity,
        action,
        verbs,
        run,
    }
}

/// Every action, by entity in seed 001's order.
pub const ACTIONS: &[Action] = &[
    action("line", "new", Verbs::Post, lines::new),
    action("line", "update", Verbs::Post, lines::update),
    action("line", "delete", Verbs::Post, lines::delete),
    action("line", "info", Verbs::Post, lines::info),
    action("mag", "new", Verbs::Post, mags::new),
    action("mag", "update", Verbs::Post, mags::update),
    action("mag", "delete", Verbs::Post, mags::delete),
    action("mag", "info", Verbs::Post, mags::info),
    action("administrators", "new", Verbs::Post, admins::new),
    action("administrators", "update", Verbs::Post, admins::update),
    action("administrators", "list", Verbs::Post, admins::list),
    action("servers", "list", Verbs::GetPost, servers::list),
    action("servers", "info", Verbs::GetPost, servers::info),
    action("servers", "update", Verbs::Post, servers::update),
    action("streams", "online", Verbs::GetPost, streams::online),
    action("streams", "offline", Verbs::GetPost, streams::offline),
    action("streams", "enable", Verbs::GetPost, streams::enable),
    action("streams", "disable", Verbs::GetPost, streams::disable),
    action("resellers", "new", Verbs::Post, resellers::new),
    action("resellers", "update", Verbs::Post, resellers::update),
    action(
        "resellers",
        "add_credits",
        Verbs::Post,
        resellers::add_credits,
    ),
    action("resellers", "list", Verbs::Post, resellers::list),
];

/// Registers `/api/<entity>/<action>` and `/api/<entity>/<action>/<key>`,
/// every method (the action decides which it takes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/{entity}/{action}").route(web::route().to(rest)))
        .service(web::resource("/api/{entity}/{action}/{key}").route(web::route().to(rest)));
}

/// The action at `entity`/`action`, if there is one.
pub fn find(entity: &str, name: &str) -> Option<&'static Action> {
    ACTIONS
        .iter()
        .find(|a| a.entity == entity && a.action == name)
}

async fn rest(state: web::Data<ApiState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    // The TCP peer: a forwarded-for header is whatever the client says.
    let peer = req.peer_addr().map(|addr| addr.ip());
    let mut command = String::new();
    let outcome = answer(&state, &req, &body, peer, &mut command).await;
    let (response, result) = match outcome {
        Ok(answer) => (answer.response(), "OK".to_owned()),
        Err(refused) => {
            let mut response = refused.error.rest_response();
            if let Some(allow) = refused.allow {
                response
                    .headers_mut()
                    .insert(ALLOW, HeaderValue::from_static(allow));
            }
            (response, format!("ERROR: {}", refused.error.reason()))
        }
    };
    let entry = audit::entry(peer, command, response.status().as_u16(), result);
    audit::write(&state, entry).await;
    response
}

/// A refused call: the error, and for a method the action does not take,
/// the methods it does.
struct Refused {
    error: ServerError,
    allow: Option<&'static str>,
}

impl From<ServerError> for Refused {
    fn from(error: ServerError) -> Self {
        Self { error, allow: None }
    }
}

/// Checks the call (see the module docs) and runs its action. `command`
/// receives the call as the audit log keeps it, once it is read.
async fn answer(
    state: &web::Data<ApiState>,
    req: &HttpRequest,
    body: &[u8],
    peer: Option<IpAddr>,
    command: &mut String,
) -> Result<Answer, Refused> {
    let attempt = admit(state, peer)?;
    let info = req.match_info();
    let (entity, name) = (
        info.get("entity").unwrap_or(""),
        info.get("action").unwrap_or(""),
    );
    let path = format!("{entity}/{name}");
    *command = path.clone();
    let Some(action) = find(entity, name) else {
        return Err(ServerError::new(
            ServerKind::UnknownAction,
            format!("unknown action {path}: docs/server-api.md lists them"),
        )
        .into());
    };
    if !action.verbs.takes(req.method()) {
        return Err(Refused {
            error: ServerError::new(ServerKind::MethodNotAllowed, "method not allowed"),
            allow: Some(action.verbs.allow()),
        });
    }
    let call = read_call(req, body)?;
    *command = audit::recorded_rest_call(&path, call.fields());
    let key = match info.get("key") {
        Some(key) => key.to_owned(),
        None => call.top("api_key").text()?.flatten().unwrap_or_default(),
    };
    check_key(state, attempt, &key, peer)?;
    let state = state.clone();
    let run = action.run;
    web::block(move || run(&state, &call))
        .await
        .map_err(|_| ServerError::new(ServerKind::StorageFailure, "internal failure"))?
        .map_err(Refused::from)
}

/// The call's fields: the query string's, then the body's (a JSON object,
/// or a form), a body field replacing a query field of the same name.
fn read_call(req: &HttpRequest, body: &[u8]) -> Result<Call, ServerError> {
    let malformed =
        |why: &dyn std::fmt::Display| ServerError::bad(format!("malformed request: {why}"));
    let mut fields: Map<String, Value> =
        form::parse(req.query_string().as_bytes()).map_err(|e| malformed(&e))?;
    if !body.is_empty() {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/json"));
        let body_fields = if is_json {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(object)) => object,
                Ok(_) => return Err(malformed(&"the JSON body is not an object")),
                Err(error) => return Err(malformed(&error)),
            }
        } else {
            form::parse(body).map_err(|e| malformed(&e))?
        };
        fields.extend(body_fields);
    }
    Ok(Call::new(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/server-api.md describes every action.
    #[test]
    fn every_action_is_documented() {
        let doc = include_str!("../../../../docs/server-api.md");
        for a in ACTIONS {
            let heading = format!("\n### {}/{}\n", a.entity, a.action);
            assert!(
                doc.contains(&heading),
                "docs/server-api.md has no section for {}/{}",
                a.entity,
                a.action
            );
        }
    }

    #[test]
    fn actions_are_unique() {
        for (n, a) in ACTIONS.iter().enumerate() {
            assert!(
                ACTIONS[..n]
                    .iter()
                    .all(|b| (b.entity, b.action) != (a.entity, a.action)),
                "{}/{} twice",
                a.entity,
                a.action
            );
        }
    }
}
