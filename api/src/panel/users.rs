//! `user/list`, `user/read`, `user/create` and `user/update`: the
//! dealer's users. The calls on one user's access (`change_password`,
//! `corrupt`, `session/create`) are in [`super::user_access`].
//!
//! A dealer's administrator creates users of its dealer; an administrator
//! without a dealer creates users of the dealer `user.dealer_id` names, or
//! of none. Users and tariffs of other dealers are 201.

use std::sync::Arc;

use actix_web::web;
use serde_json::{Map, json};
use trackgate_actors::now_ms;
use trackgate_store::{DealerId, NewUser, PlanId, Store, StoreError, User, UserId};

use super::call::{PanelCall, positive};
use super::listing::Listing;
use super::routes::Answer;
use super::tenancy;
use super::user_view::{self, inside, view};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::time::UserZone;

pub use super::user_access::{change_password, corrupt, create_session};

/// The orders `user/list` takes (Navixy's); those naming fields trackgate
/// does not keep (`bonus`: trackgate keeps one balance) order by id.
const ORDERS: &[&str] = &[
    "id",
    "login",
    "last_name",
    "balance",
    "bonus",
    "phone",
    "post_city",
];

/// How many trackers `user` holds (corrupted ones are gone).
pub fn tracker_count(store: &dyn Store, user: UserId) -> Result<usize, StoreError> {
    Ok(store
        .user_trackers(user)?
        .iter()
        .filter(|t| !t.corrupted)
        .count())
}

