//! Contract: sessions and API keys, stored and found by the digest of
//! their secret.

use super::{new_user, ok};
use crate::model::*;
use crate::ports::Store;
use crate::secret::SecretDigest;

/// The session hash derived from `tag`.
pub(super) fn session_hash(tag: u32) -> String {
    format!("{tag:032x}")
}

/// A session whose hash is [`session_hash`]`(tag)`.
pub(super) fn session(tag: u32, user: UserId, expires_ms: i64) -> Session {
    Session {
        digest: SecretDigest::of(&session_hash(tag)),
        user,
        created_ms: 1_000,
        expires_ms,
    }
}

/// The API key derived from `tag`.
pub(super) fn api_key_text(tag: u32) -> String {
    format!("{:032x}", u128::from(tag) << 64)
}

/// An API key whose key is [`api_key_text`]`(tag)`.
pub(super) fn api_key(tag: u32, user: UserId, created_ms: i64) -> ApiKey {
    ApiKey {
        digest: SecretDigest::of(&api_key_text(tag)),
        user,
        created_ms,
        title: format!("key {tag}"),
    }
}

/// Sessions are stored by digest, overwritten by the same digest, and deleted.
pub fn sessions_are_put_got_deleted(store: &dyn Store) {
    let user = new_user(store, "contract-sessions@example.com");
    let other = new_user(store, "contract-sessions-2@example.com");
    let first = session(0x5e55_0001, user.id, 10_000);
    let second = session(0x5e55_0002, user.id, 20_000);
    assert_eq!(ok(store.session(&first.digest), "session"), None);
    ok(store.put_session(&first), "put_session");
    ok(store.put_session(&second), "put_session");
    assert_eq!(
        ok(store.session(&first.digest), "session").as_ref(),
        Some(&first)
    );

    let renewed = Session {
        expires_ms: 99_000,
        user: other.id,
        ..first.clone()
    };
    ok(store.put_session(&renewed), "overwrite");
    assert_eq!(
        ok(store.session(&first.digest), "session"),
        Some(renewed.clone())
    );

    assert!(ok(store.delete_session(&first.digest), "delete_session"));
    assert_eq!(ok(store.session(&first.digest), "session"), None);
    assert!(!ok(store.delete_session(&first.digest), "delete again"));
    assert_eq!(ok(store.session(&second.digest), "session"), Some(second));

    // The overwrite moved the session to `other`: deleting `user` must not
    // take it, deleting `other` must.
    ok(store.put_session(&renewed), "put again");
    assert!(ok(store.delete_user(user.id), "delete_user"));
    assert_eq!(
        ok(store.session(&renewed.digest), "session"),
        Some(renewed.clone())
    );
    assert!(ok(store.delete_user(other.id), "delete_user"));
    assert_eq!(ok(store.session(&renewed.digest), "session"), None);
}

/// API keys are stored by digest, listed per user oldest first,
/// overwritten by the same digest (also moving to another user), and
/// deleted.
pub fn api_keys_are_put_listed_deleted(store: &dyn Store) {
    let user = new_user(store, "contract-keys@example.com");
    let other = new_user(store, "contract-keys-2@example.com");
    let newest = api_key(0xa91_0001, user.id, 300);
    let oldest = api_key(0xa91_0002, user.id, 100);
    let middle = api_key(0xa91_0003, user.id, 200);
    for k in [&newest, &oldest, &middle] {
        ok(store.put_api_key(k), "put_api_key");
    }
    assert_eq!(
        ok(store.api_key(&newest.digest), "api_key").as_ref(),
        Some(&newest)
    );
    assert_eq!(
        ok(
            store.api_key(&SecretDigest::of("contract-no-such-key")),
            "api_key"
        ),
        None
    );
    assert_eq!(
        ok(store.user_api_keys(user.id), "user_api_keys"),
        [oldest.clone(), middle.clone(), newest.clone()]
    );

    let retitled = ApiKey {
        title: "renamed".into(),
        ..newest.clone()
    };
    ok(store.put_api_key(&retitled), "overwrite");
    assert_eq!(
        ok(store.user_api_keys(user.id), "user_api_keys"),
        [oldest.clone(), middle.clone(), retitled]
    );

    let moved = ApiKey {
        user: other.id,
        created_ms: 50,
        ..middle.clone()
    };
    ok(store.put_api_key(&moved), "move to another user");
    assert_eq!(ok(store.user_api_keys(other.id), "other's keys"), [moved]);
    assert_eq!(ok(store.user_api_keys(user.id), "user's keys").len(), 2);

    assert!(ok(store.delete_api_key(&oldest.digest), "delete_api_key"));
    assert_eq!(ok(store.api_key(&oldest.digest), "api_key"), None);
    assert!(!ok(store.delete_api_key(&oldest.digest), "delete again"));
    let left = ok(store.user_api_keys(user.id), "user's keys");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].digest, newest.digest);
}

/// A credential is found by the digest of its secret and by nothing else:
/// not by the digest's hex text, nor by the digest of that text, nor by the
/// digest of another secret, and what the store hands back holds the
/// digest, never the secret.
pub fn credentials_are_found_by_digest_only(store: &dyn Store) {
    let user = new_user(store, "contract-digests@example.com");
    let session = session(0xd16_0001, user.id, 10_000);
    let key = api_key(0xd16_0002, user.id, 100);
    ok(store.put_session(&session), "put_session");
    ok(store.put_api_key(&key), "put_api_key");

    let found = ok(
        store.session(&SecretDigest::of(&session_hash(0xd16_0001))),
        "session",
    );
    assert_eq!(found.map(|s| s.digest), Some(session.digest));
    let found = ok(
        store.api_key(&SecretDigest::of(&api_key_text(0xd16_0002))),
        "api_key",
    );
    assert_eq!(found.map(|k| k.digest), Some(key.digest));

    for wrong in [
        SecretDigest::of(&session.digest.to_hex()),
        SecretDigest::of(&session.digest.id()),
        SecretDigest::of(&session_hash(0xd16_0002)),
    ] {
        assert_eq!(ok(store.session(&wrong), "session by a wrong digest"), None);
        assert_eq!(ok(store.api_key(&wrong), "api_key by a wrong digest"), None);
        assert!(!ok(
            store.delete_session(&wrong),
            "delete_session by a wrong digest"
        ));
        assert!(!ok(
            store.delete_api_key(&wrong),
            "delete_api_key by a wrong digest"
        ));
    }
    // A session's digest is not an API key's, nor the other way round.
    assert_eq!(
        ok(store.api_key(&session.digest), "api_key by a session"),
        None
    );
    assert_eq!(ok(store.session(&key.digest), "session by a key"), None);
    assert_eq!(ok(store.user_api_keys(user.id), "user_api_keys"), [key]);
}
