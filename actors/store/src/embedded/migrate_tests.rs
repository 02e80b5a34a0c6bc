//! A store written before digests (format 1) opens with its sessions and
//! API keys converted, once, and found by digest only.

use super::migrate::{ApiKeyV1, CURRENT_VERSION, SessionV1};
use super::*;
use crate::model::*;
use crate::ports::AccountStore;
use crate::secret::SecretDigest;

const SESSION: &str = "5e55105e55105e55105e55105e551001";
const KEY: &str = "a91a91a91a91a91a91a91a91a91a9101";

fn user(store: &EmbeddedStore, login: &str) -> User {
    store
        .create_user(NewUser {
            login: login.into(),
            password_hash: String::new(),
            created_ms: 0,
        })
        .unwrap()
}

/// Whether `secret` is anywhere in the credential keyspaces, key or value.
fn holds_plaintext(store: &EmbeddedStore, secret: &str) -> bool {
    let ks = &store.ks;
    [
        &ks.sessions,
        &ks.user_sessions,
        &ks.api_keys,
        &ks.user_api_keys,
    ]
    .into_iter()
    .flat_map(|keyspace| keyspace.iter())
    .any(|guard| {
        let (key, value) = guard.into_inner().unwrap();
        [&key[..], &value[..]]
            .iter()
            .any(|bytes| bytes.windows(secret.len()).any(|w| w == secret.as_bytes()))
    })
}

#[test]
fn plaintext_credentials_become_digests_once_and_durably() {
    let dir = tempfile::tempdir().unwrap();
    let alice = {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let alice = user(&store, "alice@example.com");
        store
            .write_v1(
                Some(&SessionV1 {
                    hash: SESSION.into(),
                    user: alice.id,
                    created_ms: 1,
                    expires_ms: 2,
                }),
                Some(&ApiKeyV1 {
                    key: KEY.into(),
                    user: alice.id,
                    created_ms: 3,
                    title: "scripts".into(),
                }),
            )
            .unwrap();
        assert_eq!(store.format_version().unwrap(), 1);
        assert!(holds_plaintext(&store, SESSION) && holds_plaintext(&store, KEY));
        alice
    };

    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    assert!(!holds_plaintext(&store, SESSION), "session hash left");
    assert!(!holds_plaintext(&store, KEY), "API key left");
    let session = SecretDigest::of(SESSION);
    assert_eq!(
        store.session(&session).unwrap(),
        Some(Session {
            digest: session,
            user: alice.id,
            created_ms: 1,
            expires_ms: 2,
        })
    );
    let key = ApiKey {
        digest: SecretDigest::of(KEY),
        user: alice.id,
        created_ms: 3,
        title: "scripts".into(),
    };
    assert_eq!(store.api_key(&key.digest).unwrap().as_ref(), Some(&key));
    assert_eq!(
        store.user_api_keys(alice.id).unwrap(),
        std::slice::from_ref(&key)
    );
    drop(store);

    // Migrated once: opening again changes nothing, and the user's
    // indexes were rebuilt, so deleting the user takes both along.
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.api_key(&key.digest).unwrap(), Some(key.clone()));
    assert!(store.delete_user(alice.id).unwrap());
    assert_eq!(store.session(&session).unwrap(), None);
    assert_eq!(store.api_key(&key.digest).unwrap(), None);
    assert!(store.ks.user_sessions.is_empty().unwrap());
    assert!(store.ks.user_api_keys.is_empty().unwrap());
}

#[test]
fn a_new_store_is_current_and_a_newer_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
        let mut batch = store.durable_batch();
        batch.insert(
            &store.ks.meta,
            b"format/version",
            codec::encode(&(CURRENT_VERSION + 1)).unwrap(),
        );
        batch.commit().unwrap();
    }
    let refused = EmbeddedStore::open(dir.path());
    assert!(
        matches!(refused, Err(StoreError::Corrupt(ref why)) if why.contains("format version")),
        "{refused:?}"
    );
}
