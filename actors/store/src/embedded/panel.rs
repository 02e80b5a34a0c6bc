//! Dealers and panel administrators ([`DealerStore`], [`PanelAdminStore`]).
//!
//! Every write holds the account lock and commits one durable batch, as
//! users' do; a panel administrator's login is indexed like a user's.

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::User;
use crate::panel_model::*;
use crate::panel_ports::{DealerStore, PanelAdminStore};
use crate::ports::StoreError;

/// `meta` key of the next dealer id to hand out.
const NEXT_DEALER_ID: &[u8] = b"next_id/dealer";
/// `meta` key of the next panel administrator id to hand out.
const NEXT_PANEL_ADMIN_ID: &[u8] = b"next_id/panel_admin";

/// `Conflict` for credits below zero.
fn check_credits(credits: i64) -> Result<(), StoreError> {
    if credits < 0 {
        return Err(StoreError::Conflict(format!(
            "credits cannot fall below zero ({credits})"
        )));
    }
    Ok(())
}

impl EmbeddedStore {
    /// `NotFound` unless `dealer` (if any) exists.
    pub(super) fn check_dealer(&self, dealer: Option<DealerId>) -> Result<(), StoreError> {
        match dealer {
            Some(id)
                if !self
                    .ks
                    .dealers
                    .contains_key(id.0.to_be_bytes())
                    .map_err(engine)? =>
            {
                Err(StoreError::NotFound(format!("dealer {}", id.0)))
            }
            _ => Ok(()),
        }
    }

    /// `NotFound` unless `dealer`'s parent (if any) exists; `Conflict` if
    /// it is `dealer` itself or below it (the parents would form a cycle).
    /// Holding the account lock, so no other write changes the chain.
    fn check_parent(&self, dealer: DealerId, parent: Option<DealerId>) -> Result<(), StoreError> {
        let Some(parent) = parent else {
            return Ok(());
        };
        self.check_dealer(Some(parent))?;
        if self.dealer_sees(dealer, parent)? {
            return Err(StoreError::Conflict(format!(
                "dealer {} cannot be a sub-dealer of dealer {}: that would make a cycle",
                dealer.0, parent.0
            )));
        }
        Ok(())
    }

    fn write_dealer(&self, dealer: &Dealer) -> Result<(), StoreError> {
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.dealers,
            dealer.id.0.to_be_bytes(),
            codec::encode(dealer)?,
        );
        batch.commit().map_err(engine)
    }
}

impl DealerStore for EmbeddedStore {
    fn create_dealer(&self, new: NewDealer) -> Result<Dealer, StoreError> {
        check_credits(new.credits)?;
        let _lock = self.lock_accounts();
        // A new dealer has no sub-dealers yet: an existing parent is enough.
        self.check_dealer(new.parent)?;
        let (id, next) = self.next_id(NEXT_DEALER_ID)?;
        let dealer = Dealer::created(DealerId(id), new);
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.dealers, id.to_be_bytes(), codec::encode(&dealer)?);
        batch.insert(&self.ks.meta, NEXT_DEALER_ID, next);
        batch.commit().map_err(engine)?;
        Ok(dealer)
    }

    fn update_dealer(&self, dealer: &Dealer) -> Result<(), StoreError> {
        check_credits(dealer.credits)?;
        let _lock = self.lock_accounts();
        self.check_dealer(Some(dealer.id))?;
        self.check_parent(dealer.id, dealer.parent)?;
        self.write_dealer(dealer)
    }

    fn dealer(&self, id: DealerId) -> Result<Option<Dealer>, StoreError> {
        self.entity(&self.ks.dealers, id.0, "dealer")
    }

    fn dealers(&self) -> Result<Vec<Dealer>, StoreError> {
        Self::all(&self.ks.dealers, "dealer")
    }

    fn change_credits(&self, id: DealerId, delta: i64) -> Result<Dealer, StoreError> {
        let _lock = self.lock_accounts();
        let mut dealer: Dealer = self
            .entity(&self.ks.dealers, id.0, "dealer")?
            .ok_or_else(|| StoreError::NotFound(format!("dealer {}", id.0)))?;
        dealer.credits = dealer
            .credits
            .checked_add(delta)
            .ok_or_else(|| StoreError::Conflict("credits out of range".into()))?;
        check_credits(dealer.credits)?;
        self.write_dealer(&dealer)?;
        Ok(dealer)
    }

    fn dealer_users(&self, id: DealerId) -> Result<Vec<User>, StoreError> {
        self.listed(&self.ks.dealer_users, id.0, &self.ks.users, "user")
    }
}

impl PanelAdminStore for EmbeddedStore {
    fn create_panel_admin(&self, new: NewPanelAdmin) -> Result<PanelAdmin, StoreError> {
        keys::check_name(&new.login, "login")?;
        let _lock = self.lock_accounts();
        Self::check_unique(&self.ks.panel_admin_logins, &new.login, None, "login")?;
        self.check_dealer(new.dealer)?;
        let (id, next) = self.next_id(NEXT_PANEL_ADMIN_ID)?;
        let admin = PanelAdmin::created(PanelAdminId(id), new);
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.panel_admins,
            id.to_be_bytes(),
            codec::encode(&admin)?,
        );
        batch.insert(
            &self.ks.panel_admin_logins,
            admin.login.as_str(),
            id.to_be_bytes(),
        );
        batch.insert(&self.ks.meta, NEXT_PANEL_ADMIN_ID, next);
        batch.commit().map_err(engine)?;
        Ok(admin)
    }

    fn update_panel_admin(&self, admin: &PanelAdmin) -> Result<(), StoreError> {
        keys::check_name(&admin.login, "login")?;
        let _lock = self.lock_accounts();
        let id = admin.id.0;
        let old: PanelAdmin = self
            .entity(&self.ks.panel_admins, id, "panel administrator")?
            .ok_or_else(|| StoreError::NotFound(format!("panel administrator {id}")))?;
        self.check_dealer(admin.dealer)?;
        let mut batch = self.durable_batch();
        if old.login != admin.login {
            Self::check_unique(&self.ks.panel_admin_logins, &admin.login, Some(id), "login")?;
            batch.remove(&self.ks.panel_admin_logins, old.login.as_str());
            batch.insert(
                &self.ks.panel_admin_logins,
                admin.login.as_str(),
                id.to_be_bytes(),
            );
        }
        batch.insert(
            &self.ks.panel_admins,
            id.to_be_bytes(),
            codec::encode(admin)?,
        );
        batch.commit().map_err(engine)
    }

    fn panel_admin(&self, id: PanelAdminId) -> Result<Option<PanelAdmin>, StoreError> {
        self.entity(&self.ks.panel_admins, id.0, "panel administrator")
    }

    fn panel_admin_by_login(&self, login: &str) -> Result<Option<PanelAdmin>, StoreError> {
        self.get_indexed(
            &self.ks.panel_admin_logins,
            login,
            &self.ks.panel_admins,
            "panel administrator",
        )
    }

    fn panel_admins(&self) -> Result<Vec<PanelAdmin>, StoreError> {
        Self::all(&self.ks.panel_admins, "panel administrator")
    }

    fn delete_panel_admin(&self, id: PanelAdminId) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(admin): Option<PanelAdmin> =
            self.entity(&self.ks.panel_admins, id.0, "panel administrator")?
        else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.panel_admins, id.0.to_be_bytes());
        batch.remove(&self.ks.panel_admin_logins, admin.login.as_str());
        self.remove_panel_admin_sessions(&mut batch, id)?;
        batch.commit().map_err(engine)?;
        Ok(true)
    }
}
