//! The Server API's commands. Parameters come in the seed's order.

use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{ApiKey, NewTracker, NewUser, SecretDigest, Store, StoreError, User};

use super::{Reply, ServerError};
use crate::ApiState;
use crate::auth::{PasswordError, Passwords};
use crate::error::ServerKind;
use crate::server::user_keys::UserKeys;
use crate::time::{format_date, format_datetime, parse_datetime};

/// Commands of seed 000 this version does not carry yet.
const LATER: &[&str] = &[
    "CHECK_USER_EXISTS",
    "GET_USERS_OBJECTS",
    "EDIT_USER",
    "DEL_USER",
    "USER_SET_ACTIVITY",
    "DEL_OBJECT",
    "DEL_USER_OBJECT",
    "OBJECT_SET_ACTIVITY",
    "ADD_USER_BILLING_PLAN",
];

/// Runs one command. Blocking (store calls, waiting for a password hash).
pub fn run(state: &ApiState, name: &str, args: &[String]) -> Result<Reply, ServerError> {
    let store = &*state.store;
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match name {
        "ADD_USER" => add_user(store, &state.auth.passwords, arg(0), arg(2)),
        "ADD_OBJECT" => add_object(store, arg(0), arg(1), arg(2), arg(3)),
        "ADD_USER_OBJECT" => add_user_object(store, arg(0), arg(1)),
        "GET_USER_API_KEY" => get_user_api_key(store, &state.server.user_keys, arg(0)),
        "GET_USERS" => get_users(store),
        "GET_OBJECTS" => get_objects(store),
        other if LATER.contains(&other) => Err(ServerError::new(
            ServerKind::NotAvailable,
            format!("command {other} is not available in this version"),
        )),
        other => Err(ServerError::bad(format!("unknown command {other}"))),
    }
}

fn ok() -> Reply {
    Reply::Text("OK".into())
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && email.len() <= 254
        && email.chars().all(|c| c.is_ascii_graphic())
}

/// `ADD_USER,email,send_credentials[,password]`. The optional third
/// parameter sets the user's password; without it a random one is set and
/// the user works through its API key. trackgate sends no e-mail.
fn add_user(
    store: &dyn Store,
    passwords: &Passwords,
    email: &str,
    password: &str,
) -> Result<Reply, ServerError> {
    if !valid_email(email) {
        return Err(ServerError::bad("a valid e-mail address is required"));
    }
    let password = if password.is_empty() {
        crate::random_token()
    } else {
        password.to_owned()
    };
    if password.len() < 6 {
        return Err(ServerError::bad("password must have at least 6 characters"));
    }
    let password_hash = passwords
        .hash_blocking(&password)
        .map_err(|error| match error {
            PasswordError::Busy => ServerError::new(ServerKind::Busy, "too many requests"),
            PasswordError::Failed(_) => ServerError::bad("password could not be hashed"),
        })?;
    let created = store.create_user(NewUser {
        login: email.to_owned(),
        password_hash,
        created_ms: now_ms(),
    });
    match created {
        Ok(user) => {
            tracing::info!(user = user.id.0, login = %user.login, "user added");
            Ok(ok())
        }
        Err(StoreError::Conflict(_)) => Err(ServerError::bad("user already exists")),
        Err(error) => Err(error.into()),
    }
}

/// `ADD_OBJECT,imei,name,expire,expire_date`.
fn add_object(
    store: &dyn Store,
    imei: &str,
    name: &str,
    expire: &str,
    date: &str,
) -> Result<Reply, ServerError> {
    if imei.is_empty() || imei.len() > 64 || !imei.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ServerError::bad(
            "a device id (IMEI) of 1 to 64 letters or digits is required",
        ));
    }
    let expires = match expire {
        "true" => {
            parse_datetime(date)
                .ok_or_else(|| ServerError::bad("expire date must be YYYY-MM-DD"))?;
            Some(date.to_owned())
        }
        "false" | "" => None,
        _ => return Err(ServerError::bad("expire must be true or false")),
    };
    let label = if name.is_empty() { imei } else { name };
    let created = store.create_tracker(NewTracker {
        device_id: imei.to_owned(),
        label: label.to_owned(),
        model: String::new(),
        owner: None,
        created_ms: now_ms(),
    });
    let mut tracker = match created {
        Ok(tracker) => tracker,
        Err(StoreError::Conflict(_)) => return Err(ServerError::bad("object already exists")),
        Err(error) => return Err(error.into()),
    };
    if expires.is_some() {
        tracker.expires = expires;
        store.update_tracker(&tracker)?;
    }
    tracing::info!(tracker = tracker.id.0, imei, "object added");
    Ok(ok())
}

