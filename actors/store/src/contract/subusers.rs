//! Contract: sub-users, and what deleting a tracker or a user removes of
//! tags, groups and sub-users.

use std::collections::{BTreeMap, BTreeSet};

use super::access::{api_key, session};
use super::tenancy::{binding, link, new_group, new_subuser, new_tag};
use super::{expect_err, new_tracker, new_user, ok};
use crate::model::*;
use crate::ports::Store;
use crate::tenancy_model::*;

/// A sub-user is a user linked to a master, with rights and a profile,
/// bound to some of the master's trackers.
pub fn subusers_are_linked_and_bound(store: &dyn Store) {
    let master = new_user(store, "contract-master@example.com");
    let other = new_user(store, "contract-master-2@example.com");
    let sub = new_subuser(store, master.id, "contract-sub@example.com");
    let user = ok(store.user(sub.id), "user").expect("the sub-user is a user");
    assert_eq!(user.login, "contract-sub@example.com");
    assert!(!user.blocked);
    assert_eq!(sub.link, link(master.id, &["tracker_configure"]));
    assert_eq!(ok(store.subuser(sub.id), "subuser"), Some(sub.clone()));
    assert_eq!(ok(store.subuser(master.id), "a master"), None);
    assert_eq!(
        ok(store.master_subusers(master.id), "list"),
        std::slice::from_ref(&sub)
    );
    assert_eq!(ok(store.master_subusers(other.id), "other's"), []);

    let blocked = ok(
        store.create_subuser(
            NewUser {
                login: "contract-sub-blocked@example.com".into(),
                password_hash: String::new(),
                created_ms: 0,
            },
            true,
            link(master.id, &[]),
        ),
        "blocked sub-user",
    );
    assert!(ok(store.user(blocked.id), "user").is_some_and(|u| u.blocked));
    let login = |login: &str| NewUser {
        login: login.into(),
        password_hash: String::new(),
        created_ms: 0,
    };
    expect_err(
        store.create_subuser(login(&master.login), false, link(master.id, &[])),
        "Conflict",
        "a taken login",
    );
    expect_err(
        store.create_subuser(
            login("contract-sub-x@example.com"),
            false,
            link(sub.id, &[]),
        ),
        "NotFound",
        "a sub-user as master",
    );
    expect_err(
        store.create_subuser(
            login("contract-sub-y@example.com"),
            false,
            link(UserId(u64::MAX), &[]),
        ),
        "NotFound",
        "a missing master",
    );

    let changed = SubUser {
        id: sub.id,
        link: SubUserLink {
            rights: BTreeSet::from(["admin".to_owned(), "tag_update".to_owned()]),
            master: other.id,
            profile: BTreeMap::new(),
        },
    };
    ok(store.update_subuser(&changed), "update_subuser");
    let stored = ok(store.subuser(sub.id), "subuser").expect("still a sub-user");
    assert_eq!(stored.link.master, master.id, "the master never changes");
    assert_eq!(stored.link.rights, changed.link.rights);
    assert!(stored.link.profile.is_empty());
    expect_err(
        store.update_subuser(&SubUser {
            id: master.id,
            ..changed
        }),
        "NotFound",
        "update a user that is no sub-user",
    );

    let one = new_tracker(store, "contract-sub-1", Some(master.id));
    let two = new_tracker(store, "contract-sub-2", Some(master.id));
    let theirs = new_tracker(store, "contract-sub-3", Some(other.id));
    ok(
        store.bind_trackers(sub.id, &[two.id, one.id, two.id]),
        "bind",
    );
    assert_eq!(
        ok(store.subuser_trackers(sub.id), "bound"),
        [one.id, two.id]
    );
    expect_err(
        store.bind_trackers(sub.id, &[theirs.id]),
        "NotFound",
        "another account's tracker",
    );
    expect_err(
        store.bind_trackers(sub.id, &[TrackerId(u64::MAX)]),
        "NotFound",
        "a missing tracker",
    );
    expect_err(
        store.bind_trackers(master.id, &[one.id]),
        "NotFound",
        "bind to a user that is no sub-user",
    );
    ok(
        store.unbind_trackers(sub.id, &[one.id, theirs.id]),
        "unbind",
    );
    assert_eq!(ok(store.subuser_trackers(sub.id), "bound"), [two.id]);
    expect_err(
        store.unbind_trackers(master.id, &[one.id]),
        "NotFound",
        "unbind from a user that is no sub-user",
    );
}

