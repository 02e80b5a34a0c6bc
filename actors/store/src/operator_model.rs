//! What the server's operator decides about accounts: a user's privilege
//! and manager, billing plans, and the audit log of the operator's calls.
//!
//! Privilege, manager, activity (the `blocked` flag and an expiry) and
//! billing plan are fields of [`User`](crate::User); a tracker's activity
//! is its `blocked` flag and `expires_ms`. The types here are what those
//! fields name, and the entities of their own (plans, audit entries).

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::panel_model::DealerId;

/// What a user may do in the User API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Privilege {
    /// A user that also sees the trackers of the users assigned to it.
    Manager,
    /// An ordinary user: its own account, nothing more.
    #[default]
    User,
    /// Reads its account but changes nothing and sends no commands.
    Viewer,
}

impl Privilege {
    /// Every privilege, as the Server API names them.
    pub const ALL: [Privilege; 3] = [Privilege::Manager, Privilege::User, Privilege::Viewer];

    /// The name the Server API uses (`manager`, `user`, `viewer`).
    pub fn name(self) -> &'static str {
        match self {
            Privilege::Manager => "manager",
            Privilege::User => "user",
            Privilege::Viewer => "viewer",
        }
    }

    /// The privilege named `name` (exact, lower case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// A billing plan's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PlanId(pub u64);

/// Fields of a billing plan to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBillingPlan {
    /// Display name.
    pub name: String,
    /// What one period costs.
    pub price: Money,
    /// The length of a billing period, in days.
    pub period_days: u32,
    /// Trackers an account on this plan may hold; `None` = no limit.
    pub tracker_limit: Option<u32>,
    /// Days of history kept for the account's trackers; `None` = forever.
    pub history_days: Option<u32>,
    /// The dealer whose plan it is (a Panel API tariff); `None` = the
    /// server's own.
    pub dealer: Option<DealerId>,
    /// What happens to an account whose balance cannot pay a renewal.
    pub unpaid: UnpaidPolicy,
}

/// A billing plan (seed 000's, seed 001's `subscription_plan_id`; the
/// Panel API's tariffs are meant to build on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingPlan {
    /// Assigned id.
    pub id: PlanId,
    /// Display name.
    pub name: String,
    /// What one period costs.
    pub price: Money,
    /// The length of a billing period, in days.
    pub period_days: u32,
    /// Trackers an account on this plan may hold; `None` = no limit.
    pub tracker_limit: Option<u32>,
    /// Days of history kept for the account's trackers; `None` = forever.
    pub history_days: Option<u32>,
    /// The dealer whose plan it is; `None` = the server's own.
    pub dealer: Option<DealerId>,
    /// What happens to an account whose balance cannot pay a renewal.
    pub unpaid: UnpaidPolicy,
}

/// What a plan does with an account whose balance cannot pay its price at
/// a renewal. Either way, a renewal that is paid leaves the balance at or
/// above the policy's floor, and one that cannot be paid charges nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum UnpaidPolicy {
    /// The balance never goes below zero: an account that cannot pay has
    /// its trackers blocked until a payment covers the price.
    #[default]
    Block,
    /// The balance may go down to `-limit` (a credit line); past that, the
    /// account's trackers are blocked as with [`UnpaidPolicy::Block`].
    Debt {
        /// How far below zero the balance may go (not negative).
        limit: Money,
    },
}

impl UnpaidPolicy {
    /// The lowest balance a renewal may leave.
    pub fn floor(self) -> Money {
        match self {
            UnpaidPolicy::Block => Money::ZERO,
            UnpaidPolicy::Debt { limit } => Money(-limit.0.abs()),
        }
    }
}

impl BillingPlan {
    /// A plan as [`OperatorStore::create_plan`](crate::OperatorStore::create_plan)
    /// makes it from `new`.
    pub fn created(id: PlanId, new: NewBillingPlan) -> Self {
        Self {
            id,
            name: new.name,
            price: new.price,
            period_days: new.period_days,
            tracker_limit: new.tracker_limit,
            history_days: new.history_days,
            dealer: new.dealer,
            unpaid: new.unpaid,
        }
    }

    /// The oldest fix time the plan keeps at `now_ms`: points before it
    /// are past the plan's history. `None` when it keeps everything.
    pub fn history_starts(&self, now_ms: i64) -> Option<i64> {
        let days = self.history_days?;
        Some(now_ms.saturating_sub(i64::from(days).saturating_mul(86_400_000)))
    }
}

/// One call to the Server API, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAuditEntry {
    /// When the call was answered, ms since the epoch.
    pub time_ms: i64,
    /// The caller's address (the TCP peer), as text.
    pub caller: String,
    /// The command and its parameters, secrets masked; empty when the
    /// call was refused before it was read.
    pub command: String,
    /// The HTTP status answered.
    pub status: u16,
    /// `OK`, or the error answered (`ERROR: ...`).
    pub result: String,
}

/// An entry of the audit log: a call, numbered in the order it was logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Assigned in increasing order: newer entries have higher ids.
    pub id: u64,
    /// What was logged.
    pub entry: NewAuditEntry,
}
