//! Changing a user's balance, for every surface that does (the Panel API's
//! `user/transaction/change_balance`, and whatever takes payments): the
//! transaction is appended with its balance change, then the account's
//! renewal is settled at once, so a payment that covers an unpaid period
//! charges it and lifts the suspension of the account's trackers before
//! the call answers, not a renewal tick later.
//!
//! Dealers reach only what they may see: [`dealer_may_manage`] answers
//! whether a dealer (or one of its ancestors) owns a user's account.

use trackgate_actors::renewals::{self, RenewalClock, Settled};
use trackgate_store::{DealerId, Money, NewTransaction, Store, StoreError, Transaction, UserId};

/// What [`change_balance`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceChanged {
    /// The transaction appended.
    pub transaction: Transaction,
    /// What settling the account's renewal then did.
    pub settled: Settled,
}

/// Appends `new` (refused with `Conflict`, nothing changed, if the balance
/// would end below `floor`), then settles the account's renewal at
/// `now_ms`. Blocking: call it off the async executor.
pub fn change_balance(
    store: &dyn Store,
    clock: RenewalClock,
    new: NewTransaction,
    floor: Option<Money>,
    now_ms: i64,
) -> Result<BalanceChanged, StoreError> {
    let user = new.user;
    let transaction = store.append_transaction(new, floor)?;
    let settled = renewals::settle(store, user, now_ms, clock)?;
    Ok(BalanceChanged {
        transaction,
        settled,
    })
}

/// Whether `dealer` may manage `user`'s account: the account belongs to
/// `dealer` or to one of its sub-dealers, at any depth. `false` for a
/// missing user or a user of no dealer.
pub fn dealer_may_manage(
    store: &dyn Store,
    dealer: DealerId,
    user: UserId,
) -> Result<bool, StoreError> {
    match store.user(user)?.and_then(|u| u.dealer) {
        Some(owner) => store.dealer_sees(dealer, owner),
        None => Ok(false),
    }
}
