//! Seed 000's user commands: `CHECK_USER_EXISTS`, `GET_USERS`,
//! `GET_USERS_OBJECTS`, `ADD_USER`, `EDIT_USER`, `DEL_USER`,
//! `USER_SET_ACTIVITY`, `GET_USER_API_KEY`.

use serde_json::Value;
use trackgate_actors::now_ms;
use trackgate_store::{ApiKey, NewUser, Privilege, SecretDigest, StoreError, User};

use super::args::{Args, param, unchanged};
use super::commands::{conflict_as, ok, user};
use super::views::{self, Logins};
use super::{Reply, ServerError};
use crate::ApiState;
use crate::auth::PasswordError;
use crate::error::ServerKind;

const EMAIL: super::args::Param = param(1, "e-mail address");

/// Characters of generated passwords: letters and digits that cannot be
/// mistaken for one another when read from an e-mail.
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Length of generated passwords (about 70 bits).
const PASSWORD_LEN: usize = 12;

/// `CHECK_USER_EXISTS,email`: `true` or `false`.
pub fn check_user_exists(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let email = a.required(EMAIL)?;
    let exists = state.store.user_by_login(email)?.is_some();
    Ok(Reply::Text(exists.to_string()))
}

/// `GET_USERS`: every user, with how many objects its account shows.
pub fn get_users(state: &ApiState) -> Result<Reply, ServerError> {
    let trackers = state.store.trackers()?;
    let users = state.store.users()?;
    let logins = Logins::of(&users);
    let list = users
        .iter()
        .map(|u| {
            let objects = trackers
                .iter()
                .filter(|t| t.owner == Some(u.id) && !t.corrupted)
                .count();
            views::user(u, &logins, objects.into())
        })
        .collect();
    Ok(Reply::Json(Value::Array(list)))
}

/// `GET_USERS_OBJECTS`: every user with the objects its account shows
/// (clones with their source's device).
pub fn get_users_objects(state: &ApiState) -> Result<Reply, ServerError> {
    let trackers = state.store.trackers()?;
    let users = state.store.users()?;
    let logins = Logins::of(&users);
    let by_id: std::collections::HashMap<_, _> = trackers.iter().map(|t| (t.id, t)).collect();
    let list = users
        .iter()
        .map(|u| {
            let objects: Vec<Value> = trackers
                .iter()
                .filter(|t| t.owner == Some(u.id) && !t.corrupted)
                .filter_map(|t| {
                    let source = by_id.get(&t.source()).copied()?;
                    let mut object = views::object(t, source);
                    object["clone"] = t.clone_of.is_some().into();
                    Some(object)
                })
                .collect();
            views::user(u, &logins, Value::Array(objects))
        })
        .collect();
    Ok(Reply::Json(Value::Array(list)))
}

/// `ADD_USER,email,send_credentials[,password]`. The password is the
/// optional third parameter (a trackgate extension), else generated. With
/// `send_credentials` true the login and password are mailed through the
/// configured SMTP server: without one, nothing is created; if the server
/// does not take the message, the new user is deleted again.
pub fn add_user(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let email = a.email(EMAIL)?;
    let send = a.flag(param(2, "send credentials"), false)?;
    // The password is the rest of the command: it may hold commas.
    let given = a.0.get(2..).map(|rest| rest.join(",")).unwrap_or_default();
    let password = match given.as_str() {
        "" => generated_password(),
        short if short.len() < 6 => {
            return Err(param(3, "password").error("must have at least 6 characters"));
        }
        _ => given,
    };
    if send && !state.mail.is_configured() {
        return Err(ServerError::new(
            ServerKind::NotConfigured,
            "credentials cannot be sent: no SMTP server is configured ([smtp]); \
             the user was not created",
        ));
    }
    let password_hash = hash_password(state, &password)?;
    let created = state.store.create_user(NewUser {
        login: email.to_owned(),
        password_hash,
        created_ms: now_ms(),
    });
    let user = match created {
        Ok(user) => user,
        Err(StoreError::Conflict(_)) => return Err(ServerError::bad("user already exists")),
        Err(error) => return Err(error.into()),
    };
    if send && let Err(error) = state.mail.send_credentials(email, email, &password) {
        tracing::warn!(%error, login = email, "credentials not sent; the new user is removed");
        state.store.delete_user(user.id)?;
        return Err(ServerError::new(
            ServerKind::MailFailed,
            format!("the credentials could not be sent ({error}); the user was not created"),
        ));
    }
    tracing::info!(user = user.id.0, login = %user.login, sent = send, "user added");
    Ok(ok())
}

/// A fresh password of [`PASSWORD_LEN`] characters.
pub(crate) fn generated_password() -> String {
    random_text(PASSWORD_LEN)
}

