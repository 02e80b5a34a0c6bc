//! Which dealer's users and tariffs a panel administrator sees: the one
//! rule, [`sees`], that every Panel call goes through.
//!
//! An administrator of a dealer sees what that dealer owns; an
//! administrator without a dealer (the server's own staff) sees
//! everything. Anything else is answered 201, exactly as something that
//! does not exist, so no call tells another dealer's data apart from none.
//!
//! A parent dealer's administrators also see what its sub-dealers own, at
//! any depth (the store's `dealer_sees`); a sub-dealer's never see its
//! parent's.

use trackgate_store::{DealerId, PanelAdmin, Store, StoreError, User};

/// Whether `admin` sees what belongs to `owner` (a user's or a tariff's
/// dealer; `None` = the server's own).
pub fn sees(
    store: &dyn Store,
    admin: &PanelAdmin,
    owner: Option<DealerId>,
) -> Result<bool, StoreError> {
    match (admin.dealer, owner) {
        (None, _) => Ok(true),
        (Some(_), None) => Ok(false),
        (Some(dealer), Some(owner)) if dealer == owner => Ok(true),
        // A parent dealer sees its sub-dealers' things, at any depth.
        (Some(dealer), Some(owner)) => store.dealer_sees(dealer, owner),
    }
}

/// The users `admin` may see, read from the narrowest index that holds
/// them all; callers still keep only those [`sees`] allows.
pub fn candidate_users(store: &dyn Store, admin: &PanelAdmin) -> Result<Vec<User>, StoreError> {
    let Some(dealer) = admin.dealer else {
        return store.users();
    };
    let mut users = Vec::new();
    for below in store.dealers()? {
        if below.id == dealer || store.dealer_sees(dealer, below.id)? {
            users.extend(store.dealer_users(below.id)?);
        }
    }
    users.sort_by_key(|u| u.id);
    Ok(users)
}

/// The dealers whose things `admin` sees: its own and those below it;
/// `None` (every dealer's, and the server's own) for an administrator
/// without a dealer.
pub fn visible_dealers(
    store: &dyn Store,
    admin: &PanelAdmin,
) -> Result<Option<Vec<DealerId>>, StoreError> {
    let Some(dealer) = admin.dealer else {
        return Ok(None);
    };
    let mut seen = Vec::new();
    for below in store.dealers()? {
        if below.id == dealer || store.dealer_sees(dealer, below.id)? {
            seen.push(below.id);
        }
    }
    Ok(Some(seen))
}
