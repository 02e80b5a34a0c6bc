//! Format version 3 to 4: users and dealers get limits of their own.
//!
//! A user gains a tracker limit of its own, the addresses it may be used
//! from and notes (none, anywhere, empty: as every user was); a dealer
//! gains whether it uses credits (yes: its credits were there to be spent)
//! and a tracker limit (none). One durable batch converts every record and
//! writes version 4.

use fjall::Readable;
use serde::{Deserialize, Serialize};

use super::migrate_v5::DealerV4;
use super::{EmbeddedStore, codec, engine};
use crate::model::{User, UserId};
use crate::operator_model::{PlanId, Privilege};
use crate::panel_model::DealerId;
use crate::ports::StoreError;

/// A user as format 3 stored it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct UserV3 {
    pub(super) id: UserId,
    pub(super) login: String,
    pub(super) password_hash: String,
    pub(super) created_ms: i64,
    pub(super) blocked: bool,
    pub(super) time_zone: String,
    pub(super) username: Option<String>,
    pub(super) privilege: Privilege,
    pub(super) manager: Option<UserId>,
    pub(super) expires_ms: Option<i64>,
    pub(super) plan: Option<PlanId>,
    pub(super) dealer: Option<DealerId>,
}

/// A dealer as format 3 stored it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct DealerV3 {
    pub(super) id: DealerId,
    pub(super) name: String,
    pub(super) credits: i64,
    pub(super) created_ms: i64,
}

impl From<UserV3> for User {
    fn from(old: UserV3) -> Self {
        User {
            id: old.id,
            login: old.login,
            password_hash: old.password_hash,
            created_ms: old.created_ms,
            blocked: old.blocked,
            time_zone: old.time_zone,
            username: old.username,
            privilege: old.privilege,
            manager: old.manager,
            expires_ms: old.expires_ms,
            plan: old.plan,
            dealer: old.dealer,
            tracker_limit: None,
            allowed_ips: Vec::new(),
            notes: String::new(),
        }
    }
}

impl From<DealerV3> for DealerV4 {
    fn from(old: DealerV3) -> Self {
        DealerV4 {
            id: old.id,
            name: old.name,
            credits: old.credits,
            use_credits: true,
            tracker_limit: None,
            created_ms: old.created_ms,
        }
    }
}

impl EmbeddedStore {
    /// Version 3 to 4; see the module docs.
    pub(super) fn own_limits(&self) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        let snapshot = self.db.snapshot();
        let mut users = 0_usize;
        for guard in snapshot.iter(&self.ks.users) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: UserV3 = codec::decode(&value, "user (format 3)")?;
            batch.insert(&self.ks.users, key, codec::encode(&User::from(old))?);
            users += 1;
        }
        let mut dealers = 0_usize;
        for guard in snapshot.iter(&self.ks.dealers) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: DealerV3 = codec::decode(&value, "dealer (format 3)")?;
            batch.insert(&self.ks.dealers, key, codec::encode(&DealerV4::from(old))?);
            dealers += 1;
        }
        self.write_format_version(&mut batch, 4)?;
        batch.commit().map_err(engine)?;
        if users + dealers > 0 {
            tracing::info!(
                users,
                dealers,
                "users and dealers given limits of their own (store format 4)"
            );
        }
        Ok(())
    }
}

/// Writes users and dealers the way format version 3 did, for migration tests.
#[cfg(test)]
pub(super) mod v3 {
    use super::*;

    impl EmbeddedStore {
        /// Stores `users` and `dealers` in the version 3 layout, with the
        /// users' login index and the id counters, and marks the store as
        /// version 3.
        pub(in crate::embedded) fn write_v3(
            &self,
            users: &[UserV3],
            dealers: &[DealerV3],
        ) -> Result<(), StoreError> {
            let mut batch = self.durable_batch();
            for user in users {
                let id = user.id.0;
                batch.insert(&self.ks.users, id.to_be_bytes(), codec::encode(user)?);
                batch.insert(&self.ks.user_logins, user.login.as_str(), id.to_be_bytes());
            }
            for dealer in dealers {
                batch.insert(
                    &self.ks.dealers,
                    dealer.id.0.to_be_bytes(),
                    codec::encode(dealer)?,
                );
            }
            let next = |ids: &mut dyn Iterator<Item = u64>| ids.max().unwrap_or(0) + 1;
            let next_user = next(&mut users.iter().map(|u| u.id.0));
            let next_dealer = next(&mut dealers.iter().map(|d| d.id.0));
            batch.insert(&self.ks.meta, b"next_id/user", codec::encode(&next_user)?);
            batch.insert(
                &self.ks.meta,
                b"next_id/dealer",
                codec::encode(&next_dealer)?,
            );
            self.write_format_version(&mut batch, 3)?;
            batch.commit().map_err(engine)
        }
    }
}
