//! panel: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_dealer(store: &ScyllaStore, new: NewDealer) -> Result<Dealer, StoreError> {
    Err(crate::unbuilt("DealerStore::create_dealer"))
}

pub(crate) fn update_dealer(store: &ScyllaStore, dealer: &Dealer) -> Result<(), StoreError> {
    Err(crate::unbuilt("DealerStore::update_dealer"))
}

pub(crate) fn dealer(store: &ScyllaStore, id: DealerId) -> Result<Option<Dealer>, StoreError> {
    Err(crate::unbuilt("DealerStore::dealer"))
}

pub(crate) fn dealers(store: &ScyllaStore) -> Result<Vec<Dealer>, StoreError> {
    Err(crate::unbuilt("DealerStore::dealers"))
}

pub(crate) fn change_credits(
    store: &ScyllaStore,
    id: DealerId,
    delta: i64,
) -> Result<Dealer, StoreError> {
    Err(crate::unbuilt("DealerStore::change_credits"))
}

pub(crate) fn dealer_users(store: &ScyllaStore, id: DealerId) -> Result<Vec<User>, StoreError> {
    Err(crate::unbuilt("DealerStore::dealer_users"))
}

pub(crate) fn create_panel_admin(
    store: &ScyllaStore,
    new: NewPanelAdmin,
) -> Result<PanelAdmin, StoreError> {
    Err(crate::unbuilt("PanelAdminStore::create_panel_admin"))
}

pub(crate) fn update_panel_admin(
    store: &ScyllaStore,
    admin: &PanelAdmin,
) -> Result<(), StoreError> {
    Err(crate::unbuilt("PanelAdminStore::update_panel_admin"))
}

pub(crate) fn panel_admin(
    store: &ScyllaStore,
    id: PanelAdminId,
) -> Result<Option<PanelAdmin>, StoreError> {
    Err(crate::unbuilt("PanelAdminStore::panel_admin"))
}

pub(crate) fn panel_admin_by_login(
    store: &ScyllaStore,
    login: &str,
) -> Result<Option<PanelAdmin>, StoreError> {
    Err(crate::unbuilt("PanelAdminStore::panel_admin_by_login"))
}

pub(crate) fn panel_admins(store: &ScyllaStore) -> Result<Vec<PanelAdmin>, StoreError> {
    Err(crate::unbuilt("PanelAdminStore::panel_admins"))
}

pub(crate) fn delete_panel_admin(
    store: &ScyllaStore,
    id: PanelAdminId,
) -> Result<bool, StoreError> {
    Err(crate::unbuilt("PanelAdminStore::delete_panel_admin"))
}
