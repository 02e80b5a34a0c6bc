//! Stores of older formats open converted, once: format 1's sessions and
//! API keys become digests, format 2's users and trackers gain the
//! operator's fields.

use super::migrate::{ApiKeyV1, CURRENT_VERSION, SessionV1};
use super::migrate_v3::{TrackerV2, UserV2};
use super::*;
use crate::model::*;
use crate::operator_model::Privilege;
use crate::operator_ports::OperatorStore;
use crate::ports::AccountStore;
use crate::secret::SecretDigest;

const SESSION: &str = "5e55105e55105e55105e55105e551001";
const KEY: &str = "a91a91a91a91a91a91a91a91a91a9101";

/// A user as format 2 (and 1) stored it.
fn old_user(id: u64, login: &str) -> UserV2 {
    UserV2 {
        id: UserId(id),
        login: login.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        created_ms: 1_600_000_000_000,
        blocked: false,
        time_zone: "Europe/Berlin".into(),
    }
}

/// A tracker as format 2 (and 1) stored it.
fn old_tracker(id: u64, owner: Option<u64>, expires: Option<&str>) -> TrackerV2 {
    TrackerV2 {
        id: TrackerId(id),
        device_id: format!("35630704244{id:04}"),
        label: format!("Van {id}"),
        model: "teltonika".into(),
        owner: owner.map(UserId),
        created_ms: 1_600_000_000_000,
        blocked: id.is_multiple_of(2),
        phone: Some("+10000000000".into()),
        expires: expires.map(str::to_owned),
        apn: None,
        corrupted: false,
        clone_of: None,
        replaced_ms: Some(7),
    }
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
        store
            .write_v2(&[old_user(1, "alice@example.com")], &[])
            .unwrap();
        let alice = store.user(UserId(1)).unwrap_err();
        assert!(
            matches!(alice, StoreError::Corrupt(_)),
            "a format 2 user is not read as a current one: {alice}"
        );
        let alice = old_user(1, "alice@example.com");
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

#[test]
fn format_2_users_and_trackers_gain_the_operator_fields() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        store
            .write_v2(
                &[
                    old_user(1, "ann@example.com"),
                    old_user(2, "bob@example.com"),
                ],
                &[
                    old_tracker(1, Some(1), Some("2031-12-31")),
                    old_tracker(2, Some(1), None),
                    old_tracker(3, None, Some("2030-06-01 12:00:00")),
                    old_tracker(4, Some(2), Some("not a date")),
                ],
            )
            .unwrap();
    }
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    let ann = store.user_by_login("ann@example.com").unwrap().unwrap();
    assert_eq!(ann.time_zone, "Europe/Berlin", "kept");
    assert_eq!(ann.password_hash, old_user(1, "").password_hash);
    assert_eq!(ann.privilege, Privilege::User);
    assert_eq!((ann.manager, ann.plan, ann.dealer), (None, None, None));
    assert_eq!((ann.expires_ms, ann.username.as_deref()), (None, None));

    let trackers = store.trackers().unwrap();
    assert_eq!(trackers.len(), 4);
    let ends: Vec<_> = trackers.iter().map(|t| t.expires_ms).collect();
    assert_eq!(
        ends,
        [Some(1_956_441_600_000), None, Some(1_906_545_600_000), None]
    );
    let first = &trackers[0];
    assert_eq!(first.device_id, "356307042440001");
    assert_eq!(
        (first.owner, first.blocked, first.replaced_ms),
        (Some(ann.id), false, Some(7))
    );
    assert!(trackers[1].blocked, "kept");
    assert_eq!(store.user_trackers(ann.id).unwrap().len(), 2);
    // The end dates are in the expiry index, so a sweep finds them.
    assert_eq!(
        store.trackers_expiring(0, i64::MAX).unwrap(),
        [TrackerId(3), TrackerId(1)],
        "soonest first"
    );
    // The converted records are written as current ones: an update works
    // and counters go on from the old ids.
    let manager = User {
        privilege: Privilege::Manager,
        ..store.user(UserId(2)).unwrap().unwrap()
    };
    store.update_user(&manager).unwrap();
    let managed = User {
        manager: Some(manager.id),
        ..ann
    };
    store.update_user(&managed).unwrap();
    assert_eq!(store.managed_users(manager.id).unwrap(), [managed]);
    let next = store
        .create_user(NewUser {
            login: "carol@example.com".into(),
            password_hash: String::new(),
            created_ms: 0,
        })
        .unwrap();
    assert_eq!(next.id, UserId(3));
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.trackers().unwrap().len(), 4, "converted once");
}

#[test]
fn format_3_users_and_dealers_gain_limits_of_their_own() {
    use super::migrate_v4::{DealerV3, UserV3};
    use crate::panel_model::{Dealer, DealerId};
    use crate::panel_ports::DealerStore;

    let dir = tempfile::tempdir().unwrap();
    let old_ann = UserV3 {
        username: Some("Ann".into()),
        privilege: Privilege::Manager,
        expires_ms: Some(9),
        ..UserV3::from(old_user(1, "ann@example.com"))
    };
    let old_dealer = DealerV3 {
        id: DealerId(1),
        name: "North".into(),
        credits: 12,
        created_ms: 3,
    };
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        store
            .write_v3(std::slice::from_ref(&old_ann), &[old_dealer])
            .unwrap();
    }
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    let ann = store.user_by_login("ann@example.com").unwrap().unwrap();
    assert_eq!(
        (ann.username.as_deref(), ann.privilege, ann.expires_ms),
        (Some("Ann"), Privilege::Manager, Some(9)),
        "kept"
    );
    assert_eq!(ann.time_zone, old_ann.time_zone);
    assert_eq!(
        (ann.tracker_limit, ann.allowed_ips.len(), ann.notes.as_str()),
        (None, 0, "")
    );
    assert_eq!(
        store.dealer(DealerId(1)).unwrap(),
        Some(Dealer {
            id: DealerId(1),
            name: "North".into(),
            credits: 12,
            use_credits: true,
            tracker_limit: None,
            created_ms: 3,
            parent: None,
        })
    );
    // Written as current records: updates work, counters go on.
    let limited = User {
        tracker_limit: Some(2),
        allowed_ips: vec!["10.0.0.0/8".into()],
        notes: "paid in advance".into(),
        ..ann
    };
    store.update_user(&limited).unwrap();
    assert_eq!(store.user(limited.id).unwrap(), Some(limited));
    let next = store
        .create_dealer(crate::panel_model::NewDealer {
            name: "South".into(),
            credits: 0,
            use_credits: false,
            tracker_limit: Some(5),
            created_ms: 4,
            parent: None,
        })
        .unwrap();
    assert_eq!(next.id, DealerId(2));
}
