//! Activation codes in registration: `tracker/register` with
//! `activation_code` uses a code a dealer made (`ActivationStore`), once.
//!
//! What a registration with a code does (docs/decisions.md):
//! - a code that does not exist, is used already, or is of a dealer that
//!   is not the caller's dealer (nor above it) is 227, and nothing is
//!   registered;
//! - a usable code is used by the new tracker, in the same claims section
//!   as the registration, and in one store write with what it credits:
//!   its `money_amount` as a `payment` and its `bonus_amount` as a `bonus`
//!   transaction;
//! - an account without a billing plan goes on the code's; an account on
//!   a plan keeps it (a code never moves an account off a plan);
//! - its free days are added to the account's renewal (the account's
//!   plan's, whichever it is: see `renewals::with_free_days`), written
//!   with the code's use and its credits in one store write, so a renewal
//!   tick never charges in between; the renewal is then settled, so the
//!   money credited pays a period due at once.

use trackgate_actors::renewals::{self, RenewalClock, Settled};
use trackgate_store::{
    Activation, ActivationCode, CodeUse, Money, NewTransaction, RenewalChange, Store, StoreError,
    TrackerId, TransactionType, UserId,
};

use crate::error::{ApiError, Code};
use crate::params::Params;

/// Who activation transactions are made by, in the ledger.
pub const MADE_BY: &str = "activation code";

/// The `activation_code` parameter: digits as text or as a number; empty
/// is as if left out.
pub(super) fn param(params: &Params) -> Result<Option<String>, ApiError> {
    let code = match params.raw("activation_code") {
        None => return Ok(None),
        Some(serde_json::Value::String(text)) => text.trim().to_owned(),
        Some(serde_json::Value::Number(n)) if n.is_u64() => n.to_string(),
        Some(_) => {
            return Err(ApiError::invalid(
                "activation_code",
                "must be a code (digits)",
            ));
        }
    };
    Ok((!code.is_empty()).then_some(code))
}

fn wrong() -> ApiError {
    ApiError::code(Code::WrongActivationCode)
}

/// The code `user` may use: 227 when it does not exist, is used, or is of
/// a dealer that does not see the user's dealer. Call it holding the
/// claims lock, before anything is registered.
pub(super) fn usable(
    store: &dyn Store,
    user: UserId,
    code: &str,
) -> Result<ActivationCode, ApiError> {
    let found = store.activation_code(code)?.ok_or_else(wrong)?;
    if found.used.is_some() {
        return Err(wrong());
    }
    if let Some(seller) = found.dealer {
        let buyer = store.user(user)?.and_then(|u| u.dealer);
        let allowed = match buyer {
            Some(buyer) => store.dealer_sees(seller, buyer)?,
            None => false,
        };
        if !allowed {
            return Err(wrong());
        }
    }
    Ok(found)
}

/// How often a use is tried again when the account's renewal changed
/// between reading it and the write (a renewal tick got there first).
const ATTEMPTS: usize = 3;

/// Uses `code` for `tracker` of `user` at `now_ms` and applies what it
/// carries (see the module docs), in one store write. Answers the
/// trackers whose connections should close if settling the renewal then
/// suspended the account.
pub(super) fn redeem(
    store: &dyn Store,
    clock: RenewalClock,
    code: &ActivationCode,
    user: UserId,
    tracker: TrackerId,
    now_ms: i64,
) -> Result<Vec<TrackerId>, ApiError> {
    let credit = |amount: Money, kind: TransactionType| {
        (amount > Money::ZERO).then(|| NewTransaction {
            user,
            time_ms: now_ms,
            amount,
            kind,
            description: format!("Activation code {}", code.code),
            tracker: Some(tracker),
            made_by: Some(MADE_BY.into()),
        })
    };
    let credits: Vec<NewTransaction> = [
        credit(code.money_amount, TransactionType::Payment),
        credit(code.bonus_amount, TransactionType::Bonus),
    ]
    .into_iter()
    .flatten()
    .collect();
    for _ in 0..ATTEMPTS {
        let account = store.user(user)?.ok_or_else(wrong)?;
        let plan = match account.plan {
            Some(own) => store.plan(own)?,
            None => store.plan(code.plan)?,
        };
        let stored = store.renewal(user)?;
        let renewal = plan
            .as_ref()
            .and_then(|plan| renewals::with_free_days(stored, plan, code.free_days, now_ms, clock))
            .map(|new| RenewalChange {
                expected: stored,
                new,
            });
        let activation = Activation {
            code: code.code.clone(),
            by: CodeUse {
                tracker,
                user,
                time_ms: now_ms,
            },
            credits: credits.clone(),
            plan: plan.map(|p| p.id),
            renewal,
        };
        match store.activate_code(activation) {
            Ok(_) => {
                return Ok(match renewals::settle(store, user, now_ms, clock)? {
                    Settled::Suspended { trackers } => trackers,
                    _ => Vec::new(),
                });
            }
            // The renewal moved meanwhile while the code is still unused: again.
            Err(StoreError::Conflict(_))
                if store
                    .activation_code(&code.code)?
                    .is_some_and(|c| c.used.is_none()) => {}
            Err(StoreError::Conflict(_) | StoreError::NotFound(_)) => return Err(wrong()),
            Err(other) => return Err(other.into()),
        }
    }
    Err(ApiError::from(StoreError::Conflict(format!(
        "the renewal of user {} kept changing",
        user.0
    ))))
}
