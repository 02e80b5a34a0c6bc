//! Tests that need the adapter's insides: bad stored bytes and interrupted purges.

use trackgate_protocols::Record;

use super::*;
use crate::model::*;
use crate::ports::{AccountStore, TrackStore};

fn point(tracker: TrackerId, fix_time_ms: i64) -> StoredPoint {
    StoredPoint {
        tracker,
        received_ms: fix_time_ms,
        record: Record::at(fix_time_ms, 1.0, 2.0),
    }
}

#[test]
fn store_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<EmbeddedStore>();
}

#[test]
fn undecodable_values_are_corrupt_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    store
        .ks
        .users
        .insert(7u64.to_be_bytes(), [9, 9, 9])
        .unwrap();
    store.ks.states.insert(7u64.to_be_bytes(), []).unwrap();
    store
        .ks
        .points
        .insert(
            keys::point_key(TrackerId(7), 5, 1),
            [codec::FORMAT_V1, 0xff],
        )
        .unwrap();
    store.ks.user_logins.insert("x", [1, 2]).unwrap();

    assert!(matches!(store.user(UserId(7)), Err(StoreError::Corrupt(_))));
    assert!(matches!(store.users(), Err(StoreError::Corrupt(_))));
    assert!(matches!(
        store.state(TrackerId(7)),
        Err(StoreError::Corrupt(_))
    ));
    assert!(matches!(
        store.read_track(TrackerId(7), 0, 10, 10),
        Err(StoreError::Corrupt(_))
    ));
    assert!(matches!(
        store.user_by_login("x"),
        Err(StoreError::Corrupt(_))
    ));
}

#[test]
fn interrupted_purge_finishes_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let victim = TrackerId(41);
    let neighbour = TrackerId(42);
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let batch = CommitBatch {
            points: (0..50)
                .flat_map(|t| [point(victim, t), point(neighbour, t)])
                .collect(),
            states: Vec::new(),
        };
        store.commit(&batch).unwrap();
        // What delete_tracker leaves if the process dies right after its
        // first batch: the marker, and every point still there.
        store
            .ks
            .meta
            .insert(
                EmbeddedStore::purge_marker(victim),
                codec::encode(&()).unwrap(),
            )
            .unwrap();
        store.db.persist(PersistMode::SyncAll).unwrap();
    }
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert!(store.read_track(victim, 0, 100, 100).unwrap().is_empty());
    assert_eq!(store.read_track(neighbour, 0, 100, 100).unwrap().len(), 50);
    assert!(store.ks.meta.prefix(tracks::PURGE_PREFIX).next().is_none());
}

#[test]
fn purge_spans_several_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    let tracker = store
        .create_tracker(NewTracker {
            device_id: "purge-chunks".into(),
            label: String::new(),
            model: String::new(),
            owner: None,
            created_ms: 0,
        })
        .unwrap();
    let count = 25_000;
    let points = (0..count).map(|t| point(tracker.id, t)).collect();
    store
        .commit(&CommitBatch {
            points,
            states: Vec::new(),
        })
        .unwrap();
    assert_eq!(
        store
            .read_track(tracker.id, 0, count, usize::MAX)
            .unwrap()
            .len(),
        25_000
    );
    assert!(store.delete_tracker(tracker.id).unwrap());
    assert!(
        store
            .ks
            .points
            .prefix(tracker.id.0.to_be_bytes())
            .next()
            .is_none()
    );
}

#[test]
fn unkeyable_names_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    let long = "x".repeat(keys::MAX_NAME_LEN + 1);
    for login in ["", long.as_str()] {
        let created = store.create_user(NewUser {
            login: login.into(),
            password_hash: String::new(),
            created_ms: 0,
        });
        assert!(matches!(created, Err(StoreError::Engine { .. })));
    }
    // Reads of such names simply find nothing. (Sessions and API keys are
    // keyed by their 32-byte digests, which always fit.)
    assert_eq!(store.user_by_login("").unwrap(), None);
    assert_eq!(store.tracker_by_device(&long).unwrap(), None);

    // The longest allowed name works through every index.
    let user = store
        .create_user(NewUser {
            login: "y".repeat(keys::MAX_NAME_LEN),
            password_hash: String::new(),
            created_ms: 0,
        })
        .unwrap();
    let key = ApiKey {
        digest: crate::SecretDigest::of(&"k".repeat(keys::MAX_NAME_LEN)),
        user: user.id,
        created_ms: 0,
        title: String::new(),
    };
    store.put_api_key(&key).unwrap();
    assert_eq!(store.user_api_keys(user.id).unwrap(), [key]);
    assert!(store.delete_user(user.id).unwrap());
}

#[test]
fn memory_counts_what_the_memtables_hold() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    let before = store
        .memory()
        .expect("the embedded store reports its memory");
    let points = (0..500).map(|t| point(TrackerId(1), t)).collect();
    store
        .commit(&CommitBatch {
            points,
            states: Vec::new(),
        })
        .unwrap();
    // Applied to fjall's memtables once visible.
    store.read_track(TrackerId(1), 0, 0, 1).unwrap();
    let after = store.memory().unwrap();
    assert!(
        after.memtable_bytes >= before.memtable_bytes + 500 * 30,
        "{before:?} then {after:?}"
    );
}
