//! Contract: users and trackers.

use super::access::{api_key, session};
use super::{commit_points, expect_err, new_tracker, new_user, ok, point, whole_track};
use crate::model::*;
use crate::ports::Store;

/// A created user can be read by id, by login and in the list (sorted by
/// id); an update overwrites every field and moves the login index.
pub fn users_are_created_found_listed_updated(store: &dyn Store) {
    let user = new_user(store, "contract-users@example.com");
    assert!(user.id.0 >= 1, "ids start at 1");
    assert_eq!(user.login, "contract-users@example.com");
    assert!(!user.blocked);
    let second = new_user(store, "contract-users-2@example.com");
    assert_ne!(user.id, second.id);

    assert_eq!(ok(store.user(user.id), "user").as_ref(), Some(&user));
    assert_eq!(
        ok(store.user_by_login(&user.login), "user_by_login").as_ref(),
        Some(&user)
    );
    assert_eq!(ok(store.user_by_login("contract-nobody"), "by_login"), None);
    let all = ok(store.users(), "users");
    assert!(all.contains(&user) && all.contains(&second));
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");

    let updated = User {
        login: "contract-users-renamed@example.com".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        blocked: true,
        time_zone: "Europe/Berlin".into(),
        ..user.clone()
    };
    ok(store.update_user(&updated), "update_user");
    assert_eq!(ok(store.user(user.id), "user").as_ref(), Some(&updated));
    assert_eq!(ok(store.user_by_login(&user.login), "old login"), None);
    assert_eq!(
        ok(store.user_by_login(&updated.login), "new login"),
        Some(updated.clone())
    );
    // An update that keeps the login is no conflict with itself.
    let reblocked = User {
        blocked: false,
        ..updated
    };
    ok(store.update_user(&reblocked), "update keeping the login");
    assert_eq!(ok(store.user(user.id), "user"), Some(reblocked));
}

/// A login is taken by one user at a time, on create and on update, and
/// free again once its user is deleted; updating a missing user is NotFound.
pub fn login_is_unique(store: &dyn Store) {
    let a = new_user(store, "contract-login-a@example.com");
    let b = new_user(store, "contract-login-b@example.com");
    expect_err(
        store.create_user(NewUser {
            login: a.login.clone(),
            password_hash: String::new(),
            created_ms: 0,
        }),
        "Conflict",
        "create with a taken login",
    );
    let stolen = User {
        login: a.login.clone(),
        ..b.clone()
    };
    expect_err(
        store.update_user(&stolen),
        "Conflict",
        "update to a taken login",
    );
    assert_eq!(ok(store.user(b.id), "user"), Some(b.clone()), "unchanged");
    assert_eq!(
        ok(store.user_by_login(&a.login), "by_login"),
        Some(a.clone())
    );

    let missing = User {
        login: "contract-login-ghost@example.com".into(),
        ..b
    };
    let missing = User {
        id: UserId(u64::MAX),
        ..missing
    };
    expect_err(
        store.update_user(&missing),
        "NotFound",
        "update a missing user",
    );
    assert_eq!(ok(store.user_by_login(&missing.login), "by_login"), None);

    assert!(ok(store.delete_user(a.id), "delete_user"));
    let again = new_user(store, &a.login);
    assert_ne!(again.id, a.id, "a new user gets a new id");
}

/// Ids are distinct and a deleted user's or tracker's id is not handed out
/// again.
pub fn ids_are_never_reused(store: &dyn Store) {
    let user = new_user(store, "contract-ids@example.com");
    let tracker = new_tracker(store, "contract-ids", None);
    assert!(ok(store.delete_user(user.id), "delete_user"));
    assert!(ok(store.delete_tracker(tracker.id), "delete_tracker"));
    let user2 = new_user(store, "contract-ids@example.com");
    let tracker2 = new_tracker(store, "contract-ids", None);
    assert_ne!(user2.id, user.id);
    assert_ne!(tracker2.id, tracker.id);
    assert!(tracker2.id.0 >= 1);
}

