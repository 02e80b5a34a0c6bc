//! Sub-users: `subuser/register`, `subuser/list`, `subuser/update`,
//! `subuser/delete` (their trackers: [`super::trackers`]).
//!
//! A sub-user is a user of its own: it logs in with `user/auth` and holds
//! its own sessions and API keys, but works on its master's account (see
//! [`crate::user::scope`]). Every `subuser/*` call is for the master only
//! (`admin`: 13 for a sub-user). Rights are given per sub-user, in the
//! sub-user object's `rights` (Navixy's right names); `security_group_id`
//! is always null. Deleting a sub-user deletes its sessions and keys.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{NewUser, StoreError, SubUser, SubUserLink, User, UserId};

use super::rights::Right;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::time::DateTime;
use crate::user::account::auth::UserCall;
use crate::user::fields;
use crate::user::success;

/// The sub-user object's descriptive fields, all strings.
pub const PROFILE_FIELDS: [&str; 19] = [
    "first_name",
    "middle_name",
    "last_name",
    "legal_type",
    "phone",
    "post_country",
    "post_index",
    "post_region",
    "post_city",
    "post_street_address",
    "registered_country",
    "registered_index",
    "registered_region",
    "registered_city",
    "registered_street_address",
    "state_reg_num",
    "tin",
    "legal_name",
    "iec",
];
/// The longest descriptive field or login, in characters.
const MAX_FIELD: usize = 255;

/// The master's sub-user with `id`, or 201.
pub(super) fn own_subuser(state: &ApiState, call: &UserCall, id: u64) -> Result<SubUser, ApiError> {
    state
        .store
        .subuser(UserId(id))?
        .filter(|sub| sub.link.master == call.scope.account)
        .ok_or_else(|| ApiError::code(Code::NotFound))
}

/// The sub-user object.
fn view(user: &User, sub: &SubUser) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(user.id.0));
    object.insert("activated".into(), json!(!user.blocked));
    object.insert("login".into(), json!(user.login));
    for name in PROFILE_FIELDS {
        let value = sub.link.profile.get(name).map_or("", String::as_str);
        let value = if name == "legal_type" && value.is_empty() {
            "individual"
        } else {
            value
        };
        object.insert(name.into(), json!(value));
    }
    object.insert("security_group_id".into(), Value::Null);
    object.insert(
        "creation_date".into(),
        json!(DateTime(user.created_ms).to_string()),
    );
    object.insert("rights".into(), json!(sub.link.rights));
    Value::Object(object)
}

/// What a `user` object sets: `None` for what it leaves out.
#[derive(Debug, Default, PartialEq)]
struct Fields {
    login: Option<String>,
    activated: Option<bool>,
    rights: Option<BTreeSet<String>>,
    profile: BTreeMap<String, String>,
}

/// Reads and checks a `user` object.
fn fields(object: &Map<String, Value>) -> Result<Fields, ApiError> {
    let mut out = Fields::default();
    if let Some(login) = object.get("login").filter(|v| !v.is_null()) {
        let login = fields::text(Some(login), "user.login")?.trim();
        if !valid_email(login) {
            return Err(ApiError::invalid("user.login", "must be an e-mail address"));
        }
        out.login = Some(login.to_owned());
    }
    out.activated = match object.get("activated") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(ApiError::invalid("user.activated", "must be true or false")),
    };
    match object.get("security_group_id") {
        None | Some(Value::Null) => {}
        // No security groups exist, so every id names a missing one.
        Some(_) => return Err(ApiError::code(Code::NotFound)),
    }
    if let Some(rights) = object.get("rights").filter(|v| !v.is_null()) {
        let bad = || ApiError::invalid("user.rights", "must be an array of right names but admin");
        let items = rights.as_array().ok_or_else(bad)?;
        let mut names = BTreeSet::new();
        for item in items {
            let right = item.as_str().and_then(Right::from_name).ok_or_else(bad)?;
            if right == Right::Admin {
                return Err(bad());
            }
            names.insert(right.name().to_owned());
        }
        out.rights = Some(names);
    }
    for name in PROFILE_FIELDS {
        let Some(value) = object.get(name).filter(|v| !v.is_null()) else {
            continue;
        };
        let param = format!("user.{name}");
        let text = fields::text(Some(value), &param)?.trim();
        check_profile(name, text).map_err(|why| ApiError::invalid(&param, why))?;
        out.profile.insert(name.to_owned(), text.to_owned());
    }
    Ok(out)
}

/// Checks one descriptive field's value.
fn check_profile(name: &str, text: &str) -> Result<(), &'static str> {
    if text.chars().count() > MAX_FIELD || text.chars().any(char::is_control) {
        return Err("must be at most 255 printable characters");
    }
    match name {
        "legal_type" if !["legal_entity", "individual", "sole_trader"].contains(&text) => {
            Err("must be legal_entity, individual or sole_trader")
        }
        "phone"
            if !text.is_empty()
                && (!(10..=15).contains(&text.len())
                    || !text.bytes().all(|b| b.is_ascii_digit())) =>
        {
            Err("must be 10 to 15 digits")
        }
        "state_reg_num" if text.chars().count() > 15 => Err("must be at most 15 characters"),
        _ => Ok(()),
    }
}

