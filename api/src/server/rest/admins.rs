//! `administrators`: seed 001's panel administrators are trackgate's Panel
//! API accounts. `new`, `update`, `list`.
//!
//! An administrator's fields, as `data[...]`: `username` (its login),
//! `password`, `email`, `group_id` (its permission set, one of
//! [`GROUPS`]), `reseller_id` (the reseller it works for; `0`: the
//! server's own staff) and `disabled`. An empty username or password is
//! generated and answered once.

use std::collections::BTreeSet;

use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_store::{
    DealerId, NewPanelAdmin, PanelAdmin, PanelAdminId, PanelCategory, PanelOperation,
    PanelPermission, StoreError,
};

use super::fields::{Call, Data, Given};
use super::reply::Answer;
use super::views::{flag, unix};
use crate::ApiState;
use crate::server::ServerError;
use crate::server::args::valid_email;
use crate::server::users::{generated_password, hash_password, random_text};

/// The fields an administrator takes.
const KNOWN: &[&str] = &[
    "username",
    "password",
    "email",
    "group_id",
    "reseller_id",
    "disabled",
];

/// Characters of a generated username.
const USERNAME_LEN: usize = 10;
/// Characters a password must have at least.
const MIN_PASSWORD_CHARS: usize = 6;

/// A permission set seed 001's `group_id` names.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// Its `group_id`.
    pub id: u64,
    /// Its name.
    pub name: &'static str,
    /// Whether it holds a permission.
    holds: fn(PanelPermission) -> bool,
}

impl Group {
    /// Its permissions, from seed 002's list.
    pub fn permissions(&self) -> BTreeSet<PanelPermission> {
        PanelPermission::ALL
            .iter()
            .copied()
            .filter(|p| (self.holds)(*p))
            .collect()
    }
}

/// The groups: administrators hold every permission; resellers' staff
/// what running their users and trackers takes; viewers read.
pub const GROUPS: [Group; 3] = [
    Group {
        id: 1,
        name: "administrators",
        holds: |_| true,
    },
    Group {
        id: 2,
        name: "resellers",
        holds: |p| {
            use PanelCategory as C;
            use PanelOperation as O;
            match p.category() {
                C::Users | C::Trackers | C::UserSessions | C::Base | C::TrackerBundles => true,
                C::Tariffs | C::Transactions => p.operation() == O::Read,
                _ => false,
            }
        },
    },
    Group {
        id: 3,
        name: "viewers",
        holds: |p| {
            matches!(
                p.operation(),
                PanelOperation::Read | PanelOperation::GetDealerInfo
            )
        },
    },
];

/// The group whose permissions are exactly `permissions`, if one is.
fn group_of(permissions: &BTreeSet<PanelPermission>) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.permissions() == *permissions)
}

/// An administrator's settings as a call gives them.
struct Settings {
    username: Given<String>,
    password: Given<String>,
    email: Given<String>,
    group: Given<&'static Group>,
    dealer: Given<DealerId>,
    blocked: Given<bool>,
}

