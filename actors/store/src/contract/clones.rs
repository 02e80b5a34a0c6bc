//! Contract: clones, the same device in another user's account.

use super::{commit_points, expect_err, new_tracker, new_user, ok, point, whole_track};
use crate::model::*;
use crate::ports::Store;

/// A clone is its own record in its owner's account, shows its source's
/// device id, takes no device-index entry, and goes with its source.
pub fn clones_follow_their_source(store: &dyn Store) {
    let alice = new_user(store, "contract-clones-a@example.com");
    let bob = new_user(store, "contract-clones-b@example.com");
    let source = new_tracker(store, "contract-clones-1", Some(alice.id));
    commit_points(store, vec![point(source.id, 1_000, 1.0)]);

    let clone = ok(store.create_clone(source.id, bob.id, 5), "create_clone");
    assert_ne!(clone.id, source.id);
    assert_eq!(clone.clone_of, Some(source.id));
    assert_eq!(clone.source(), source.id);
    assert_eq!((clone.owner, clone.created_ms), (Some(bob.id), 5));
    assert_eq!(clone.device_id, source.device_id);
    assert_eq!(
        ok(store.tracker(clone.id), "tracker").as_ref(),
        Some(&clone)
    );
    assert_eq!(
        ok(store.tracker_by_device(&source.device_id), "by device").map(|t| t.id),
        Some(source.id),
        "the device id names the source"
    );
    let bobs: Vec<TrackerId> = ok(store.user_trackers(bob.id), "bob's")
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(bobs, [clone.id]);

    expect_err(
        store.create_clone(clone.id, alice.id, 6),
        "Conflict",
        "clone of a clone",
    );
    expect_err(
        store.create_clone(source.id, alice.id, 6),
        "Conflict",
        "own tracker",
    );
    expect_err(
        store.create_clone(TrackerId(u64::MAX), bob.id, 6),
        "NotFound",
        "no source",
    );
    expect_err(
        store.create_clone(source.id, UserId(u64::MAX), 6),
        "NotFound",
        "no user",
    );

    // A clone's label is its own; it cannot stop being a clone.
    let renamed = Tracker {
        label: "Bob's view".into(),
        ..clone.clone()
    };
    ok(store.update_tracker(&renamed), "rename clone");
    assert_eq!(
        ok(store.tracker(source.id), "source").map(|t| t.label),
        Some(source.label.clone())
    );
    let detached = Tracker {
        clone_of: None,
        ..renamed.clone()
    };
    expect_err(store.update_tracker(&detached), "Conflict", "detach");

    // Deleting the clone leaves the source and its points.
    assert!(ok(store.delete_tracker(clone.id), "delete clone"));
    assert!(ok(store.tracker(source.id), "source").is_some());
    assert_eq!(whole_track(store, source.id).len(), 1);
    assert!(ok(store.user_trackers(bob.id), "bob's").is_empty());

    // Deleting the source takes its clones with it.
    let again = ok(store.create_clone(source.id, bob.id, 7), "clone again");
    assert!(ok(store.delete_tracker(source.id), "delete source"));
    assert_eq!(ok(store.tracker(again.id), "clone"), None);
    assert!(ok(store.user_trackers(bob.id), "bob's").is_empty());
}
