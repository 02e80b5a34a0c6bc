//! Panel administrators ([`PanelAdminStore`]): by id, and by login
//! (unique, claimed by a lightweight transaction as users' logins are).

use trackgate_store::*;

use super::dealers::check_dealer;
use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::{bodies, body, key, not_found};
use crate::unique::{self, Claims, claims};

/// The claims of panel administrators' logins.
const LOGINS: Claims = claims!("panel_admin_logins");

/// The statements of panel administrators.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "panel_admins.get",
        cql: "SELECT body FROM panel_admins WHERE id = ?",
    },
    // `panel_admins()`, an operator listing: scans the table.
    Stmt {
        name: "panel_admins.all",
        cql: "SELECT body FROM panel_admins",
    },
    Stmt {
        name: "panel_admins.put",
        cql: "INSERT INTO panel_admins (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "panel_admins.delete",
        cql: "DELETE FROM panel_admins WHERE id = ?",
    },
];

const WHAT: &str = "panel administrator";

/// `PanelAdminStore::panel_admin`.
pub(crate) fn panel_admin(
    store: &ScyllaStore,
    id: PanelAdminId,
) -> Result<Option<PanelAdmin>, StoreError> {
    body(store.db(), "panel_admins.get", (key(id.0),), WHAT)
}

/// Whether administrator `id` exists and has `login`.
fn holds_login(store: &ScyllaStore, login: &str, id: u64) -> Result<bool, StoreError> {
    Ok(panel_admin(store, PanelAdminId(id))?.is_some_and(|a| a.login == login))
}

fn put(store: &ScyllaStore, admin: &PanelAdmin) -> Result<(), StoreError> {
    store
        .db()
        .execute("panel_admins.put", (key(admin.id.0), codec::encode(admin)?))
        .map(|_| ())
}

fn release_login(store: &ScyllaStore, login: &str, id: u64) {
    if let Err(error) = unique::release(store.db(), &LOGINS, login, id) {
        tracing::warn!(%error, id, "releasing a panel login failed; it is reusable once stale");
    }
}

/// `PanelAdminStore::create_panel_admin`: `Conflict` if the login is
/// taken, `NotFound` if its dealer does not exist. The login is claimed
/// before the administrator is written (a failed write keeps the claim:
/// see `accounts::insert_user`).
pub(crate) fn create_panel_admin(
    store: &ScyllaStore,
    new: NewPanelAdmin,
) -> Result<PanelAdmin, StoreError> {
    let db = store.db();
    unique::check_name(&new.login, "login")?;
    let login = new.login.clone();
    let holds = |other| holds_login(store, &login, other);
    unique::check_free(db, &LOGINS, &login, None, "login", holds)?;
    check_dealer(store, new.dealer)?;
    let id = crate::ids::next_id(db, "panel_admins")?;
    let admin = PanelAdmin::created(PanelAdminId(id), new);
    if !unique::claim(db, &LOGINS, &login, id, holds)? {
        return Err(StoreError::Conflict(format!("login {login:?}")));
    }
    put(store, &admin)?;
    Ok(admin)
}

/// `PanelAdminStore::update_panel_admin`: `NotFound` if it (or its dealer)
/// does not exist, `Conflict` if the new login is taken.
pub(crate) fn update_panel_admin(
    store: &ScyllaStore,
    admin: &PanelAdmin,
) -> Result<(), StoreError> {
    let db = store.db();
    unique::check_name(&admin.login, "login")?;
    let id = admin.id.0;
    let old =
        panel_admin(store, admin.id)?.ok_or_else(|| not_found(format_args!("{WHAT} {id}")))?;
    check_dealer(store, admin.dealer)?;
    let renamed = old.login != admin.login;
    if renamed
        && !unique::claim(db, &LOGINS, &admin.login, id, |other| {
            holds_login(store, &admin.login, other)
        })?
    {
        return Err(StoreError::Conflict(format!("login {:?}", admin.login)));
    }
    put(store, admin)?;
    if renamed {
        release_login(store, &old.login, id);
    }
    Ok(())
}

/// `PanelAdminStore::panel_admin_by_login`.
pub(crate) fn panel_admin_by_login(
    store: &ScyllaStore,
    login: &str,
) -> Result<Option<PanelAdmin>, StoreError> {
    if !unique::keyable(login) {
        return Ok(None);
    }
    let Some((id, _)) = unique::holder(store.db(), &LOGINS, login)? else {
        return Ok(None);
    };
    Ok(panel_admin(store, PanelAdminId(id))?.filter(|a| a.login == login))
}

/// `PanelAdminStore::panel_admins`, by id. An operator listing: scans the
/// table.
pub(crate) fn panel_admins(store: &ScyllaStore) -> Result<Vec<PanelAdmin>, StoreError> {
    let mut all: Vec<PanelAdmin> = bodies(store.db(), "panel_admins.all", (), WHAT)?;
    all.sort_by_key(|a| a.id);
    Ok(all)
}

/// `PanelAdminStore::delete_panel_admin`: its sessions first (a failure
/// there leaves it in place, to delete again), then the administrator,
/// then its login.
pub(crate) fn delete_panel_admin(
    store: &ScyllaStore,
    id: PanelAdminId,
) -> Result<bool, StoreError> {
    let Some(admin) = panel_admin(store, id)? else {
        return Ok(false);
    };
    crate::access::remove_panel_admin_sessions(store, id)?;
    store.db().execute("panel_admins.delete", (key(id.0),))?;
    release_login(store, &admin.login, id.0);
    Ok(true)
}
