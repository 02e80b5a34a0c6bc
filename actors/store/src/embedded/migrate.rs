//! The store's format version, and the migrations from older ones.
//!
//! `meta` holds the version under [`FORMAT_VERSION`]; a store without one
//! was written before it was kept, which is version 1.
//!
//! | version | what changed |
//! |---|---|
//! | 1 | session hashes and API keys stored in plain text, keyed by themselves |
//! | 2 | only their SHA-256 digests are stored, keyed by the digest ([`SecretDigest`]) |
//! | 3 | users gain privilege, manager, expiry, plan and dealer; a tracker's end date becomes an instant (`migrate_v3`) |
//! | 4 | users gain a tracker limit of their own, allowed addresses and notes; dealers whether they use credits and a tracker limit (`migrate_v4`) |
//! | 5 | dealers gain a parent, plans an unpaid-renewal policy, trackers the `suspended` mark; balances, the ledger, renewals and bundles get keyspaces of their own (`migrate_v5`) |
//! | 6 | activation codes get a keyspace of their own; nothing else changes (`migrate_v6`) |
//! | 7 | sessions (User and Panel API) are indexed by their expiry, so ended ones are swept (`migrate_v7`) |
//!
//! Opening a store runs every migration it is behind, each as one durable
//! batch that also writes the new version: a crash leaves the store either
//! wholly before or wholly after it, and a migrated store is never migrated
//! again. A store of a newer version than this code knows is refused
//! rather than misread.
//!
//! Removing the plain-text entries writes tombstones; the old bytes leave
//! the engine's files as fjall compacts them and retires its journals.

use fjall::Readable;
use serde::{Deserialize, Serialize};

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{ApiKey, Session, UserId};
use crate::ports::StoreError;
use crate::secret::SecretDigest;

/// `meta` key of the store's format version.
const FORMAT_VERSION: &[u8] = b"format/version";

/// The format version this code writes.
pub(super) const CURRENT_VERSION: u64 = 7;

/// A session as version 1 stored it.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct SessionV1 {
    pub(super) hash: String,
    pub(super) user: UserId,
    pub(super) created_ms: i64,
    pub(super) expires_ms: i64,
}

/// An API key as version 1 stored it.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct ApiKeyV1 {
    pub(super) key: String,
    pub(super) user: UserId,
    pub(super) created_ms: i64,
    pub(super) title: String,
}

impl EmbeddedStore {
    /// The store's format version (1 when none is written).
    pub(super) fn format_version(&self) -> Result<u64, StoreError> {
        match self.ks.meta.get(FORMAT_VERSION).map_err(engine)? {
            Some(value) => codec::decode(&value, "format version"),
            None => Ok(1),
        }
    }

    /// Brings the store to [`CURRENT_VERSION`], one version at a time;
    /// see the module docs.
    pub(super) fn migrate(&self) -> Result<(), StoreError> {
        if self.format_version()? == 1 && self.holds_no_accounts()? {
            // A new store: nothing to convert, so it starts at the current
            // version in one write.
            let mut batch = self.durable_batch();
            self.write_format_version(&mut batch, CURRENT_VERSION)?;
            return batch.commit().map_err(engine);
        }
        loop {
            match self.format_version()? {
                CURRENT_VERSION => return Ok(()),
                1 => self.credentials_to_digests()?,
                2 => self.operator_fields()?,
                3 => self.own_limits()?,
                4 => self.money_fields()?,
                5 => self.activation_codes_keyspace()?,
                6 => self.session_expiry_indexes()?,
                newer => {
                    return Err(StoreError::Corrupt(format!(
                        "the store has format version {newer}; this trackgate reads versions \
                         up to {CURRENT_VERSION}"
                    )));
                }
            }
        }
    }

