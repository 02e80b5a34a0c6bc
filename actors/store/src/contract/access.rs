//! Contract: sessions and API keys.

use super::{new_user, ok};
use crate::model::*;
use crate::ports::Store;

/// A session with a hash derived from `tag`.
pub(super) fn session(tag: u32, user: UserId, expires_ms: i64) -> Session {
    Session {
        hash: format!("{tag:032x}"),
        user,
        created_ms: 1_000,
        expires_ms,
    }
}

/// An API key derived from `tag`.
pub(super) fn api_key(tag: u32, user: UserId, created_ms: i64) -> ApiKey {
    ApiKey {
        key: format!("{:032x}", u128::from(tag) << 64),
        user,
        created_ms,
        title: format!("key {tag}"),
    }
}

/// Sessions are stored by hash, overwritten by the same hash, and deleted.
pub fn sessions_are_put_got_deleted(store: &dyn Store) {
    let user = new_user(store, "contract-sessions@example.com");
    let other = new_user(store, "contract-sessions-2@example.com");
    let first = session(0x5e55_0001, user.id, 10_000);
    let second = session(0x5e55_0002, user.id, 20_000);
    assert_eq!(ok(store.session(&first.hash), "session"), None);
    ok(store.put_session(&first), "put_session");
    ok(store.put_session(&second), "put_session");
    assert_eq!(
        ok(store.session(&first.hash), "session").as_ref(),
        Some(&first)
    );

    let renewed = Session {
        expires_ms: 99_000,
        user: other.id,
        ..first.clone()
    };
    ok(store.put_session(&renewed), "overwrite");
    assert_eq!(
        ok(store.session(&first.hash), "session"),
        Some(renewed.clone())
    );

    assert!(ok(store.delete_session(&first.hash), "delete_session"));
    assert_eq!(ok(store.session(&first.hash), "session"), None);
    assert!(!ok(store.delete_session(&first.hash), "delete again"));
    assert_eq!(ok(store.session(&second.hash), "session"), Some(second));

    // The overwrite moved the session to `other`: deleting `user` must not
    // take it, deleting `other` must.
    ok(store.put_session(&renewed), "put again");
    assert!(ok(store.delete_user(user.id), "delete_user"));
    assert_eq!(
        ok(store.session(&renewed.hash), "session"),
        Some(renewed.clone())
    );
    assert!(ok(store.delete_user(other.id), "delete_user"));
    assert_eq!(ok(store.session(&renewed.hash), "session"), None);
}

/// API keys are stored by key, listed per user oldest first, overwritten by
/// the same key (also moving to another user), and deleted.
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
        ok(store.api_key(&newest.key), "api_key").as_ref(),
        Some(&newest)
    );
    assert_eq!(ok(store.api_key("contract-no-such-key"), "api_key"), None);
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

    assert!(ok(store.delete_api_key(&oldest.key), "delete_api_key"));
    assert_eq!(ok(store.api_key(&oldest.key), "api_key"), None);
    assert!(!ok(store.delete_api_key(&oldest.key), "delete again"));
    let left = ok(store.user_api_keys(user.id), "user's keys");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].key, newest.key);
}