fn user(store: &dyn Store, email: &str) -> Result<User, ServerError> {
    store
        .user_by_login(email)?
        .ok_or_else(|| ServerError::bad("user not found"))
}

/// `ADD_USER_OBJECT,email,imei`. An unassigned object becomes the user's; an
/// object of another user stays its owner's, and this user gets a clone of
/// it (the same device and data in its own account).
fn add_user_object(store: &dyn Store, email: &str, imei: &str) -> Result<Reply, ServerError> {
    let user = user(store, email)?;
    let mut tracker = store
        .tracker_by_device(imei)?
        .ok_or_else(|| ServerError::bad("object not found"))?;
    match tracker.owner {
        Some(owner) if owner == user.id => Ok(ok()),
        // The object is another user's: this user gets a clone of it (the
        // same device and data in its own account), once.
        Some(_) => {
            let has_clone = store
                .user_trackers(user.id)?
                .iter()
                .any(|t| t.clone_of == Some(tracker.id));
            if !has_clone {
                store.create_clone(tracker.id, user.id, now_ms())?;
            }
            Ok(ok())
        }
        None => {
            tracker.owner = Some(user.id);
            store.update_tracker(&tracker)?;
            Ok(ok())
        }
    }
}

/// `GET_USER_API_KEY,email`: the user's API key, the same on every call:
/// derived from the user's id ([`UserKeys`]), and registered (as its
/// digest) on the first call and whenever the user has deleted it.
fn get_user_api_key(store: &dyn Store, keys: &UserKeys, email: &str) -> Result<Reply, ServerError> {
    let user = user(store, email)?;
    let key = keys.key(user.id);
    let digest = SecretDigest::of(&key);
    match store.api_key(&digest)? {
        Some(found) if found.user == user.id => {}
        // Another user's: not while ids are never reused and the secret
        // is the gateway's own; refused rather than handed over.
        Some(_) => return Err(ServerError::bad("the user's key is taken")),
        None => store.put_api_key(&ApiKey {
            digest,
            user: user.id,
            created_ms: now_ms(),
            title: "Server API".into(),
        })?,
    }
    Ok(Reply::Text(key))
}

fn get_users(store: &dyn Store) -> Result<Reply, ServerError> {
    let trackers = store.trackers()?;
    let users: Vec<Value> = store
        .users()?
        .iter()
        .map(|u| {
            json!({
                "id": u.id.0,
                "email": u.login,
                "active": !u.blocked,
                "created": format_datetime(u.created_ms),
                "objects": trackers
                    .iter()
                    .filter(|t| t.owner == Some(u.id) && !t.corrupted)
                    .count(),
            })
        })
        .collect();
    Ok(Reply::Json(Value::Array(users)))
}

fn get_objects(store: &dyn Store) -> Result<Reply, ServerError> {
    let users = store.users()?;
    // An object is a device: a clone shows it in another account and a
    // corrupted tracker is deleted, so neither is listed.
    let objects: Vec<Value> = store
        .trackers()?
        .iter()
        .filter(|t| t.clone_of.is_none() && !t.corrupted)
        .map(|t| {
            let owner = t
                .owner
                .and_then(|o| users.iter().find(|u| u.id == o))
                .map(|u| u.login.clone());
            json!({
                "id": t.id.0,
                "imei": t.device_id,
                "name": t.label,
                "protocol": t.model,
                "active": !t.blocked,
                "expire": t.expires.is_some(),
                "expire_dt": t.expires,
                "created": format_date(t.created_ms),
                "user": owner,
            })
        })
        .collect();
    Ok(Reply::Json(Value::Array(objects)))
}
