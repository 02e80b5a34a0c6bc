//! The Server API's commands: the fifteen of seed 000, and trackgate's
//! extensions, each dispatched to the module of the entity it works on.

use trackgate_store::{Store, StoreError, User};

use super::args::{Args, Param};
use super::{Reply, ServerError, audit, objects, plans, users};
use crate::ApiState;

/// Seed 000's commands, in its order.
pub const SEED_COMMANDS: [&str; 15] = [
    "CHECK_USER_EXISTS",
    "GET_USERS",
    "GET_USERS_OBJECTS",
    "ADD_USER",
    "EDIT_USER",
    "DEL_USER",
    "USER_SET_ACTIVITY",
    "GET_OBJECTS",
    "ADD_OBJECT",
    "DEL_OBJECT",
    "ADD_USER_OBJECT",
    "DEL_USER_OBJECT",
    "OBJECT_SET_ACTIVITY",
    "ADD_USER_BILLING_PLAN",
    "GET_USER_API_KEY",
];

/// trackgate's own commands (docs/server-api.md, "Extensions").
pub const EXTENSIONS: [&str; 5] = [
    "ADD_BILLING_PLAN",
    "EDIT_BILLING_PLAN",
    "DEL_BILLING_PLAN",
    "GET_BILLING_PLANS",
    "GET_AUDIT_LOG",
];

/// Runs one command. Blocking (store calls, password hashing, mail).
pub fn run(state: &ApiState, name: &str, args: &[String]) -> Result<Reply, ServerError> {
    let a = Args(args);
    match name {
        "CHECK_USER_EXISTS" => users::check_user_exists(state, a),
        "GET_USERS" => users::get_users(state),
        "GET_USERS_OBJECTS" => users::get_users_objects(state),
        "ADD_USER" => users::add_user(state, a),
        "EDIT_USER" => users::edit_user(state, a),
        "DEL_USER" => users::del_user(state, a),
        "USER_SET_ACTIVITY" => users::user_set_activity(state, a),
        "GET_OBJECTS" => objects::get_objects(state),
        "ADD_OBJECT" => objects::add_object(state, a),
        "DEL_OBJECT" => objects::del_object(state, a),
        "ADD_USER_OBJECT" => objects::add_user_object(state, a),
        "DEL_USER_OBJECT" => objects::del_user_object(state, a),
        "OBJECT_SET_ACTIVITY" => objects::object_set_activity(state, a),
        "ADD_USER_BILLING_PLAN" => plans::add_user_billing_plan(state, a),
        "GET_USER_API_KEY" => users::get_user_api_key(state, a),
        "ADD_BILLING_PLAN" => plans::add_billing_plan(state, a),
        "EDIT_BILLING_PLAN" => plans::edit_billing_plan(state, a),
        "DEL_BILLING_PLAN" => plans::del_billing_plan(state, a),
        "GET_BILLING_PLANS" => plans::get_billing_plans(state),
        "GET_AUDIT_LOG" => audit::get_audit_log(state, a),
        other => Err(ServerError::bad(format!("unknown command {other}"))),
    }
}

/// The plain-text success answer.
pub(super) fn ok() -> Reply {
    Reply::Text("OK".into())
}

/// The user whose login is `email`; `user not found` otherwise.
pub(super) fn user(store: &dyn Store, email: &str) -> Result<User, ServerError> {
    store
        .user_by_login(email)?
        .ok_or_else(|| ServerError::bad("user not found"))
}

/// A store conflict as the caller's mistake, in the store's words; other
/// failures as they are.
pub(super) fn conflict_as(param: Param, error: StoreError) -> ServerError {
    match error {
        StoreError::Conflict(why) => param.error(&format!("cannot be set: {why}")),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/server-api.md describes every command trackgate answers.
    #[test]
    fn every_command_is_documented() {
        let doc = include_str!("../../../docs/server-api.md");
        for name in SEED_COMMANDS.iter().chain(&EXTENSIONS) {
            assert!(
                doc.contains(&format!("\n### {name}\n")),
                "docs/server-api.md has no section for {name}"
            );
        }
    }
}
