//! `resellers`: seed 001's resellers are trackgate's dealers, with credits
//! their users' new trackers spend. `new`, `update`, `add_credits`, `list`.
//!
//! A reseller's fields, as `data[...]`: `name` (or `username`, seed 001's
//! other name for it), `credits` (whole, not below zero), `use_credits`
//! (whether its users' trackers spend them; not unless asked) and
//! `max_allowed_connections` (trackers all its users may hold together;
//! `0`: no limit). A line belongs to a reseller through its
//! `reseller_id`; every tracker added to such a line then costs the
//! reseller one credit, and none is added when it has none
//! (`crate::accounts`).

use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_store::{Dealer, DealerId, NewDealer, StoreError};

use super::fields::{Call, Data, Given};
use super::reply::Answer;
use super::views::{flag, unix};
use crate::ApiState;
use crate::server::ServerError;

/// The fields a reseller takes.
const KNOWN: &[&str] = &[
    "name",
    "username",
    "credits",
    "use_credits",
    "max_allowed_connections",
];

/// A reseller's settings as a call gives them.
struct Settings {
    name: Option<String>,
    credits: Given<u64>,
    use_credits: Given<bool>,
    tracker_limit: Given<u32>,
}

impl Settings {
    fn read(data: &Data) -> Result<Self, ServerError> {
        data.check_names(KNOWN, &[], "a reseller")?;
        let name = match data.field("name").text()?.flatten() {
            Some(name) => Some(name),
            None => data.field("username").text()?.flatten(),
        };
        let credits = data.field("credits");
        let credits = credits
            .whole(0)
            .map_err(|_| credits.error("must be a whole number, not below zero"))?;
        Ok(Self {
            name: name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
            credits,
            use_credits: data.field("use_credits").flag()?,
            tracker_limit: data.field("max_allowed_connections").limit()?,
        })
    }
}

fn credits_of(value: u64) -> Result<i64, ServerError> {
    i64::try_from(value).map_err(|_| ServerError::bad("data[credits] is too large"))
}

/// `resellers/new`: a reseller; `data[name]` is required.
pub fn new(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let data = call.data()?;
    let settings = Settings::read(&data)?;
    let name = settings
        .name
        .ok_or_else(|| data.field("name").error("is missing"))?;
    let dealer = state.store.create_dealer(NewDealer {
        name,
        credits: credits_of(settings.credits.flatten().unwrap_or(0))?,
        use_credits: settings.use_credits.flatten().unwrap_or(false),
        tracker_limit: settings.tracker_limit.flatten(),
        created_ms: now_ms(),
        parent: None,
    })?;
    tracing::info!(dealer = dealer.id.0, name = %dealer.name, "reseller added");
    Ok(Answer::ok().with("created_id", dealer.id.0))
}

/// The reseller the call names: `id`, or else `username` (its name, which
/// must name one reseller only).
fn reseller(state: &ApiState, call: &Call) -> Result<Dealer, ServerError> {
    let not_found = || ServerError::bad("Reseller not found");
    if let Some(id) = call.top("id").id()?.flatten() {
        return state.store.dealer(DealerId(id))?.ok_or_else(not_found);
    }
    let field = call.top("username");
    let Some(name) = field.text()?.flatten() else {
        return Err(ServerError::bad("id or username is missing"));
    };
    let mut named: Vec<Dealer> = state
        .store
        .dealers()?
        .into_iter()
        .filter(|d| d.name == name)
        .collect();
    match named.len() {
        0 => Err(not_found()),
        1 => Ok(named.remove(0)),
        n => Err(field.error(&format!("names {n} resellers: give the id"))),
    }
}

/// `resellers/update`: the reseller (`id` or `username`) gets the fields
/// of `data`; `data[credits]` sets its credits.
pub fn update(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let data = call.data()?;
    let settings = Settings::read(&data)?;
    let mut dealer = reseller(state, call)?;
    if let Some(name) = settings.name {
        dealer.name = name;
    }
    if let Some(credits) = settings.credits {
        dealer.credits = credits_of(credits.unwrap_or(0))?;
    }
    if let Some(use_credits) = settings.use_credits {
        dealer.use_credits = use_credits.unwrap_or(false);
    }
    if let Some(limit) = settings.tracker_limit {
        dealer.tracker_limit = limit;
    }
    state.store.update_dealer(&dealer)?;
    Ok(Answer::ok().with("modified_id", dealer.id.0))
}

/// `resellers/add_credits`: `credits` more for the reseller (`id` or
/// `username`); fewer when negative, never below zero. Answers the credits
/// it has now.
pub fn add_credits(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let field = call.top("credits");
    let delta = field
        .integer()?
        .flatten()
        .ok_or_else(|| field.error("is missing"))?;
    let dealer = reseller(state, call)?;
    let changed = match state.store.change_credits(dealer.id, delta) {
        Ok(changed) => changed,
        Err(StoreError::Conflict(_)) => {
            return Err(field.error(&format!(
                "cannot take the reseller's credits below zero: it has {}",
                dealer.credits
            )));
        }
        Err(error) => return Err(error.into()),
    };
    tracing::info!(
        dealer = dealer.id.0,
        delta,
        credits = changed.credits,
        "reseller credits added"
    );
    Ok(Answer::ok()
        .with("modified_id", changed.id.0)
        .with("credits", changed.credits))
}

/// `resellers/list`: every reseller, with how many lines it has and how
/// many trackers they hold.
pub fn list(state: &ApiState, _call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let mut list = Vec::new();
    for dealer in store.dealers()? {
        let users = store.dealer_users(dealer.id)?;
        let mut trackers = 0;
        for user in &users {
            trackers += store
                .user_trackers(user.id)?
                .iter()
                .filter(|t| !t.corrupted)
                .count();
        }
        list.push(json!({
            "id": dealer.id.0,
            "name": dealer.name,
            "credits": dealer.credits,
            "use_credits": flag(dealer.use_credits),
            "max_allowed_connections": dealer.tracker_limit,
            "lines": users.len(),
            "trackers": trackers,
            "created_at": unix(dealer.created_ms),
        }));
    }
    Ok(Answer::ok().with("resellers", list))
}