fn valid_email(login: &str) -> bool {
    let Some((local, domain)) = login.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && login.len() <= MAX_FIELD
        && !login.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// 206 for a taken login; other store errors as usual.
fn login_taken(error: StoreError) -> ApiError {
    match error {
        StoreError::Conflict(_) => ApiError::code(Code::LoginAlreadyInUse),
        other => other.into(),
    }
}

/// `subuser/register`: `user` (the sub-user object without `id`) and
/// `password` (6 to 20 characters); answers the new sub-user's `id`.
pub async fn register(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let password = match call.params.raw("password") {
        Some(Value::Number(n)) => n.to_string(),
        other => fields::text(other, "password")?.to_owned(),
    };
    if !(6..=20).contains(&password.chars().count()) {
        return Err(ApiError::invalid("password", "must be 6 to 20 characters"));
    }
    let object = fields::object_param(&call.params, "user")?;
    let fields = fields(&object)?;
    let login = fields
        .login
        .ok_or_else(|| ApiError::invalid("user.login", "required"))?;
    let link = SubUserLink {
        master: call.scope.account,
        rights: fields.rights.unwrap_or_default(),
        profile: fields.profile,
    };
    let blocked = !fields.activated.unwrap_or(true);
    let password_hash = state.auth.passwords.hash(&password).await?;
    let store = state.store.clone();
    let sub = web::block(move || -> Result<SubUser, ApiError> {
        let new = NewUser {
            login,
            password_hash,
            created_ms: now_ms(),
        };
        store
            .create_subuser(new, blocked, link)
            .map_err(login_taken)
    })
    .await??;
    Ok(success(json!({ "id": sub.id.0 })))
}

/// `subuser/list`: the master's sub-users.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let mut list = Vec::new();
    for sub in state.store.master_subusers(call.scope.account)? {
        if let Some(user) = state.store.user(sub.id)? {
            list.push(view(&user, &sub));
        }
    }
    Ok(success(json!({ "list": list })))
}

/// `subuser/update`: `user` with its `id`; the fields it gives replace the
/// stored ones, those it leaves out stay. 201 for an unknown sub-user.
pub async fn update(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let object = fields::object_param(&call.params, "user")?;
    let id = fields::id(object.get("id"), "user.id")?;
    let fields = fields(&object)?;
    let mut sub = own_subuser(&state, &call, id)?;
    let mut user = state
        .store
        .user(sub.id)?
        .ok_or_else(|| ApiError::code(Code::NotFound))?;
    user.login = fields.login.unwrap_or(user.login);
    user.blocked = fields.activated.map_or(user.blocked, |a| !a);
    if let Some(rights) = fields.rights {
        sub.link.rights = rights;
    }
    sub.link.profile.extend(fields.profile);
    let store = state.store.clone();
    web::block(move || -> Result<(), ApiError> {
        store.update_user(&user).map_err(login_taken)?;
        store.update_subuser(&sub)?;
        Ok(())
    })
    .await??;
    Ok(success(json!({})))
}

/// `subuser/delete`: `subuser_id`; its sessions and API keys go with it.
pub async fn delete(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::Admin)?;
    let sub = own_subuser(&state, &call, fields::id_param(&call.params, "subuser_id")?)?;
    let store = state.store.clone();
    web::block(move || store.delete_user(sub.id)).await??;
    Ok(success(json!({})))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().expect("an object")
    }

    #[test]
    fn user_objects_are_read_and_checked() {
        let read = fields(&object(json!({
            "login": " ann@example.com ", "activated": false, "security_group_id": null,
            "rights": ["tracker_configure", "tag_update", "tag_update"],
            "first_name": "Ann", "phone": "491761234567", "legal_type": "sole_trader",
            "unknown": "ignored",
        })))
        .expect("valid");
        assert_eq!(read.login.as_deref(), Some("ann@example.com"));
        assert_eq!(read.activated, Some(false));
        assert_eq!(read.rights.expect("rights").len(), 2);
        assert_eq!(read.profile.len(), 3);
        assert_eq!(
            fields(&object(json!({}))).expect("empty"),
            Fields::default()
        );

        for (bad, param) in [
            (json!({"login": "no-at-sign"}), "user.login"),
            (json!({"login": "a@b"}), "user.login"),
            (json!({"activated": "yes"}), "user.activated"),
            (json!({"rights": ["admin"]}), "user.rights"),
            (json!({"rights": ["fly"]}), "user.rights"),
            (json!({"rights": "tag_update"}), "user.rights"),
            (json!({"phone": "12ab"}), "user.phone"),
            (json!({"legal_type": "company"}), "user.legal_type"),
            (
                json!({"state_reg_num": "1".repeat(16)}),
                "user.state_reg_num",
            ),
            (json!({"tin": 5}), "user.tin"),
        ] {
            let error = fields(&object(bad)).expect_err(param);
            assert_eq!(error.errors[0].parameter, param);
        }
        let group = fields(&object(json!({"security_group_id": 3}))).expect_err("no groups");
        assert_eq!(group.code, 201);
    }
}
