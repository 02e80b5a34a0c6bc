//! The storage ports for dealers (resellers) and panel administrators
//! (entities in `panel_model`), for the Panel API and the Server API's
//! REST administration to build on, and the Panel API's sessions.

use crate::model::User;
use crate::panel_model::*;
use crate::ports::StoreError;
use crate::secret::SecretDigest;

/// How many parents [`DealerStore::dealer_sees`] follows at most: far more
/// than any real hierarchy, a bound on a damaged one.
pub const MAX_DEALER_DEPTH: usize = 1024;

/// Dealers, their credits, their sub-dealers and the users they own.
pub trait DealerStore: Send + Sync {
    /// Creates a dealer; `Conflict` if its credits are below zero,
    /// `NotFound` if its parent does not exist.
    fn create_dealer(&self, new: NewDealer) -> Result<Dealer, StoreError>;
    /// Overwrites a dealer (name, credits, whether it uses them, its
    /// limit, its parent); `NotFound` if it (or its parent) does not
    /// exist, `Conflict` if the credits are below zero or the parent is
    /// the dealer itself or one of its sub-dealers (a cycle).
    fn update_dealer(&self, dealer: &Dealer) -> Result<(), StoreError>;
    /// A dealer by id.
    fn dealer(&self, id: DealerId) -> Result<Option<Dealer>, StoreError>;
    /// Every dealer, by id.
    fn dealers(&self) -> Result<Vec<Dealer>, StoreError>;
    /// Adds `delta` credits (spends them when negative), atomically, and
    /// returns the dealer as it is now; `NotFound` if it does not exist,
    /// `Conflict` (and nothing changes) if the credits would fall below zero.
    fn change_credits(&self, id: DealerId, delta: i64) -> Result<Dealer, StoreError>;
    /// The users the dealer owns (whose `dealer` names it), by id.
    fn dealer_users(&self, id: DealerId) -> Result<Vec<User>, StoreError>;

    /// Whether dealer `viewer` may see what dealer `target` owns: `target`
    /// is `viewer`, or one of its sub-dealers at any depth (`viewer` is
    /// among `target`'s ancestors). `false` when `target` does not exist.
    fn dealer_sees(&self, viewer: DealerId, target: DealerId) -> Result<bool, StoreError> {
        let mut at = Some(target);
        for _ in 0..MAX_DEALER_DEPTH {
            let Some(id) = at else {
                return Ok(false);
            };
            let Some(dealer) = self.dealer(id)? else {
                return Ok(false);
            };
            if dealer.id == viewer {
                return Ok(true);
            }
            at = dealer.parent;
        }
        Err(StoreError::Corrupt(format!(
            "dealer {}: more than {MAX_DEALER_DEPTH} parents",
            target.0
        )))
    }
}

/// Panel API accounts.
pub trait PanelAdminStore: Send + Sync {
    /// Creates a panel administrator; `Conflict` if the login is taken,
    /// `NotFound` if its dealer does not exist.
    fn create_panel_admin(&self, new: NewPanelAdmin) -> Result<PanelAdmin, StoreError>;
    /// Overwrites one; `NotFound` if it (or its dealer) does not exist,
    /// `Conflict` if the new login is taken.
    fn update_panel_admin(&self, admin: &PanelAdmin) -> Result<(), StoreError>;
    /// One by id.
    fn panel_admin(&self, id: PanelAdminId) -> Result<Option<PanelAdmin>, StoreError>;
    /// One by login (exact match).
    fn panel_admin_by_login(&self, login: &str) -> Result<Option<PanelAdmin>, StoreError>;
    /// Every panel administrator, by id.
    fn panel_admins(&self) -> Result<Vec<PanelAdmin>, StoreError>;
    /// Deletes one, and its sessions. Returns whether it existed.
    fn delete_panel_admin(&self, id: PanelAdminId) -> Result<bool, StoreError>;
}

/// Panel API sessions, by the digest of their hash.
pub trait PanelSessionStore: Send + Sync {
    /// Stores a session (replacing one with the same digest); `NotFound`
    /// if its administrator does not exist.
    fn put_panel_session(&self, session: &PanelSession) -> Result<(), StoreError>;
    /// A session by the digest of its hash.
    fn panel_session(&self, digest: &SecretDigest) -> Result<Option<PanelSession>, StoreError>;
    /// Deletes a session. Returns whether it existed.
    fn delete_panel_session(&self, digest: &SecretDigest) -> Result<bool, StoreError>;
    /// Deletes every session that ended at or before `now_ms` (its
    /// `expires_ms`; an idle timeout is the API's to apply), without
    /// reading the others; returns how many.
    fn sweep_panel_sessions(&self, now_ms: i64) -> Result<usize, StoreError>;
}
