//! Which dealer's users and tariffs a panel administrator sees: the one
//! rule, [`sees`], that every Panel call goes through.
//!
//! An administrator of a dealer sees what that dealer owns; an
//! administrator without a dealer (the server's own staff) sees
//! everything. Anything else is answered 201, exactly as something that
//! does not exist, so no call tells another dealer's data apart from none.
//!
//! When dealers gain parents, a parent's administrators will see what its
//! sub-dealers own too: that rule goes into [`sees`] (which already has
//! the store to walk up from `owner`), and [`candidate_users`] widens to
//! the sub-dealers' users.

use trackgate_store::{DealerId, PanelAdmin, Store, StoreError, User};

/// Whether `admin` sees what belongs to `owner` (a user's or a tariff's
/// dealer; `None` = the server's own).
pub fn sees(
    _store: &dyn Store,
    admin: &PanelAdmin,
    owner: Option<DealerId>,
) -> Result<bool, StoreError> {
    Ok(match admin.dealer {
        None => true,
        Some(dealer) => owner == Some(dealer),
    })
}

/// The users `admin` may see, read from the narrowest index that holds
/// them all; callers still keep only those [`sees`] allows.
pub fn candidate_users(store: &dyn Store, admin: &PanelAdmin) -> Result<Vec<User>, StoreError> {
    match admin.dealer {
        Some(dealer) => store.dealer_users(dealer),
        None => store.users(),
    }
}