/// `len` characters drawn from [`PASSWORD_ALPHABET`], each equally likely:
/// generated passwords and usernames.
pub(crate) fn random_text(len: usize) -> String {
    let mut out = String::with_capacity(len);
    // Bytes beyond the last whole multiple of the alphabet are drawn
    // again, so every character is equally likely.
    let fair = 256 - 256 % PASSWORD_ALPHABET.len();
    while out.len() < len {
        let byte = usize::from(rand::random::<u8>());
        if byte < fair {
            out.push(char::from(
                PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.len()],
            ));
        }
    }
    out
}

/// A password as the hashing threads take it: refused with 429 when every
/// thread is busy and the queue is full.
pub(crate) fn hash_password(state: &ApiState, password: &str) -> Result<String, ServerError> {
    state
        .auth
        .passwords
        .hash_blocking(password)
        .map_err(|error| match error {
            PasswordError::Busy => ServerError::new(ServerKind::Busy, "too many requests"),
            PasswordError::Failed(_) => ServerError::bad("password could not be hashed"),
        })
}

/// `EDIT_USER,email,username,new_email,privileges,manager_email`; `false`
/// leaves a field unchanged, a manager of `0` removes the manager. Every
/// parameter is checked before anything is written.
pub fn edit_user(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let store = &*state.store;
    let email = a.email(EMAIL)?;
    // Every parameter's form first, then what they name.
    let new_email = param(3, "e-mail address");
    let login = match a.text(new_email) {
        text if unchanged(text) => None,
        _ => Some(a.email(new_email)?),
    };
    let privileges = param(4, "privileges");
    let privilege = match a.text(privileges) {
        text if unchanged(text) => None,
        text => Some(
            Privilege::from_name(&text.to_ascii_lowercase())
                .ok_or_else(|| privileges.error("must be manager, user or viewer"))?,
        ),
    };
    let current = user(store, email)?;
    let mut changed = current.clone();
    let username = a.text(param(2, "username"));
    if !unchanged(username) {
        changed.username = Some(username.to_owned());
    }
    if let Some(login) = login {
        changed.login = login.to_owned();
    }
    if let Some(privilege) = privilege {
        changed.privilege = privilege;
    }
    let manager_param = param(5, "manager e-mail");
    match a.text(manager_param) {
        text if unchanged(text) => {}
        "0" => changed.manager = None,
        email => {
            let manager = store
                .user_by_login(email)?
                .ok_or_else(|| manager_param.error("names no user"))?;
            if manager.id == current.id {
                return Err(manager_param.error("cannot be the user itself"));
            }
            if manager.privilege != Privilege::Manager {
                return Err(manager_param.error("names a user who is not a manager"));
            }
            changed.manager = Some(manager.id);
        }
    }
    if current.privilege == Privilege::Manager
        && changed.privilege != Privilege::Manager
        && !store.managed_users(current.id)?.is_empty()
    {
        return Err(privileges.error(
            "cannot take the manager privilege while users are assigned to this manager: \
             assign them elsewhere first",
        ));
    }
    if changed == current {
        return Ok(ok());
    }
    store.update_user(&changed).map_err(|error| match error {
        StoreError::Conflict(_) if changed.login != current.login => {
            new_email.error("is another user's")
        }
        other => conflict_as(manager_param, other),
    })?;
    Ok(ok())
}

/// `DEL_USER,email`: the user with its sessions, API keys, sub-users, tags,
/// groups and clones; its own objects stay, unassigned, with their history;
/// users it managed lose their manager.
pub fn del_user(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let user = user(&*state.store, a.email(EMAIL)?)?;
    state.store.delete_user(user.id)?;
    tracing::info!(user = user.id.0, login = %user.login, "user deleted");
    Ok(ok())
}

/// `USER_SET_ACTIVITY,email,active,expire,expire_date`.
pub fn user_set_activity(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let email = a.email(EMAIL)?;
    let active = a.required_flag(param(2, "active"))?;
    let expires_ms = a.expiry(param(3, "expire"), param(4, "expire date"))?;
    let current = user(&*state.store, email)?;
    let changed = User {
        blocked: !active,
        expires_ms,
        ..current
    };
    state.store.update_user(&changed)?;
    Ok(ok())
}

/// `GET_USER_API_KEY,email`: the user's API key, the same on every call:
/// derived from the user's id (`UserKeys`), and registered (as its digest)
/// on the first call and whenever the user has deleted it.
pub fn get_user_api_key(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let store = &*state.store;
    let user = user(store, a.required(param(1, "user account e-mail"))?)?;
    let key = state.server.user_keys.key(user.id);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_and_from_the_alphabet() {
        let a = generated_password();
        assert_eq!(a.len(), PASSWORD_LEN);
        assert!(a.bytes().all(|b| PASSWORD_ALPHABET.contains(&b)));
        assert_ne!(a, generated_password());
    }
}
