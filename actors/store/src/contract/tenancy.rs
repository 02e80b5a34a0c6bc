//! Contract: tags and tracker groups (sub-users and what deletes remove:
//! `subusers`).

use std::collections::BTreeMap;

use super::{expect_err, new_tracker, new_user, ok};
use crate::model::*;
use crate::ports::Store;
use crate::tenancy_model::*;

#[track_caller]
pub(super) fn new_tag(store: &dyn Store, owner: UserId, name: &str) -> Tag {
    ok(
        store.create_tag(NewTag {
            owner,
            name: name.into(),
            color: "FF0000".into(),
        }),
        "create_tag",
    )
}

#[track_caller]
pub(super) fn new_group(store: &dyn Store, owner: UserId, title: &str) -> Group {
    ok(
        store.create_group(NewGroup {
            owner,
            title: title.into(),
            color: "00FF00".into(),
        }),
        "create_group",
    )
}

pub(super) fn link(master: UserId, rights: &[&str]) -> SubUserLink {
    SubUserLink {
        master,
        rights: rights.iter().map(|r| (*r).to_owned()).collect(),
        profile: BTreeMap::from([("first_name".to_owned(), "Ann".to_owned())]),
    }
}

#[track_caller]
pub(super) fn new_subuser(store: &dyn Store, master: UserId, login: &str) -> SubUser {
    ok(
        store.create_subuser(
            NewUser {
                login: login.into(),
                password_hash: String::new(),
                created_ms: 1_700_000_000_000,
            },
            false,
            link(master, &["tracker_configure"]),
        ),
        "create_subuser",
    )
}

pub(super) fn binding(tag: &Tag, ordinal: u8) -> TagBinding {
    TagBinding {
        tag: tag.id,
        ordinal,
    }
}

/// Tags are created per owner, listed by id, renamed (never moved to
/// another owner) and deleted; deleting one unbinds it from trackers.
pub fn tags_are_created_bound_and_deleted(store: &dyn Store) {
    let user = new_user(store, "contract-tags@example.com");
    let other = new_user(store, "contract-tags-2@example.com");
    let a = new_tag(store, user.id, "a");
    let b = new_tag(store, user.id, "b");
    let foreign = new_tag(store, other.id, "c");
    assert_eq!(
        ok(store.user_tags(user.id), "user_tags"),
        [a.clone(), b.clone()]
    );
    assert_eq!(ok(store.tag(foreign.id), "tag"), Some(foreign.clone()));
    expect_err(
        store.create_tag(NewTag {
            owner: UserId(u64::MAX),
            name: "x".into(),
            color: "000000".into(),
        }),
        "NotFound",
        "tag of a missing user",
    );

    let renamed = Tag {
        name: "a2".into(),
        owner: other.id,
        ..a.clone()
    };
    ok(store.update_tag(&renamed), "update_tag");
    let kept = Tag {
        owner: user.id,
        ..renamed
    };
    assert_eq!(ok(store.tag(a.id), "tag"), Some(kept.clone()), "owner kept");
    expect_err(
        store.update_tag(&Tag {
            id: TagId(u64::MAX),
            ..a.clone()
        }),
        "NotFound",
        "update a missing tag",
    );

    let tracker = new_tracker(store, "contract-tags-1", Some(user.id));
    assert_eq!(ok(store.tracker_tags(tracker.id), "tracker_tags"), []);
    ok(
        store.set_tracker_tags(tracker.id, &[binding(&b, 2), binding(&a, 1)]),
        "set_tracker_tags",
    );
    assert_eq!(
        ok(store.tracker_tags(tracker.id), "tracker_tags"),
        [binding(&b, 2), binding(&a, 1)]
    );
    for (tags, what) in [
        (vec![binding(&foreign, 1)], "another owner's tag"),
        (
            vec![TagBinding {
                tag: TagId(u64::MAX),
                ordinal: 1,
            }],
            "a missing tag",
        ),
    ] {
        expect_err(store.set_tracker_tags(tracker.id, &tags), "NotFound", what);
    }
    expect_err(
        store.set_tracker_tags(TrackerId(u64::MAX), &[]),
        "NotFound",
        "tags of a missing tracker",
    );
    assert_eq!(ok(store.tracker_tags(tracker.id), "unchanged").len(), 2);

    // Replacing keeps a tag that stays, with its new ordinal.
    ok(
        store.set_tracker_tags(tracker.id, &[binding(&a, 5)]),
        "replace",
    );
    assert_eq!(ok(store.tracker_tags(tracker.id), "tags"), [binding(&a, 5)]);
    ok(
        store.set_tracker_tags(tracker.id, &[binding(&a, 1), binding(&b, 2)]),
        "set again",
    );

    assert!(ok(store.delete_tag(a.id), "delete_tag"));
    assert!(!ok(store.delete_tag(a.id), "delete again"));
    assert_eq!(ok(store.tag(a.id), "tag"), None);
    assert_eq!(ok(store.tracker_tags(tracker.id), "tags"), [binding(&b, 2)]);
    assert_eq!(
        ok(store.user_tags(user.id), "user_tags"),
        std::slice::from_ref(&b)
    );
    ok(store.set_tracker_tags(tracker.id, &[]), "clear");
    assert_eq!(ok(store.tracker_tags(tracker.id), "tags"), []);
}

