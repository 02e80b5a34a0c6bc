//! Users and trackers, with their indexes and id counters.
//!
//! Every write here holds the account lock (see the module docs of
//! `embedded`), reads the current state, and commits one durable batch that
//! changes the entity and all of its index entries together.

use fjall::{OwnedWriteBatch, Readable};

use super::{EmbeddedStore, apply, codec, engine, keys};
use crate::model::*;
use crate::ports::{AccountStore, StoreError};
use crate::secret::SecretDigest;

/// `meta` key of the next user id to hand out.
const NEXT_USER_ID: &[u8] = b"next_id/user";

impl EmbeddedStore {
    /// `NotFound` unless user `owner` (if any) exists.
    fn check_owner(&self, owner: Option<UserId>) -> Result<(), StoreError> {
        let Some(user) = owner else {
            return Ok(());
        };
        if self
            .ks
            .users
            .contains_key(user.0.to_be_bytes())
            .map_err(engine)?
        {
            Ok(())
        } else {
            Err(StoreError::NotFound(format!("user {}", user.0)))
        }
    }

    /// Adds a new user (its entity, login and the id counter) to `batch`;
    /// `Conflict` if the login is taken. The caller holds the account lock.
    pub(super) fn insert_user(
        &self,
        batch: &mut OwnedWriteBatch,
        new: NewUser,
        blocked: bool,
    ) -> Result<User, StoreError> {
        keys::check_name(&new.login, "login")?;
        Self::check_unique(&self.ks.user_logins, &new.login, None, "login")?;
        let (id, next) = self.next_id(NEXT_USER_ID)?;
        let user = User {
            blocked,
            ..User::created(UserId(id), new)
        };
        batch.insert(&self.ks.users, id.to_be_bytes(), codec::encode(&user)?);
        batch.insert(&self.ks.user_logins, user.login.as_str(), id.to_be_bytes());
        batch.insert(&self.ks.meta, NEXT_USER_ID, next);
        Ok(user)
    }

    /// `Conflict` if `index` maps `name` to an id other than `own_id`.
    pub(super) fn check_unique(
        index: &fjall::Keyspace,
        name: &str,
        own_id: Option<u64>,
        what: &str,
    ) -> Result<(), StoreError> {
        match index.get(name).map_err(engine)? {
            Some(id) if Some(keys::u64_at(&id, 0, what)?) != own_id => {
                Err(StoreError::Conflict(format!("{what} {name:?}")))
            }
            _ => Ok(()),
        }
    }
}

