//! Who runs a part of the fleet on the server's behalf: dealers and the
//! panel administrators who log in to the Panel API.
//!
//! A *dealer* is the Panel API's name (seed 002) for what seed 001 calls a
//! *reseller*: an organisation with credits that owns user accounts. A
//! *panel administrator* (seed 001's `administrators`) logs in to the
//! Panel API and holds a permission set made of seed 002's permissions,
//! each a category and an operation ([`PanelPermission`]). Its sessions
//! are [`PanelSession`]s.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::secret::SecretDigest;

/// A dealer's (reseller's) id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DealerId(pub u64);

/// Fields of a dealer to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDealer {
    /// Display name.
    pub name: String,
    /// Credits it starts with.
    pub credits: i64,
    /// Whether its users' new trackers spend its credits.
    pub use_credits: bool,
    /// Trackers its users may hold together; `None` = no limit.
    pub tracker_limit: Option<u32>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// The dealer it is a sub-dealer of; `None` = a top-level dealer.
    pub parent: Option<DealerId>,
}

/// A dealer (seed 001: reseller): credits, spent as its users add
/// trackers, and the user accounts it owns (users whose `dealer` names it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dealer {
    /// Assigned id.
    pub id: DealerId,
    /// Display name.
    pub name: String,
    /// Credits left; never below zero.
    pub credits: i64,
    /// Whether its users' new trackers spend its credits (one each); a
    /// dealer that does not use credits keeps them as they are.
    pub use_credits: bool,
    /// Trackers its users may hold together (seed 001's
    /// `max_allowed_connections` of a reseller); `None` = no limit.
    pub tracker_limit: Option<u32>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// The dealer it is a sub-dealer of (the Panel API's sub-dealers):
    /// its parent, and every dealer above that, see what it owns
    /// ([`DealerStore::dealer_sees`](crate::DealerStore::dealer_sees)).
    /// `None` = a top-level dealer. The parents never form a cycle.
    pub parent: Option<DealerId>,
}

impl Dealer {
    /// A dealer as [`DealerStore::create_dealer`](crate::DealerStore::create_dealer)
    /// makes it from `new`.
    pub fn created(id: DealerId, new: NewDealer) -> Self {
        Self {
            id,
            name: new.name,
            credits: new.credits,
            use_credits: new.use_credits,
            tracker_limit: new.tracker_limit,
            created_ms: new.created_ms,
            parent: new.parent,
        }
    }
}

/// Declares [`PanelCategory`] and [`PanelPermission::ALL`] from seed 002's
/// list, `category: operations`.
macro_rules! permissions {
    ($($variant:ident $name:literal: [$($op:ident),*];)*) => {
        /// A category of Panel API permissions (seed 002).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum PanelCategory {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl PanelCategory {
            /// The category's name in the Panel API.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }

        impl PanelPermission {
            /// Every permission seed 002 lists, in its order.
            pub const ALL: &[PanelPermission] = &[
                $($(PanelPermission {
                    category: PanelCategory::$variant,
                    operation: PanelOperation::$op,
                },)*)*
            ];
        }
    };
}

permissions! {
    Accounting "accounting": [Generate];
    ActivationCode "activation_code": [Create, Read, Update];
    Base "base": [GetDealerInfo];
    NotificationSettings "notification_settings": [Read, Update];
    ServiceSettings "service_settings": [Read, Update];
    Tariffs "tariffs": [Create, Read, Update];
    Trackers "trackers": [Create, Read, Update, Delete];
    Transactions "transactions": [Create, Read, Update];
    Users "users": [Create, Read, Update, Delete];
    UserSessions "user_sessions": [Create];
    Sms "sms": [Create];
    TrackerBundles "tracker_bundles": [Read, Update];
}

/// An operation within a [`PanelCategory`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PanelOperation {
    /// `create`
    Create,
    /// `read`
    Read,
    /// `update`
    Update,
    /// `delete`
    Delete,
    /// `generate`
    Generate,
    /// `get_dealer_info`
    GetDealerInfo,
}

impl PanelOperation {
    /// The operation's name in the Panel API.
    pub fn name(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Read => "read",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Generate => "generate",
            Self::GetDealerInfo => "get_dealer_info",
        }
    }
}

/// One Panel API permission: a category and an operation, one of
/// [`PanelPermission::ALL`] (the only way to make one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PanelPermission {
    category: PanelCategory,
    operation: PanelOperation,
}

impl PanelPermission {
    /// The permission `operation` on `category` (by their Panel API names),
    /// if seed 002 lists it.
    pub fn named(category: &str, operation: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|p| p.category.name() == category && p.operation.name() == operation)
    }

    /// Its category.
    pub fn category(self) -> PanelCategory {
        self.category
    }

    /// Its operation.
    pub fn operation(self) -> PanelOperation {
        self.operation
    }
}

/// A panel administrator's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PanelAdminId(pub u64);

/// Fields of a panel administrator to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPanelAdmin {
    /// Login, unique among panel administrators.
    pub login: String,
    /// Password hash (PHC string).
    pub password_hash: String,
    /// Contact address.
    pub email: String,
    /// The dealer it works for; `None` = the server's own staff.
    pub dealer: Option<DealerId>,
    /// What it may do in the Panel API.
    pub permissions: BTreeSet<PanelPermission>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
}

/// A panel administrator: a Panel API account with a permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelAdmin {
    /// Assigned id.
    pub id: PanelAdminId,
    /// Login, unique among panel administrators.
    pub login: String,
    /// Password hash (PHC string).
    pub password_hash: String,
    /// Contact address.
    pub email: String,
    /// The dealer it works for; `None` = the server's own staff.
    pub dealer: Option<DealerId>,
    /// What it may do in the Panel API.
    pub permissions: BTreeSet<PanelPermission>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// A blocked administrator cannot log in.
    pub blocked: bool,
}

impl PanelAdmin {
    /// An administrator as [`PanelAdminStore::create_panel_admin`](crate::PanelAdminStore::create_panel_admin)
    /// makes it from `new`: not blocked.
    pub fn created(id: PanelAdminId, new: NewPanelAdmin) -> Self {
        Self {
            id,
            login: new.login,
            password_hash: new.password_hash,
            email: new.email,
            dealer: new.dealer,
            permissions: new.permissions,
            created_ms: new.created_ms,
            blocked: false,
        }
    }
}

/// A Panel API session (`account/auth`): kept by the digest of its hash,
/// like a User API session, but in a place of its own, so neither API
/// accepts the other's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelSession {
    /// Digest of the session hash.
    pub digest: SecretDigest,
    /// The administrator it logs in.
    pub admin: PanelAdminId,
    /// When it was created, ms since the epoch.
    pub created_ms: i64,
    /// When it ends whatever happens, ms since the epoch.
    pub expires_ms: i64,
    /// When it was last used (to the precision the API writes it), for an
    /// idle timeout.
    pub last_used_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_002_lists_twenty_seven_permissions_each_once() {
        assert_eq!(PanelPermission::ALL.len(), 27);
        let distinct: BTreeSet<_> = PanelPermission::ALL.iter().collect();
        assert_eq!(distinct.len(), 27);
        let read = PanelPermission::named("trackers", "read").expect("listed");
        assert_eq!(read.category(), PanelCategory::Trackers);
        assert_eq!(read.operation(), PanelOperation::Read);
        assert_eq!(PanelPermission::named("base", "delete"), None);
        assert!(PanelPermission::named("tracker_bundles", "update").is_some());
        assert!(PanelPermission::named("base", "get_dealer_info").is_some());
    }
}