    /// Whether no user, tracker, session or API key is stored: a store
    /// without them has nothing a migration would convert.
    fn holds_no_accounts(&self) -> Result<bool, StoreError> {
        for keyspace in [
            &self.ks.users,
            &self.ks.trackers,
            &self.ks.sessions,
            &self.ks.api_keys,
        ] {
            if !keyspace.is_empty().map_err(engine)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Adds the writing of format version `version` to `batch`.
    pub(super) fn write_format_version(
        &self,
        batch: &mut fjall::OwnedWriteBatch,
        version: u64,
    ) -> Result<(), StoreError> {
        batch.insert(&self.ks.meta, FORMAT_VERSION, codec::encode(&version)?);
        Ok(())
    }

    /// Version 1 to 2: every session and API key is stored again under
    /// the digest of its secret, without the secret, and both user indexes
    /// are rebuilt from them, in one durable batch with the new version.
    fn credentials_to_digests(&self) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        let snapshot = self.db.snapshot();
        let mut sessions = 0_usize;
        for guard in snapshot.iter(&self.ks.sessions) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: SessionV1 = codec::decode(&value, "session (format 1)")?;
            let session = Session {
                digest: SecretDigest::of(&old.hash),
                user: old.user,
                created_ms: old.created_ms,
                expires_ms: old.expires_ms,
            };
            batch.remove(&self.ks.sessions, key);
            batch.insert(
                &self.ks.sessions,
                session.digest.as_bytes(),
                codec::encode(&session)?,
            );
            batch.insert(
                &self.ks.user_sessions,
                keys::user_session_key(session.user, &session.digest),
                [],
            );
            sessions += 1;
        }
        let mut api_keys = 0_usize;
        for guard in snapshot.iter(&self.ks.api_keys) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: ApiKeyV1 = codec::decode(&value, "api key (format 1)")?;
            let api_key = ApiKey {
                digest: SecretDigest::of(&old.key),
                user: old.user,
                created_ms: old.created_ms,
                title: old.title,
            };
            batch.remove(&self.ks.api_keys, key);
            batch.insert(
                &self.ks.api_keys,
                api_key.digest.as_bytes(),
                codec::encode(&api_key)?,
            );
            batch.insert(
                &self.ks.user_api_keys,
                keys::user_api_key_key(api_key.user, api_key.created_ms, &api_key.digest),
                [],
            );
            api_keys += 1;
        }
        // The old index entries end in the secrets too. A new entry never
        // has an old one's key: that would take a digest whose 32 bytes
        // are all ASCII hex digits.
        for index in [&self.ks.user_sessions, &self.ks.user_api_keys] {
            for guard in snapshot.iter(index) {
                batch.remove(index, guard.key().map_err(engine)?);
            }
        }
        self.write_format_version(&mut batch, 2)?;
        batch.commit().map_err(engine)?;
        if sessions + api_keys > 0 {
            tracing::info!(
                sessions,
                api_keys,
                "stored session hashes and API keys replaced by their digests (store format 2)"
            );
        }
        Ok(())
    }
}

/// Writes credentials the way format version 1 did, for migration tests.
#[cfg(test)]
pub(super) mod v1 {
    use super::*;

    impl EmbeddedStore {
        /// Stores `session` and `key` (either may be left out) in the
        /// version 1 layout and marks the store as version 1, as the code
        /// before digests left it (no version written).
        pub(in crate::embedded) fn write_v1(
            &self,
            session: Option<&SessionV1>,
            key: Option<&ApiKeyV1>,
        ) -> Result<(), StoreError> {
            let mut batch = self.durable_batch();
            if let Some(session) = session {
                batch.insert(
                    &self.ks.sessions,
                    session.hash.as_str(),
                    codec::encode(session)?,
                );
                batch.insert(
                    &self.ks.user_sessions,
                    [&session.user.0.to_be_bytes()[..], session.hash.as_bytes()].concat(),
                    [],
                );
            }
            if let Some(key) = key {
                batch.insert(&self.ks.api_keys, key.key.as_str(), codec::encode(key)?);
                batch.insert(
                    &self.ks.user_api_keys,
                    [
                        &key.user.0.to_be_bytes()[..],
                        &keys::time_bytes(key.created_ms)[..],
                        key.key.as_bytes(),
                    ]
                    .concat(),
                    [],
                );
            }
            batch.remove(&self.ks.meta, FORMAT_VERSION);
            batch.commit().map_err(engine)
        }
    }
}