/// Deleting a user removes it, its login, sessions and API keys, and
/// unassigns its trackers, touching nobody else's.
pub fn delete_user_cascades(store: &dyn Store) {
    let gone = new_user(store, "contract-cascade@example.com");
    let kept = new_user(store, "contract-cascade-kept@example.com");
    let trackers = [
        new_tracker(store, "contract-cascade-1", Some(gone.id)),
        new_tracker(store, "contract-cascade-2", Some(gone.id)),
    ];
    let kept_tracker = new_tracker(store, "contract-cascade-3", Some(kept.id));
    let sessions = [
        session(0xca5_0001, gone.id, 9),
        session(0xca5_0002, gone.id, 9),
    ];
    let kept_session = session(0xca5_0003, kept.id, 9);
    let keys = [
        api_key(0xca5_0001, gone.id, 1),
        api_key(0xca5_0002, gone.id, 2),
    ];
    let kept_key = api_key(0xca5_0003, kept.id, 3);
    for s in sessions.iter().chain([&kept_session]) {
        ok(store.put_session(s), "put_session");
    }
    for k in keys.iter().chain([&kept_key]) {
        ok(store.put_api_key(k), "put_api_key");
    }

    assert!(ok(store.delete_user(gone.id), "delete_user"));
    assert_eq!(ok(store.user(gone.id), "user"), None);
    assert_eq!(ok(store.user_by_login(&gone.login), "by_login"), None);
    assert!(!ok(store.users(), "users").iter().any(|u| u.id == gone.id));
    for s in &sessions {
        assert_eq!(ok(store.session(&s.digest), "session"), None);
    }
    for k in &keys {
        assert_eq!(ok(store.api_key(&k.digest), "api_key"), None);
    }
    assert!(ok(store.user_api_keys(gone.id), "user_api_keys").is_empty());
    assert!(ok(store.user_trackers(gone.id), "user_trackers").is_empty());
    for t in &trackers {
        let left = ok(store.tracker(t.id), "tracker").expect("tracker survives its owner");
        assert_eq!(left.owner, None, "unassigned");
        assert_eq!(left.device_id, t.device_id);
    }

    assert_eq!(ok(store.user(kept.id), "user"), Some(kept.clone()));
    assert_eq!(
        ok(store.session(&kept_session.digest), "session"),
        Some(kept_session)
    );
    assert_eq!(ok(store.user_api_keys(kept.id), "keys"), [kept_key]);
    assert_eq!(ok(store.user_trackers(kept.id), "trackers"), [kept_tracker]);
    assert!(!ok(store.delete_user(gone.id), "delete again"));
}

/// A created tracker can be read by id, device id, in the list and in its
/// owner's list (all by id); an update moves the device id and owner indexes.
pub fn trackers_are_created_found_updated(store: &dyn Store) {
    let alice = new_user(store, "contract-trackers-alice@example.com");
    let bob = new_user(store, "contract-trackers-bob@example.com");
    let first = new_tracker(store, "contract-trackers-1", Some(alice.id));
    let second = new_tracker(store, "contract-trackers-2", Some(alice.id));
    assert!(first.id.0 >= 1 && first.id != second.id);
    assert_eq!(first.owner, Some(alice.id));
    assert!(!first.blocked);

    assert_eq!(
        ok(store.tracker(first.id), "tracker").as_ref(),
        Some(&first)
    );
    assert_eq!(
        ok(store.tracker_by_device("contract-trackers-1"), "by_device").as_ref(),
        Some(&first)
    );
    assert_eq!(
        ok(store.tracker_by_device("contract-none"), "by_device"),
        None
    );
    let all = ok(store.trackers(), "trackers");
    assert!(all.contains(&first) && all.contains(&second));
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort_by_key(|t| t.id);
    assert_eq!(ok(store.user_trackers(alice.id), "user_trackers"), expected);

    let moved = Tracker {
        device_id: "contract-trackers-1-new".into(),
        label: "renamed".into(),
        owner: Some(bob.id),
        blocked: true,
        phone: Some("+491701234567".into()),
        expires: Some("2030-01-31".into()),
        apn: Some(Apn {
            name: "internet.example".into(),
            user: "u".into(),
            password: String::new(),
        }),
        corrupted: true,
        ..first.clone()
    };
    ok(store.update_tracker(&moved), "update_tracker");
    assert_eq!(
        ok(store.tracker(first.id), "tracker").as_ref(),
        Some(&moved)
    );
    assert_eq!(ok(store.tracker_by_device(&first.device_id), "old"), None);
    assert_eq!(
        ok(store.tracker_by_device(&moved.device_id), "new").as_ref(),
        Some(&moved)
    );
    assert_eq!(ok(store.user_trackers(alice.id), "alice"), [second]);
    assert_eq!(
        ok(store.user_trackers(bob.id), "bob"),
        std::slice::from_ref(&moved)
    );

    let unassigned = Tracker {
        owner: None,
        ..moved
    };
    ok(store.update_tracker(&unassigned), "unassign");
    assert!(ok(store.user_trackers(bob.id), "bob").is_empty());
    assert_eq!(
        ok(store.tracker(first.id), "tracker"),
        Some(unassigned.clone())
    );

    let missing = Tracker {
        id: TrackerId(u64::MAX),
        device_id: "contract-trackers-ghost".into(),
        ..unassigned
    };
    expect_err(
        store.update_tracker(&missing),
        "NotFound",
        "update a missing tracker",
    );
    assert_eq!(
        ok(store.tracker_by_device(&missing.device_id), "ghost"),
        None
    );
}

