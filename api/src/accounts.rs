//! What every surface that gives trackers to accounts shares: one lock for
//! the changes of who holds a device, and the billing plan's tracker limit.
//!
//! The User API's registration calls and the Server API's object commands
//! both take [`claims`] before they read what they change, so two calls
//! cannot both take the last place a plan leaves, nor the same device id.

use std::sync::{Mutex, MutexGuard, PoisonError};

use trackgate_store::{Store, StoreError, UserId};

/// Serialises the calls that give devices to users, so two of them cannot
/// both take the same device, phone number or place in a plan.
pub static CLAIMS: Mutex<()> = Mutex::new(());

/// Takes the claims lock (see the module docs).
pub fn claims() -> MutexGuard<'static, ()> {
    // The guarded state is in the store; a panic elsewhere leaves nothing
    // half-done here.
    CLAIMS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The account's billing plan allows no more trackers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitReached {
    /// How many the plan allows.
    pub limit: u32,
}

/// Whether `user`'s account may take one more tracker: `Err` when its
/// plan's tracker limit is reached. Every tracker the account shows counts
/// (its own and its clones; not corrupted ones). Call it holding
/// [`claims`], and add the tracker before letting go.
pub fn room_for_tracker(
    store: &dyn Store,
    user: UserId,
) -> Result<Result<(), LimitReached>, StoreError> {
    let Some(account) = store.user(user)? else {
        return Ok(Ok(()));
    };
    let Some(limit) = account
        .plan
        .map(|plan| store.plan(plan))
        .transpose()?
        .flatten()
        .and_then(|plan| plan.tracker_limit)
    else {
        return Ok(Ok(()));
    };
    let held = store
        .user_trackers(user)?
        .iter()
        .filter(|t| !t.corrupted)
        .count();
    if held < usize::try_from(limit).unwrap_or(usize::MAX) {
        Ok(Ok(()))
    } else {
        Ok(Err(LimitReached { limit }))
    }
}