/// Deleting a tracker, changing its owner, deleting a sub-user and deleting
/// a master each remove exactly what hangs on them.
pub fn deletes_cascade_through_tenancy(store: &dyn Store) {
    let master = new_user(store, "contract-tenancy-cascade@example.com");
    let other = new_user(store, "contract-tenancy-cascade-2@example.com");
    let sub = new_subuser(store, master.id, "contract-tenancy-cascade-sub@example.com");
    let tag = new_tag(store, master.id, "t");
    let group = new_group(store, master.id, "g");
    let trackers: Vec<Tracker> = (1..=3)
        .map(|n| {
            new_tracker(
                store,
                &format!("contract-tenancy-cascade-{n}"),
                Some(master.id),
            )
        })
        .collect();
    let ids: Vec<TrackerId> = trackers.iter().map(|t| t.id).collect();
    for t in &ids {
        ok(store.set_tracker_tags(*t, &[binding(&tag, 1)]), "tags");
    }
    ok(store.set_tracker_group(&ids, Some(group.id)), "group");
    ok(store.bind_trackers(sub.id, &ids), "bind");

    assert!(ok(store.delete_tracker(ids[0]), "delete_tracker"));
    assert_eq!(ok(store.subuser_trackers(sub.id), "bound"), ids[1..]);
    // The deleted tracker's bindings are gone from the tag's side too.
    ok(store.delete_tag(tag.id), "delete_tag");
    let tag = new_tag(store, master.id, "t2");
    ok(store.set_tracker_tags(ids[1], &[binding(&tag, 1)]), "tags");
    ok(store.set_tracker_tags(ids[2], &[binding(&tag, 1)]), "tags");

    let moved = Tracker {
        owner: Some(other.id),
        ..trackers[1].clone()
    };
    ok(store.update_tracker(&moved), "change owner");
    assert_eq!(ok(store.tracker_tags(ids[1]), "tags"), []);
    assert_eq!(ok(store.tracker_group(ids[1]), "group"), None);
    assert_eq!(ok(store.subuser_trackers(sub.id), "bound"), [ids[2]]);

    let sub_session = session(0x5ca5_0001, sub.id, i64::MAX);
    ok(store.put_session(&sub_session), "put_session");
    ok(
        store.put_api_key(&api_key(0x5ca5_0002, sub.id, 1)),
        "put_api_key",
    );
    let second = new_subuser(
        store,
        master.id,
        "contract-tenancy-cascade-sub2@example.com",
    );
    ok(store.bind_trackers(second.id, &[ids[2]]), "bind");
    assert!(ok(store.delete_user(second.id), "delete a sub-user"));
    assert_eq!(ok(store.subuser(second.id), "link"), None);
    assert_eq!(
        ok(store.master_subusers(master.id), "list"),
        std::slice::from_ref(&sub)
    );
    assert_eq!(ok(store.subuser_trackers(second.id), "bound"), []);

    assert!(ok(store.delete_user(master.id), "delete the master"));
    assert_eq!(ok(store.user(sub.id), "sub-user"), None);
    assert_eq!(
        ok(
            store.user_by_login("contract-tenancy-cascade-sub@example.com"),
            "login"
        ),
        None
    );
    assert_eq!(ok(store.session(&sub_session.digest), "session"), None);
    assert_eq!(ok(store.user_api_keys(sub.id), "keys"), []);
    assert_eq!(ok(store.subuser(sub.id), "link"), None);
    assert_eq!(ok(store.subuser_trackers(sub.id), "bound"), []);
    assert_eq!(ok(store.tag(tag.id), "tag"), None);
    assert_eq!(ok(store.group(group.id), "group"), None);
    assert_eq!(ok(store.user_tags(master.id), "tags"), []);
    assert_eq!(ok(store.user_groups(master.id), "groups"), []);
    assert_eq!(ok(store.tracker_tags(ids[2]), "tags"), []);
    assert_eq!(ok(store.tracker_group(ids[2]), "group"), None);
    // The tracker that moved away keeps its new owner.
    assert_eq!(
        ok(store.tracker(ids[1]), "tracker").and_then(|t| t.owner),
        Some(other.id)
    );
}
