//! What every surface that gives trackers to accounts shares: one lock for
//! the changes of who holds a device, and the rules for one more tracker:
//! the billing plan's tracker limit, the account's own limit, its
//! reseller's limit for all its users, and its reseller's credits.
//!
//! The User API's registration calls and the Server API's object commands
//! and REST administration all take [`claims`] before they read what they
//! change, so two calls cannot both take the last place a limit leaves,
//! nor the same device id, nor the last credit.
//!
//! A tracker added to an account whose reseller uses credits spends one
//! of them ([`admit_tracker`] spends it, [`Admission::refund`] gives it
//! back if the tracker could not be added after all). Removing a tracker
//! gives nothing back: the credit paid for adding it.

use std::sync::{Mutex, MutexGuard, PoisonError};

use trackgate_store::{DealerId, Store, StoreError, UserId};

/// Serialises the calls that give devices to users, so two of them cannot
/// both take the same device, phone number or place in a plan.
pub static CLAIMS: Mutex<()> = Mutex::new(());

/// Takes the claims lock (see the module docs).
pub fn claims() -> MutexGuard<'static, ()> {
    // The guarded state is in the store; a panic elsewhere leaves nothing
    // half-done here.
    CLAIMS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why an account may not take one more tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Its billing plan's tracker limit is reached.
    #[error("the account's billing plan allows no more trackers (its limit: {limit})")]
    Plan {
        /// How many the plan allows.
        limit: u32,
    },
    /// The account's own limit (seed 001's `max_allowed_connections`).
    #[error("the account allows no more trackers (its limit: {limit})")]
    Account {
        /// How many the account may hold.
        limit: u32,
    },
    /// Its reseller's limit for all the reseller's users together.
    #[error(
        "the account's reseller allows no more trackers for its users (its limit: {limit} in all)"
    )]
    Reseller {
        /// How many the reseller's users may hold together.
        limit: u32,
    },
    /// Its reseller uses credits and has none left.
    #[error("the account's reseller has no credits left")]
    NoCredits,
}

/// Room for one tracker, granted by [`admit_tracker`]: the credit it
/// spent, if any, to give back should the tracker not be added.
#[derive(Debug)]
#[must_use = "a credit spent for a tracker that was not added must be refunded"]
pub struct Admission {
    charged: Option<DealerId>,
}

impl Admission {
    /// The reseller whose credit was spent, if one was.
    pub fn charged(&self) -> Option<DealerId> {
        self.charged
    }

    /// The tracker was not added after all: the credit goes back.
    pub fn refund(self, store: &dyn Store) -> Result<(), StoreError> {
        if let Some(dealer) = self.charged {
            store.change_credits(dealer, 1)?;
        }
        Ok(())
    }
}

/// Whether `user`'s account may take one more tracker, and if so the
/// credit that costs, spent: `Err` names the first rule that refuses.
/// Every tracker the account shows counts (its own and its clones; not
/// corrupted ones), and for a reseller's limit every tracker of every one
/// of its users. Call it holding [`claims`], and add the tracker before
/// letting go (or [`Admission::refund`] it).
pub fn admit_tracker(
    store: &dyn Store,
    user: UserId,
) -> Result<Result<Admission, Refusal>, StoreError> {
    let Some(account) = store.user(user)? else {
        return Ok(Ok(Admission { charged: None }));
    };
    let held = count_trackers(store, user)?;
    let plan_limit = account
        .plan
        .map(|plan| store.plan(plan))
        .transpose()?
        .flatten()
        .and_then(|plan| plan.tracker_limit);
    if let Some(limit) = plan_limit.filter(|limit| !below(held, *limit)) {
        return Ok(Err(Refusal::Plan { limit }));
    }
    if let Some(limit) = account.tracker_limit.filter(|limit| !below(held, *limit)) {
        return Ok(Err(Refusal::Account { limit }));
    }
    let Some(dealer) = account
        .dealer
        .map(|id| store.dealer(id))
        .transpose()?
        .flatten()
    else {
        return Ok(Ok(Admission { charged: None }));
    };
    if let Some(limit) = dealer.tracker_limit {
        let mut together = 0;
        for member in store.dealer_users(dealer.id)? {
            together += count_trackers(store, member.id)?;
        }
        if !below(together, limit) {
            return Ok(Err(Refusal::Reseller { limit }));
        }
    }
    if !dealer.use_credits {
        return Ok(Ok(Admission { charged: None }));
    }
    match store.change_credits(dealer.id, -1) {
        Ok(_) => Ok(Ok(Admission {
            charged: Some(dealer.id),
        })),
        Err(StoreError::Conflict(_)) => Ok(Err(Refusal::NoCredits)),
        Err(error) => Err(error),
    }
}

/// Trackers `user`'s account shows, corrupted ones aside.
fn count_trackers(store: &dyn Store, user: UserId) -> Result<usize, StoreError> {
    Ok(store
        .user_trackers(user)?
        .iter()
        .filter(|t| !t.corrupted)
        .count())
}

fn below(held: usize, limit: u32) -> bool {
    held < usize::try_from(limit).unwrap_or(usize::MAX)
}
