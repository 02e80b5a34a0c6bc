//! The money of user accounts: balances, the ledger of transactions that
//! alone change them, and the renewals that charge billing plans.
//!
//! A balance is never written directly: every change is a [`Transaction`]
//! appended with it, atomically, so the ledger always adds up to the
//! balance. A [`Renewal`] is what the store knows of one account's billing
//! plan: which periods are paid, and whether the account is suspended
//! because the last one due could not be.

use serde::{Deserialize, Serialize};

use crate::model::{TrackerId, UserId};
use crate::money::Money;
use crate::operator_model::PlanId;

/// What a transaction is (Navixy's transaction `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TransactionType {
    /// Money paid in (by the user, or by a dealer on its behalf).
    Payment,
    /// Money taken for a service: a billing plan's renewal.
    Charge,
    /// An operator's or dealer's correction, either way.
    Correction,
    /// Money given, not paid for.
    Bonus,
}

impl TransactionType {
    /// Every type, as the APIs name them.
    pub const ALL: [TransactionType; 4] = [
        TransactionType::Payment,
        TransactionType::Charge,
        TransactionType::Correction,
        TransactionType::Bonus,
    ];

    /// The name the APIs use (`payment`, `charge`, `correction`, `bonus`).
    pub fn name(self) -> &'static str {
        match self {
            TransactionType::Payment => "payment",
            TransactionType::Charge => "charge",
            TransactionType::Correction => "correction",
            TransactionType::Bonus => "bonus",
        }
    }

    /// The type named `name` (exact, lower case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A transaction to append; the store assigns the id and the balance after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTransaction {
    /// Whose balance it changes.
    pub user: UserId,
    /// When it was made, ms since the epoch.
    pub time_ms: i64,
    /// What it adds to the balance (negative: what it takes).
    pub amount: Money,
    /// What it is.
    pub kind: TransactionType,
    /// Why, in words.
    pub description: String,
    /// The tracker it is about, if one.
    pub tracker: Option<TrackerId>,
    /// Who made it (a panel login, `renewal`, ...), if known.
    pub made_by: Option<String>,
}

/// A transaction of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// Assigned in increasing order.
    pub id: u64,
    /// Whose balance it changed.
    pub user: UserId,
    /// When it was made, ms since the epoch.
    pub time_ms: i64,
    /// What it added to the balance (negative: what it took).
    pub amount: Money,
    /// What it is.
    pub kind: TransactionType,
    /// Why, in words.
    pub description: String,
    /// The tracker it is about, if one.
    pub tracker: Option<TrackerId>,
    /// Who made it, if known.
    pub made_by: Option<String>,
    /// The balance once it was applied.
    pub balance_after: Money,
}

impl Transaction {
    /// The transaction `new`, numbered `id`, leaving `balance_after`.
    pub fn appended(id: u64, new: NewTransaction, balance_after: Money) -> Self {
        Self {
            id,
            user: new.user,
            time_ms: new.time_ms,
            amount: new.amount,
            kind: new.kind,
            description: new.description,
            tracker: new.tracker,
            made_by: new.made_by,
            balance_after,
        }
    }

    /// The balance before it was applied.
    pub fn balance_before(&self) -> Money {
        Money(self.balance_after.0 - self.amount.0)
    }
}

/// What the store knows of one account's billing plan renewals.
///
/// Periods are counted from `anchor_ms`, each the plan's length: period
/// `n` starts at `anchor_ms + n * length`. Periods `0..paid_periods` are
/// settled (paid, or passed over while the account was suspended or the
/// gateway down); the period a renewal charges is the current one, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    /// The plan these periods are of; another plan starts afresh.
    pub plan: PlanId,
    /// When period 0 began, ms since the epoch.
    pub anchor_ms: i64,
    /// How many periods from the anchor are settled.
    pub paid_periods: u64,
    /// Whether the account's trackers are suspended: the current period
    /// is due and the balance could not pay it.
    pub suspended: bool,
}

/// One step of an account's renewal, for
/// [`LedgerStore::renew`](crate::LedgerStore::renew) to apply atomically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalStep {
    /// Whose account.
    pub user: UserId,
    /// The renewal the caller read; the step is refused (`Conflict`) if
    /// the stored one is no longer that, so two callers never charge the
    /// same period twice.
    pub expected: Option<Renewal>,
    /// The renewal to record once the charge is paid.
    pub paid: Renewal,
    /// The renewal to record when it cannot be.
    pub unpaid: Renewal,
    /// The charge (a negative amount); `None` when nothing is to be paid.
    pub charge: Option<NewTransaction>,
    /// The lowest balance the charge may leave.
    pub floor: Money,
}

/// How a [`RenewalStep`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenewalOutcome {
    /// Paid (with the charge's transaction, if there was one): `paid` is
    /// recorded and the account's trackers are not suspended.
    Paid(Option<Transaction>),
    /// The balance could not pay: nothing was charged, `unpaid` is
    /// recorded and the account's trackers are suspended as it says.
    Unpaid,
}
