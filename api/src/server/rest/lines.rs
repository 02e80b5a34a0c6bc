//! `line`: seed 001's lines are trackgate's user accounts. `new`, `update`,
//! `delete`, `info`.
//!
//! A line's fields, as `data[...]`: `username` (the login), `password`,
//! `max_allowed_connections` (trackers the account may hold, besides its
//! plan's limit), `expire_date`, `disabled`, `subscription_plan_id` (its
//! billing plan), `reseller_id`, `allowed_ips` (where the account may be
//! used from) and `notes`. Seed 001's product has more (`restreamer`,
//! `allowed_user_agents`, `server_id`, `isp_lock`, `bouquet`, `is_trial`),
//! which mean nothing for trackers: they are taken and ignored, so its
//! clients work unchanged. Any other field is refused, named.

use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{DealerId, NewUser, PlanId, StoreError, User};

use super::fields::{Call, Data, Field, Given};
use super::reply::Answer;
use super::views::{connection, flag, unix, unix_or_null};
use crate::ApiState;
use crate::error::ServerKind;
use crate::server::ServerError;
use crate::server::access::AllowList;
use crate::server::users::{generated_password, hash_password, random_text};

/// The fields a line takes.
const KNOWN: &[&str] = &[
    "username",
    "password",
    "max_allowed_connections",
    "expire_date",
    "disabled",
    "subscription_plan_id",
    "reseller_id",
    "allowed_ips",
    "notes",
];

/// Seed 001's fields that mean nothing for trackers: taken, ignored.
pub(super) const IGNORED: &[&str] = &[
    "restreamer",
    "allowed_user_agents",
    "server_id",
    "isp_lock",
    "bouquet",
    "is_trial",
];

/// Seed 001's answer for a line that does not exist (or a wrong password).
const NOT_FOUND: &str = "Wrong Username/Password.";

/// Characters of a generated username.
const USERNAME_LEN: usize = 10;
/// Characters a username may have.
const MAX_USERNAME_CHARS: usize = 128;
/// Characters a password must have at least.
const MIN_PASSWORD_CHARS: usize = 6;

/// A line's settings as a call gives them (see [`Given`]).
#[derive(Debug, Default)]
struct Settings {
    tracker_limit: Given<u32>,
    expires_ms: Given<i64>,
    blocked: Given<bool>,
    plan: Given<PlanId>,
    dealer: Given<DealerId>,
    allowed_ips: Given<Vec<String>>,
    notes: Given<String>,
}

impl Settings {
    /// Reads and checks every setting of `data`, and that the plan and
    /// reseller it names exist.
    fn read(state: &ApiState, data: &Data) -> Result<Self, ServerError> {
        let store = &*state.store;
        let plan_field = data.field("subscription_plan_id");
        let plan = plan_field.id()?;
        if let Some(Some(id)) = plan
            && store.plan(PlanId(id))?.is_none()
        {
            return Err(plan_field.error("names no billing plan"));
        }
        let dealer_field = data.field("reseller_id");
        let dealer = dealer_field.id()?;
        if let Some(Some(id)) = dealer
            && store.dealer(DealerId(id))?.is_none()
        {
            return Err(dealer_field.error("names no reseller"));
        }
        Ok(Self {
            tracker_limit: data.field("max_allowed_connections").limit()?,
            expires_ms: data.field("expire_date").time()?,
            blocked: data.field("disabled").flag()?,
            plan: plan.map(|id| id.map(PlanId)),
            dealer: dealer.map(|id| id.map(DealerId)),
            allowed_ips: allowed_ips(data.field("allowed_ips"))?,
            notes: data.field("notes").text()?,
        })
    }

    /// `user` with these settings: a field left out stays, an empty one
    /// takes its default.
    fn apply(self, user: &mut User) {
        fn set<T: Default>(target: &mut T, given: Given<T>) {
            if let Some(value) = given {
                *target = value.unwrap_or_default();
            }
        }
        if let Some(limit) = self.tracker_limit {
            user.tracker_limit = limit;
        }
        if let Some(at) = self.expires_ms {
            user.expires_ms = at;
        }
        if let Some(plan) = self.plan {
            user.plan = plan;
        }
        if let Some(dealer) = self.dealer {
            user.dealer = dealer;
        }
        set(&mut user.blocked, self.blocked);
        set(&mut user.allowed_ips, self.allowed_ips);
        set(&mut user.notes, self.notes);
    }
}

/// Addresses and CIDR ranges, each checked.
fn allowed_ips(field: Field<'_>) -> Result<Given<Vec<String>>, ServerError> {
    let given = field.list()?;
    if let Some(Some(entries)) = &given {
        for (n, entry) in entries.iter().enumerate() {
            if AllowList::parse(&[entry]).is_err() {
                return Err(ServerError::bad(format!(
                    "{}[{n}] must be an IP address or a CIDR range, not {entry:?}",
                    field.name()
                )));
            }
        }
    }
    Ok(given.map(|entries| entries.map(|e| e.iter().map(|s| s.trim().to_owned()).collect())))
}

/// A username the call sets: 1 to 128 printable characters, no spaces.
fn username(field: Field<'_>) -> Result<Given<String>, ServerError> {
    let given = field.text()?;
    if let Some(Some(name)) = &given
        && (name.chars().count() > MAX_USERNAME_CHARS
            || !name.chars().all(|c| !c.is_whitespace() && !c.is_control()))
    {
        return Err(field.error(&format!(
            "must be 1 to {MAX_USERNAME_CHARS} characters, without spaces"
        )));
    }
    Ok(given)
}