/// Groups are created per owner and renamed; trackers are put in one of
/// their owner's groups or in none; deleting a group leaves its trackers
/// in none.
pub fn groups_hold_trackers_until_deleted(store: &dyn Store) {
    let user = new_user(store, "contract-groups@example.com");
    let other = new_user(store, "contract-groups-2@example.com");
    let office = new_group(store, user.id, "Office");
    let field = new_group(store, user.id, "Field");
    let foreign = new_group(store, other.id, "Theirs");
    assert!(office.id.0 >= 1, "group ids start at 1");
    assert_eq!(
        ok(store.user_groups(user.id), "user_groups"),
        [office.clone(), field.clone()]
    );
    let retitled = Group {
        title: "Head office".into(),
        ..office.clone()
    };
    ok(store.update_group(&retitled), "update_group");
    assert_eq!(ok(store.group(office.id), "group"), Some(retitled));
    expect_err(
        store.update_group(&Group {
            id: GroupId(u64::MAX),
            ..office.clone()
        }),
        "NotFound",
        "update a missing group",
    );

    let one = new_tracker(store, "contract-groups-1", Some(user.id));
    let two = new_tracker(store, "contract-groups-2", Some(user.id));
    assert_eq!(ok(store.tracker_group(one.id), "tracker_group"), None);
    ok(
        store.set_tracker_group(&[one.id, two.id, one.id], Some(office.id)),
        "assign",
    );
    ok(store.set_tracker_group(&[one.id], Some(office.id)), "again");
    assert_eq!(ok(store.tracker_group(one.id), "group"), Some(office.id));
    assert_eq!(ok(store.tracker_group(two.id), "group"), Some(office.id));
    expect_err(
        store.set_tracker_group(&[one.id], Some(foreign.id)),
        "NotFound",
        "another owner's group",
    );
    expect_err(
        store.set_tracker_group(&[two.id, TrackerId(u64::MAX)], Some(field.id)),
        "NotFound",
        "a missing tracker",
    );
    expect_err(
        store.set_tracker_group(&[two.id], Some(GroupId(u64::MAX))),
        "NotFound",
        "a missing group",
    );
    assert_eq!(
        ok(store.tracker_group(two.id), "unchanged"),
        Some(office.id)
    );

    ok(store.set_tracker_group(&[two.id], Some(field.id)), "move");
    assert!(ok(store.delete_group(office.id), "delete_group"));
    assert!(!ok(store.delete_group(office.id), "delete again"));
    assert_eq!(ok(store.tracker_group(one.id), "left"), None);
    assert_eq!(
        ok(store.tracker_group(two.id), "other group"),
        Some(field.id)
    );
    ok(store.set_tracker_group(&[two.id], None), "no group");
    assert_eq!(ok(store.tracker_group(two.id), "none"), None);
    assert_eq!(ok(store.user_groups(user.id), "groups"), [field]);
}