impl Settings {
    fn read(state: &ApiState, data: &Data) -> Result<Self, ServerError> {
        data.check_names(KNOWN, &[], "an administrator")?;
        let username = data.field("username");
        let username_given = username.text()?;
        if let Some(Some(name)) = &username_given
            && name.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(username.error("must not hold spaces"));
        }
        let password = data.field("password");
        let password_given = password.text()?;
        if let Some(Some(secret)) = &password_given
            && secret.chars().count() < MIN_PASSWORD_CHARS
        {
            return Err(password.error(&format!(
                "must have at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        let email = data.field("email");
        let email_given = email.text()?;
        if let Some(Some(address)) = &email_given
            && !valid_email(address)
        {
            return Err(email.error("must be a valid e-mail address"));
        }
        let group = data.field("group_id");
        let group_given = match group.whole(1)? {
            None => None,
            Some(None) => Some(None),
            Some(Some(id)) => Some(Some(GROUPS.iter().find(|g| g.id == id).ok_or_else(
                || group.error("names no group: 1 administrators, 2 resellers, 3 viewers"),
            )?)),
        };
        let dealer = data.field("reseller_id");
        let dealer_given = dealer.id()?;
        if let Some(Some(id)) = dealer_given
            && state.store.dealer(DealerId(id))?.is_none()
        {
            return Err(dealer.error("names no reseller"));
        }
        Ok(Self {
            username: username_given,
            password: password_given,
            email: email_given,
            group: group_given,
            dealer: dealer_given.map(|id| id.map(DealerId)),
            blocked: data.field("disabled").flag()?,
        })
    }
}

/// A store refusal of an administrator's write, as the caller's mistake.
fn refused_write(error: StoreError) -> ServerError {
    match error {
        StoreError::Conflict(_) => ServerError::bad("Username exists."),
        StoreError::NotFound(why) => {
            ServerError::bad(format!("the administrator cannot be written: {why}"))
        }
        other => other.into(),
    }
}

/// `administrators/new`: a Panel API account; `data[email]` and
/// `data[group_id]` are required.
pub fn new(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let data = call.data()?;
    let settings = Settings::read(state, &data)?;
    let email = settings
        .email
        .flatten()
        .ok_or_else(|| data.field("email").error("is missing"))?;
    let group = settings
        .group
        .flatten()
        .ok_or_else(|| data.field("group_id").error("is missing"))?;
    let login = settings
        .username
        .flatten()
        .unwrap_or_else(|| random_text(USERNAME_LEN));
    let secret = settings
        .password
        .flatten()
        .unwrap_or_else(generated_password);
    if store.panel_admin_by_login(&login)?.is_some() {
        return Err(ServerError::bad("Username exists."));
    }
    let admin = store
        .create_panel_admin(NewPanelAdmin {
            login: login.clone(),
            password_hash: hash_password(state, &secret)?,
            email,
            dealer: settings.dealer.flatten(),
            permissions: group.permissions(),
            created_ms: now_ms(),
        })
        .map_err(refused_write)?;
    if settings.blocked.flatten() == Some(true) {
        store
            .update_panel_admin(&PanelAdmin {
                blocked: true,
                ..admin.clone()
            })
            .map_err(refused_write)?;
    }
    tracing::info!(admin = admin.id.0, login = %admin.login, group = group.name, "administrator added");
    Ok(Answer::ok()
        .with("created_id", admin.id.0)
        .with("username", login)
        .with("password", secret))
}

/// The administrator the call names: `id`, or else `username`.
fn admin(state: &ApiState, call: &Call) -> Result<PanelAdmin, ServerError> {
    let not_found = || ServerError::bad("Administrator not found");
    if let Some(id) = call.top("id").id()?.flatten() {
        return state
            .store
            .panel_admin(PanelAdminId(id))?
            .ok_or_else(not_found);
    }
    match call.top("username").text()?.flatten() {
        Some(login) => state
            .store
            .panel_admin_by_login(&login)?
            .ok_or_else(not_found),
        None => Err(ServerError::bad("id or username is missing")),
    }
}

/// `administrators/update`: the administrator (`id` or `username`) gets
/// the fields of `data`.
pub fn update(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let data = call.data()?;
    let settings = Settings::read(state, &data)?;
    let current = admin(state, call)?;
    let mut changed = current.clone();
    if let Some(Some(login)) = settings.username {
        changed.login = login;
    }
    if let Some(Some(secret)) = &settings.password {
        changed.password_hash = hash_password(state, secret)?;
    }
    if let Some(Some(email)) = settings.email {
        changed.email = email;
    }
    if let Some(Some(group)) = settings.group {
        changed.permissions = group.permissions();
    }
    if let Some(dealer) = settings.dealer {
        changed.dealer = dealer;
    }
    if let Some(blocked) = settings.blocked {
        changed.blocked = blocked.unwrap_or(false);
    }
    if changed != current {
        store.update_panel_admin(&changed).map_err(refused_write)?;
    }
    Ok(Answer::ok().with("modified_id", changed.id.0))
}

/// `administrators/list`: every administrator, with its e-mail address,
/// group (`null` for a permission set no group has) and reseller.
pub fn list(state: &ApiState, _call: &Call) -> Result<Answer, ServerError> {
    let list: Vec<_> = state
        .store
        .panel_admins()?
        .iter()
        .map(|a| {
            let group = group_of(&a.permissions);
            json!({
                "id": a.id.0,
                "username": a.login,
                "email": a.email,
                "group_id": group.map(|g| g.id),
                "group_name": group.map(|g| g.name),
                "reseller_id": a.dealer.map(|d| d.0),
                "disabled": flag(a.blocked),
                "created_at": unix(a.created_ms),
            })
        })
        .collect();
    Ok(Answer::ok().with("administrators", list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_distinct_permission_sets() {
        let sets: Vec<_> = GROUPS.iter().map(Group::permissions).collect();
        assert_eq!(sets[0].len(), PanelPermission::ALL.len());
        assert!(sets[1].len() < sets[0].len() && !sets[1].is_empty());
        assert!(
            sets[2]
                .iter()
                .all(|p| p.operation() != PanelOperation::Delete)
        );
        for (n, set) in sets.iter().enumerate() {
            assert_eq!(group_of(set).map(|g| g.id), Some(GROUPS[n].id));
        }
        assert!(group_of(&BTreeSet::new()).is_none());
    }
}