/// `user/list`: `filter` looks in `id`, `login` and `first_name`;
/// `hide_inactive` leaves out users that are not active.
pub async fn list(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let listing = Listing::read(&call.params, ORDERS)?;
    let hide_inactive = call.params.opt_bool("hide_inactive")?.unwrap_or(false);
    let store = state.store.clone();
    let seen = web::block(move || -> Result<_, ApiError> {
        let mut seen = Vec::new();
        for user in tenancy::candidate_users(&*store, &call.admin)? {
            let name = user.username.clone().unwrap_or_default();
            let kept = call.sees_user(&state, &user)?
                && !(hide_inactive && user.blocked)
                && listing.keeps(&[&user.id.0.to_string(), &user.login, &name]);
            if kept {
                // Read for every user only when it orders them; otherwise
                // only the page's are read.
                let balance = match listing.order_by {
                    "balance" => Some(store.balance(user.id)?),
                    _ => None,
                };
                seen.push((user, balance));
            }
        }
        let (page, count) = listing.page(seen, |(a, a_balance), (b, b_balance), by| match by {
            "login" => a.login.cmp(&b.login).then(a.id.cmp(&b.id)),
            "balance" => a_balance.cmp(b_balance).then(a.id.cmp(&b.id)),
            _ => a.id.cmp(&b.id),
        });
        let list = page
            .iter()
            .map(|(user, balance)| {
                let balance = match balance {
                    Some(balance) => *balance,
                    None => store.balance(user.id)?,
                };
                Ok(view(user, tracker_count(&*store, user.id)?, balance))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((list, count))
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("list".into(), json!(seen.0));
    answer.insert("count".into(), json!(seen.1));
    Ok(answer)
}

/// `user/read`: the user and its tariff (`default_tariff_id`).
pub async fn read(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let user = call.user(&state, "user_id")?;
    let store = state.store.clone();
    let id = user.id;
    let (trackers, balance) = web::block(move || -> Result<_, StoreError> {
        Ok((tracker_count(&*store, id)?, store.balance(id)?))
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("value".into(), view(&user, trackers, balance));
    answer.insert("default_tariff_id".into(), json!(user.plan.map(|p| p.0)));
    Ok(answer)
}

/// The settings `user/create` and `user/update` read, each `None` when
/// not given.
#[derive(Debug, Default)]
struct Settings {
    login: Option<String>,
    activated: Option<bool>,
    first_name: Option<String>,
    dealer: Option<Option<DealerId>>,
    time_zone: Option<String>,
    comment: Option<String>,
    plan: Option<Option<PlanId>>,
}

impl Settings {
    /// Reads them, checking that the dealer and tariff named are the
    /// caller's to give (201 otherwise).
    fn read(state: &ApiState, call: &PanelCall, user: &Params) -> Result<Self, ApiError> {
        let fields = || -> Result<Self, ApiError> {
            let login = match user.opt_str("login")? {
                Some(login) => Some(user_view::login(login, "login")?),
                None => None,
            };
            let dealer = match user.opt_int("dealer_id")? {
                None => None,
                Some(0) => Some(None),
                Some(_) => Some(Some(DealerId(positive(user, "dealer_id")?))),
            };
            Ok(Self {
                login,
                activated: user.opt_bool("activated")?,
                first_name: user_view::text(user, "first_name")?,
                dealer,
                ..Self::default()
            })
        };
        let mut settings = fields().map_err(|e| inside("user", e))?;
        if let Some(dealer) = settings.dealer
            && !tenancy::sees(&*state.store, &call.admin, dealer)?
        {
            return Err(ApiError::code(Code::NotFound));
        }
        if let Some(zone) = call.params.opt_str("time_zone")? {
            let zone = UserZone::named(zone)
                .ok_or_else(|| ApiError::invalid("time_zone", "unknown time zone"))?;
            settings.time_zone = Some(zone.name().to_owned());
        }
        settings.comment = user_view::text(&call.params, "comment")?;
        settings.plan = match call.params.opt_int("default_tariff_id")? {
            None => None,
            Some(0) => Some(None),
            Some(_) => {
                let id = PlanId(positive(&call.params, "default_tariff_id")?);
                match state.store.plan(id)? {
                    Some(plan) if call.sees_plan(state, &plan)? => Some(Some(id)),
                    _ => return Err(ApiError::code(Code::NotFound)),
                }
            }
        };
        Ok(settings)
    }

    fn apply(self, user: &mut User) {
        if let Some(login) = self.login {
            user.login = login;
        }
        if let Some(activated) = self.activated {
            user.blocked = !activated;
        }
        if let Some(name) = self.first_name {
            user.username = (!name.is_empty()).then_some(name);
        }
        if let Some(dealer) = self.dealer {
            user.dealer = dealer;
        }
        if let Some(zone) = self.time_zone {
            user.time_zone = zone;
        }
        if let Some(comment) = self.comment {
            user.notes = comment;
        }
        if let Some(plan) = self.plan {
            user.plan = plan;
        }
    }
}

/// A store write's refusal as the Panel API answers it.
fn refused(error: StoreError) -> ApiError {
    match error {
        StoreError::Conflict(_) => ApiError::code(Code::LoginAlreadyInUse),
        StoreError::NotFound(_) => ApiError::code(Code::NotFound),
        other => other.into(),
    }
}

/// `user/create`: `user` (with `login`), `password`, and optionally
/// `time_zone`, `comment` and `default_tariff_id`. 206 if the login is taken.
pub async fn create(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let user = user_view::object(&call.params, "user")?;
    let login = user_view::login(user.str("login").map_err(|e| inside("user", e))?, "login")
        .map_err(|e| inside("user", e))?;
    let password = user_view::password(&call.params)?.to_owned();
    let mut settings = Settings::read(&state, &call, &user)?;
    // A dealer's administrator creates users of its own dealer.
    if settings.dealer.is_none() {
        settings.dealer = Some(call.admin.dealer);
    }
    let password_hash = state.auth.passwords.hash(&password).await?;
    let store: Arc<dyn Store> = state.store.clone();
    let id = web::block(move || -> Result<UserId, ApiError> {
        if store.user_by_login(&login)?.is_some() {
            return Err(ApiError::code(Code::LoginAlreadyInUse));
        }
        let mut user = store
            .create_user(NewUser {
                login,
                password_hash,
                created_ms: now_ms(),
            })
            .map_err(refused)?;
        settings.apply(&mut user);
        if let Err(error) = store.update_user(&user) {
            // Not half made: the account goes again.
            store.delete_user(user.id)?;
            return Err(refused(error));
        }
        tracing::info!(user = user.id.0, login = %user.login, "user created by the panel");
        Ok(user.id)
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("id".into(), json!(id.0));
    Ok(answer)
}

/// `user/update`: `user` with its `id` and the fields to change (those
/// not given stay), `comment`, `time_zone`, `default_tariff_id` (0 = none).
pub async fn update(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let fields = user_view::object(&call.params, "user")?;
    let id = positive(&fields, "id").map_err(|e| inside("user", e))?;
    let settings = Settings::read(&state, &call, &fields)?;
    let mut user = match state.store.user(UserId(id))? {
        Some(user) if call.sees_user(&state, &user)? => user,
        _ => return Err(ApiError::code(Code::NotFound)),
    };
    settings.apply(&mut user);
    let store = state.store.clone();
    web::block(move || -> Result<(), ApiError> {
        if let Some(other) = store.user_by_login(&user.login)?
            && other.id != user.id
        {
            return Err(ApiError::code(Code::LoginAlreadyInUse));
        }
        store.update_user(&user).map_err(refused)
    })
    .await??;
    Ok(Map::new())
}