/// A device id belongs to one tracker at a time, on create and on update.
pub fn device_id_is_unique(store: &dyn Store) {
    let a = new_tracker(store, "contract-device-a", None);
    let b = new_tracker(store, "contract-device-b", None);
    expect_err(
        store.create_tracker(NewTracker {
            device_id: a.device_id.clone(),
            label: String::new(),
            model: String::new(),
            owner: None,
            created_ms: 0,
        }),
        "Conflict",
        "create with a taken device id",
    );
    let stolen = Tracker {
        device_id: a.device_id.clone(),
        ..b.clone()
    };
    expect_err(
        store.update_tracker(&stolen),
        "Conflict",
        "update to a taken device id",
    );
    assert_eq!(ok(store.tracker(b.id), "tracker"), Some(b));
    assert_eq!(
        ok(store.tracker_by_device(&a.device_id), "by_device"),
        Some(a)
    );
}

/// A tracker cannot be assigned to a user that does not exist: it would
/// belong to whoever got that id later.
pub fn tracker_owner_must_exist(store: &dyn Store) {
    let ghost = new_user(store, "contract-owner-ghost@example.com");
    assert!(ok(store.delete_user(ghost.id), "delete_user"));
    expect_err(
        store.create_tracker(NewTracker {
            device_id: "contract-owner-1".into(),
            label: String::new(),
            model: String::new(),
            owner: Some(ghost.id),
            created_ms: 0,
        }),
        "NotFound",
        "create for a missing owner",
    );
    assert_eq!(
        ok(store.tracker_by_device("contract-owner-1"), "by_device"),
        None
    );
    let tracker = new_tracker(store, "contract-owner-2", None);
    let assigned = Tracker {
        owner: Some(ghost.id),
        ..tracker.clone()
    };
    expect_err(
        store.update_tracker(&assigned),
        "NotFound",
        "assign to a missing owner",
    );
    assert_eq!(ok(store.tracker(tracker.id), "tracker"), Some(tracker));
}

/// Deleting a tracker removes it, its device id, owner entry, points and
/// state, and nothing of its neighbour's.
pub fn delete_tracker_removes_points_and_state(store: &dyn Store) {
    let owner = new_user(store, "contract-delete-tracker@example.com");
    let gone = new_tracker(store, "contract-delete-tracker-1", Some(owner.id));
    let kept = new_tracker(store, "contract-delete-tracker-2", Some(owner.id));
    let state = TrackerState {
        last_update_ms: Some(7),
        ..TrackerState::default()
    };
    ok(
        store.commit(&CommitBatch {
            points: (0..100)
                .flat_map(|t| [point(gone.id, t, 1.0), point(kept.id, t, 2.0)])
                .collect(),
            states: vec![(gone.id, state.clone()), (kept.id, state.clone())],
        }),
        "commit",
    );
    commit_points(
        store,
        vec![point(gone.id, i64::MIN, 1.0), point(gone.id, i64::MAX, 1.0)],
    );

    assert!(ok(store.delete_tracker(gone.id), "delete_tracker"));
    assert_eq!(ok(store.tracker(gone.id), "tracker"), None);
    assert_eq!(
        ok(store.tracker_by_device(&gone.device_id), "by_device"),
        None
    );
    assert!(whole_track(store, gone.id).is_empty(), "points removed");
    assert_eq!(ok(store.state(gone.id), "state"), None, "state removed");
    assert_eq!(
        ok(store.user_trackers(owner.id), "user_trackers"),
        std::slice::from_ref(&kept)
    );
    assert!(
        !ok(store.trackers(), "trackers")
            .iter()
            .any(|t| t.id == gone.id)
    );

    assert_eq!(whole_track(store, kept.id).len(), 100);
    assert_eq!(ok(store.state(kept.id), "state"), Some(state));
    assert!(!ok(store.delete_tracker(gone.id), "delete again"));
}
