//! Dealers and panel administrators ([`DealerStore`]: `dealers`,
//! [`PanelAdminStore`]: `admins`).

mod admins;
mod dealers;

pub(crate) use admins::{
    create_panel_admin, delete_panel_admin, panel_admin, panel_admin_by_login, panel_admins,
    update_panel_admin,
};
pub(crate) use dealers::{
    change_credits, check_dealer, create_dealer, dealer, dealer_users, dealers, update_dealer,
};

use crate::db::Stmt;
use crate::kit::{join, total};
use crate::unique::claim_statements;

const PARTS: &[&[Stmt]] = &[
    dealers::STATEMENTS,
    admins::STATEMENTS,
    &claim_statements!("panel_admin_logins", "login"),
];

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &join::<{ total(PARTS) }>(PARTS);