impl AccountStore for EmbeddedStore {
    fn create_user(&self, new: NewUser) -> Result<User, StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        let user = self.insert_user(&mut batch, new, false)?;
        batch.commit().map_err(engine)?;
        Ok(user)
    }

    fn update_user(&self, user: &User) -> Result<(), StoreError> {
        keys::check_name(&user.login, "login")?;
        let _lock = self.lock_accounts();
        let id = user.id.0;
        let old: User = self
            .entity(&self.ks.users, id, "user")?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))?;
        self.check_user_links(&old, user)?;
        let mut batch = self.durable_batch();
        self.relink_user(&mut batch, Some(&old), Some(user));
        if old.login != user.login {
            Self::check_unique(&self.ks.user_logins, &user.login, Some(id), "login")?;
            batch.remove(&self.ks.user_logins, old.login.as_str());
            batch.insert(&self.ks.user_logins, user.login.as_str(), id.to_be_bytes());
        }
        batch.insert(&self.ks.users, id.to_be_bytes(), codec::encode(user)?);
        batch.commit().map_err(engine)
    }

    fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.entity(&self.ks.users, id.0, "user")
    }

    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.get_indexed(&self.ks.user_logins, login, &self.ks.users, "user")
    }

    fn users(&self) -> Result<Vec<User>, StoreError> {
        Self::all(&self.ks.users, "user")
    }

    /// One batch removes the user, its login, sessions and API keys, its
    /// tags, groups, sub-users and clones, unassigns its trackers and the
    /// users it managed, so no crash leaves a half-deleted user.
    fn delete_user(&self, id: UserId) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(user): Option<User> = self.entity(&self.ks.users, id.0, "user")? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.users, id.0.to_be_bytes());
        batch.remove(&self.ks.user_logins, user.login.as_str());
        self.relink_user(&mut batch, Some(&user), None);
        self.unlink_managed(&mut batch, id)?;
        self.remove_user_access(&mut batch, id)?;
        self.remove_user_tenancy(&mut batch, id)?;
        for guard in self.ks.tracker_owners.prefix(id.0.to_be_bytes()) {
            let key = guard.key().map_err(engine)?;
            let tracker_id = keys::u64_at(&key, 8, "owner index")?;
            let tracker: Option<Tracker> = self.entity(&self.ks.trackers, tracker_id, "tracker")?;
            if let Some(clone) = tracker.as_ref().filter(|t| t.clone_of.is_some()) {
                // A clone is this account's view of a device: it goes with it.
                self.remove_clone(&mut batch, clone)?;
                continue;
            }
            if let Some(mut tracker) = tracker {
                tracker.owner = None;
                batch.insert(
                    &self.ks.trackers,
                    tracker_id.to_be_bytes(),
                    codec::encode(&tracker)?,
                );
            }
            batch.remove(&self.ks.tracker_owners, key);
        }
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    /// `NotFound` if the owner does not exist: an index entry for a missing
    /// user would attach the tracker to whoever later gets that id.
    fn create_tracker(&self, new: NewTracker) -> Result<Tracker, StoreError> {
        keys::check_name(&new.device_id, "device id")?;
        let _lock = self.lock_accounts();
        Self::check_unique(&self.ks.tracker_devices, &new.device_id, None, "device id")?;
        self.check_owner(new.owner)?;
        let (id, next) = self.next_tracker_id()?;
        let tracker = Tracker::created(TrackerId(id), new);
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.trackers,
            id.to_be_bytes(),
            codec::encode(&tracker)?,
        );
        batch.insert(
            &self.ks.tracker_devices,
            tracker.device_id.as_str(),
            id.to_be_bytes(),
        );
        if let Some(owner) = tracker.owner {
            batch.insert(&self.ks.tracker_owners, keys::pair_key(owner.0, id), []);
        }
        self.store_next_tracker_id(&mut batch, next);
        batch.commit().map_err(engine)?;
        Ok(tracker)
    }

    /// `NotFound` also if the new owner does not exist.
    fn update_tracker(&self, tracker: &Tracker) -> Result<(), StoreError> {
        keys::check_name(&tracker.device_id, "device id")?;
        let _lock = self.lock_accounts();
        let id = tracker.id.0;
        let old: Tracker = self
            .entity(&self.ks.trackers, id, "tracker")?
            .ok_or_else(|| StoreError::NotFound(format!("tracker {id}")))?;
        if old.clone_of != tracker.clone_of {
            return Err(StoreError::Conflict(format!(
                "tracker {id}: a clone stays a clone of its source"
            )));
        }
        let mut batch = self.durable_batch();
        // A clone's device id is its source's, kept for reading only.
        if old.device_id != tracker.device_id && tracker.clone_of.is_none() {
            Self::check_unique(
                &self.ks.tracker_devices,
                &tracker.device_id,
                Some(id),
                "device id",
            )?;
            batch.remove(&self.ks.tracker_devices, old.device_id.as_str());
            batch.insert(
                &self.ks.tracker_devices,
                tracker.device_id.as_str(),
                id.to_be_bytes(),
            );
        }
        self.reindex_expiry(&mut batch, id, old.expires_ms, tracker.expires_ms);
        if old.owner != tracker.owner {
            self.check_owner(tracker.owner)?;
            self.remove_tracker_tenancy(&mut batch, id)?;
            if let Some(owner) = old.owner {
                batch.remove(&self.ks.tracker_owners, keys::pair_key(owner.0, id));
            }
            if let Some(owner) = tracker.owner {
                batch.insert(&self.ks.tracker_owners, keys::pair_key(owner.0, id), []);
            }
        }
        batch.insert(&self.ks.trackers, id.to_be_bytes(), codec::encode(tracker)?);
        batch.commit().map_err(engine)
    }

    fn tracker(&self, id: TrackerId) -> Result<Option<Tracker>, StoreError> {
        self.entity(&self.ks.trackers, id.0, "tracker")
    }

    fn tracker_by_device(&self, device_id: &str) -> Result<Option<Tracker>, StoreError> {
        self.get_indexed(
            &self.ks.tracker_devices,
            device_id,
            &self.ks.trackers,
            "tracker",
        )
    }

    fn trackers(&self) -> Result<Vec<Tracker>, StoreError> {
        Self::all(&self.ks.trackers, "tracker")
    }

    fn user_trackers(&self, user: UserId) -> Result<Vec<Tracker>, StoreError> {
        let snapshot = self.db.snapshot();
        let mut out = Vec::new();
        for guard in snapshot.prefix(&self.ks.tracker_owners, user.0.to_be_bytes()) {
            let key = guard.key().map_err(engine)?;
            let id = keys::u64_at(&key, 8, "owner index")?;
            let tracker = Self::get_by_id(&snapshot, &self.ks.trackers, id, "tracker")?
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("owner index points at missing tracker {id}"))
                })?;
            out.push(tracker);
        }
        Ok(out)
    }

    /// The tracker, its device id, owner entry and state go in one durable
    /// batch with a purge marker; its points follow in chunks (see
    /// `purge_points`), resumed on open if a crash interrupts them.
    ///
    /// Points committed for this tracker while the purge runs may survive
    /// it: stop the device's session before deleting its tracker.
    fn create_clone(
        &self,
        source: TrackerId,
        owner: UserId,
        created_ms: i64,
    ) -> Result<Tracker, StoreError> {
        self.clone_tracker(source, owner, created_ms)
    }

    fn delete_tracker(&self, id: TrackerId) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(tracker): Option<Tracker> = self.entity(&self.ks.trackers, id.0, "tracker")?
        else {
            return Ok(false);
        };
        if tracker.clone_of.is_some() {
            let mut batch = self.durable_batch();
            self.remove_clone(&mut batch, &tracker)?;
            batch.commit().map_err(engine)?;
            return Ok(true);
        }
        let clones = self.clones_of(id)?;
        // Every track commit so far reaches fjall first, and the checkpoint
        // written with the deletion keeps the write-ahead log from replaying the
        // tracker's earlier points and state after a crash.
        self.visible()?;
        // Held until the batch is in: the checkpoint only ever moves up.
        let mut mark = self.applier.checkpoint_mark();
        let applied = self.applier.applied().max(*mark);
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.meta, apply::CHECKPOINT_KEY, applied.to_be_bytes());
        batch.remove(&self.ks.trackers, id.0.to_be_bytes());
        batch.remove(&self.ks.tracker_devices, tracker.device_id.as_str());
        self.reindex_expiry(&mut batch, id.0, tracker.expires_ms, None);
        if let Some(owner) = tracker.owner {
            batch.remove(&self.ks.tracker_owners, keys::pair_key(owner.0, id.0));
        }
        batch.remove(&self.ks.states, id.0.to_be_bytes());
        self.remove_commands(id, &mut batch)?;
        self.remove_tracker_tenancy(&mut batch, id.0)?;
        for clone in &clones {
            self.remove_clone(&mut batch, clone)?;
        }
        batch.insert(&self.ks.meta, Self::purge_marker(id), codec::encode(&())?);
        batch.commit().map_err(engine)?;
        *mark = applied;
        drop(mark);
        self.purge_points(id)?;
        Ok(true)
    }

    fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        self.put_session_indexed(session)
    }

    fn session(&self, digest: &SecretDigest) -> Result<Option<Session>, StoreError> {
        self.get_session(digest)
    }

    fn delete_session(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        self.delete_session_indexed(digest)
    }

    fn sweep_sessions(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.sweep_user_sessions_ended(now_ms)
    }

    fn put_api_key(&self, key: &ApiKey) -> Result<(), StoreError> {
        self.put_api_key_indexed(key)
    }

    fn api_key(&self, digest: &SecretDigest) -> Result<Option<ApiKey>, StoreError> {
        self.get_api_key(digest)
    }

    fn user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
        self.list_user_api_keys(user)
    }

    fn delete_api_key(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        self.delete_api_key_indexed(digest)
    }
}