/// A password the call sets: at least 6 characters.
fn password(field: Field<'_>) -> Result<Given<String>, ServerError> {
    let given = field.text()?;
    if let Some(Some(password)) = &given
        && password.chars().count() < MIN_PASSWORD_CHARS
    {
        return Err(field.error(&format!(
            "must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    Ok(given)
}

/// A store refusal of a line's write as the caller's mistake.
fn refused_write(error: StoreError) -> ServerError {
    match error {
        StoreError::Conflict(why) | StoreError::NotFound(why) => {
            ServerError::bad(format!("the line cannot be written: {why}"))
        }
        other => other.into(),
    }
}

/// `line/new`: a user account. An empty username or password is
/// generated; both are answered once, with the new id.
pub fn new(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let data = call.data()?;
    data.check_names(KNOWN, IGNORED, "a line")?;
    let name = username(data.field("username"))?
        .flatten()
        .unwrap_or_else(|| random_text(USERNAME_LEN));
    let secret = password(data.field("password"))?
        .flatten()
        .unwrap_or_else(generated_password);
    let settings = Settings::read(state, &data)?;
    if store.user_by_login(&name)?.is_some() {
        return Err(ServerError::bad("Username exists."));
    }
    let password_hash = hash_password(state, &secret)?;
    let created = store.create_user(NewUser {
        login: name.clone(),
        password_hash,
        created_ms: now_ms(),
    });
    let mut user = match created {
        Ok(user) => user,
        Err(StoreError::Conflict(_)) => return Err(ServerError::bad("Username exists.")),
        Err(error) => return Err(error.into()),
    };
    settings.apply(&mut user);
    if let Err(error) = store.update_user(&user) {
        // Not half made: the account goes again.
        store.delete_user(user.id)?;
        return Err(refused_write(error));
    }
    tracing::info!(user = user.id.0, login = %user.login, "line added");
    Ok(Answer::ok()
        .with("created_id", user.id.0)
        .with("username", name)
        .with("password", secret))
}

/// The line named by the top-level `username`; with a top-level
/// `password`, it must be the line's.
fn line(state: &ApiState, call: &Call) -> Result<User, ServerError> {
    let name = call.top("username").required()?;
    let user = state.store.user_by_login(&name)?;
    if let Some(given) = call.top("password").text()?.flatten() {
        let stored = user.as_ref().map(|u| u.password_hash.as_str());
        let matches = state
            .auth
            .passwords
            .verify_blocking(stored, &given)
            .map_err(|_| ServerError::new(ServerKind::Busy, "too many requests"))?;
        if !matches {
            return Err(ServerError::bad(NOT_FOUND));
        }
    }
    user.ok_or_else(|| ServerError::bad(NOT_FOUND))
}

/// `line/update`: the line named by `username` (and `password`, when
/// given) gets the fields of `data`; `data[username]` renames it,
/// `data[password]` sets its password.
pub fn update(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let data = call.data()?;
    data.check_names(KNOWN, IGNORED, "a line")?;
    let rename = username(data.field("username"))?.flatten();
    let secret = password(data.field("password"))?.flatten();
    let settings = Settings::read(state, &data)?;
    let current = line(state, call)?;
    let mut changed = current.clone();
    if let Some(name) = &rename
        && *name != current.login
    {
        if store.user_by_login(name)?.is_some() {
            return Err(ServerError::bad("Username exists."));
        }
        changed.login = name.clone();
    }
    if let Some(secret) = &secret {
        changed.password_hash = hash_password(state, secret)?;
    }
    settings.apply(&mut changed);
    if changed != current {
        store.update_user(&changed).map_err(refused_write)?;
    }
    tracing::info!(user = changed.id.0, login = %changed.login, "line updated");
    let answered_password = secret.or_else(|| call.top("password").text().ok().flatten().flatten());
    Ok(Answer::ok()
        .with("modified_id", changed.id.0)
        .with("username", changed.login)
        .with("password", answered_password))
}

/// `line/delete`: the account, as `DEL_USER` deletes it (its own trackers
/// stay, unassigned, with their history).
pub fn delete(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let user = line(state, call)?;
    state.store.delete_user(user.id)?;
    tracing::info!(user = user.id.0, login = %user.login, "line deleted");
    Ok(Answer::ok())
}

/// `line/info`: the account (`line_info`), the connections of its
/// trackers' devices (`line_conn_info`) and its trackers' ids
/// (`line_channel_ids`).
pub fn info(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let user = line(state, call)?;
    let trackers: Vec<_> = store
        .user_trackers(user.id)?
        .into_iter()
        .filter(|t| !t.corrupted)
        .collect();
    let mut connections = Vec::new();
    for tracker in &trackers {
        let device_id = match tracker.clone_of {
            Some(source) => store
                .tracker(source)?
                .map(|s| s.device_id)
                .unwrap_or_default(),
            None => tracker.device_id.clone(),
        };
        connections.extend(connection(state, tracker, &device_id)?);
    }
    let ids: Vec<Value> = trackers.iter().map(|t| t.id.0.into()).collect();
    Ok(Answer::ok()
        .with("line_info", line_info(&user, trackers.len()))
        .with("line_conn_info", connections)
        .with("line_channel_ids", ids))
}

/// A line as `line/info` shows it.
fn line_info(user: &User, trackers: usize) -> Value {
    json!({
        "id": user.id.0,
        "username": user.login,
        "expire_date": unix_or_null(user.expires_ms),
        "max_allowed_connections": user.tracker_limit,
        "disabled": flag(user.blocked),
        "subscription_plan_id": user.plan.map(|p| p.0),
        "reseller_id": user.dealer.map(|d| d.0),
        "allowed_ips": user.allowed_ips,
        "notes": user.notes,
        "created_at": unix(user.created_ms),
        "privilege": user.privilege.name(),
        "trackers": trackers,
    })
}
