//! Activation codes: numbers a dealer hands out with the devices it sells
//! (Navixy's `dealer/activation_code`). A user who registers a device with
//! one gets what the code carries: a billing plan, money, a bonus and free
//! days. Each code is used once.

use serde::{Deserialize, Serialize};

use crate::model::{TrackerId, UserId};
use crate::money::Money;
use crate::money_model::{NewTransaction, Renewal, Transaction};
use crate::operator_model::PlanId;
use crate::panel_model::DealerId;

/// The longest code the store keeps, in digits.
pub const MAX_CODE_LEN: usize = 32;

/// Whether `code` is a well-formed activation code: 1 to
/// [`MAX_CODE_LEN`] ASCII digits.
pub fn is_code(code: &str) -> bool {
    (1..=MAX_CODE_LEN).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// A code to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewActivationCode {
    /// The code: digits, unique among codes.
    pub code: String,
    /// The dealer whose users may use it (`None`: the server's own, anyone).
    pub dealer: Option<DealerId>,
    /// The billing plan (Navixy's tariff) it puts an account on.
    pub plan: PlanId,
    /// The bonus it adds to the balance when used.
    pub bonus_amount: Money,
    /// The money it adds to the balance when used.
    pub money_amount: Money,
    /// Days of service it gives free.
    pub free_days: u32,
    /// When it was made, ms since the epoch.
    pub created_ms: i64,
}

/// Who used a code, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeUse {
    /// The tracker registered with it.
    pub tracker: TrackerId,
    /// The user who registered it.
    pub user: UserId,
    /// When, ms since the epoch.
    pub time_ms: i64,
}

/// An activation code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationCode {
    /// The code: digits, unique.
    pub code: String,
    /// The dealer whose users may use it (`None`: anyone's).
    pub dealer: Option<DealerId>,
    /// The billing plan it puts an account on.
    pub plan: PlanId,
    /// The bonus it adds to the balance when used.
    pub bonus_amount: Money,
    /// The money it adds to the balance when used.
    pub money_amount: Money,
    /// Days of service it gives free.
    pub free_days: u32,
    /// When it was made, ms since the epoch.
    pub created_ms: i64,
    /// Set once it was used (Navixy's `activated`).
    pub used: Option<CodeUse>,
}

impl ActivationCode {
    /// The code `new` makes: not used.
    pub fn created(new: NewActivationCode) -> Self {
        Self {
            code: new.code,
            dealer: new.dealer,
            plan: new.plan,
            bonus_amount: new.bonus_amount,
            money_amount: new.money_amount,
            free_days: new.free_days,
            created_ms: new.created_ms,
            used: None,
        }
    }
}

/// What `dealer/activation_code/update` changes on codes not used yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTerms {
    /// The new billing plan.
    pub plan: PlanId,
    /// The new bonus, if it changes.
    pub bonus_amount: Option<Money>,
    /// The new free days, if they change.
    pub free_days: Option<u32>,
}

/// A code's use, for
/// [`ActivationStore::activate_code`](crate::ActivationStore::activate_code)
/// to apply atomically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    /// The code used.
    pub code: String,
    /// Who used it, with which tracker, when.
    pub by: CodeUse,
    /// The transactions it brings (its money and bonus), appended with the
    /// code's use in one write; each must be for `by.user`.
    pub credits: Vec<NewTransaction>,
    /// The billing plan the account goes on, in the same write, if it is
    /// on none.
    pub plan: Option<PlanId>,
    /// The account's renewal to record in the same write (the code's free
    /// days), if any.
    pub renewal: Option<RenewalChange>,
}

/// A renewal to record, if the stored one is still what the caller read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalChange {
    /// The renewal the caller read; `Conflict` if the stored one differs.
    pub expected: Option<Renewal>,
    /// The renewal to record; the account's trackers' `suspended` marks
    /// are set to its own.
    pub new: Renewal,
}

/// What [`ActivationStore::activate_code`](crate::ActivationStore::activate_code) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activated {
    /// The code, now used.
    pub code: ActivationCode,
    /// The transactions appended, in order.
    pub transactions: Vec<Transaction>,
}
