//! Users and trackers, with every index that finds them: logins and device
//! ids (unique, by lightweight transactions: `unique`), trackers by owner
//! and clones by source, and the users' manager, dealer and plan and the
//! trackers' expiry (`links`).
//!
//! An entity and its index entries change together in one logged batch;
//! a unique name is claimed before and released after it. Deleting a
//! user or a tracker removes what the embedded store removes: see
//! [`delete_user`] and [`delete_tracker`].

mod links;
mod trackers;
mod users;

pub(crate) use links::relink_user;
pub(crate) use trackers::{
    create_tracker, delete_tracker, mark_trackers, require_tracker, tracker, tracker_by_device,
    trackers, update_tracker, user_trackers, write_tracker,
};
pub(crate) use users::{
    create_user, delete_user, insert_user, require_user, update_user, user, user_by_login, users,
    write_user,
};

use crate::db::Stmt;
use crate::kit::{join, total};
use crate::unique::{Claims, claim_statements, claims};

/// The claims of logins.
pub(crate) const LOGINS: Claims = claims!("user_logins");
/// The claims of device ids.
pub(crate) const DEVICES: Claims = claims!("tracker_devices");

const PARTS: &[&[Stmt]] = &[
    users::STATEMENTS,
    trackers::STATEMENTS,
    &claim_statements!("user_logins", "login"),
    &claim_statements!("tracker_devices", "device_id"),
];

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &join::<{ total(PARTS) }>(PARTS);
