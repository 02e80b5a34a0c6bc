//! Contract: the operator's model: privileges and managers, billing plans,
//! expiries, history retention, and what deleting a user does to them.

use super::tenancy::new_subuser;
use super::{commit_points, expect_err, new_tracker, new_user, ok, point, times, whole_track};
use crate::model::*;
use crate::money::Money;
use crate::operator_model::*;
use crate::ports::Store;

const DAY_MS: i64 = 86_400_000;

/// Creates a plan keeping `history_days` of history and allowing
/// `tracker_limit` trackers.
#[track_caller]
pub(super) fn new_plan(
    store: &dyn Store,
    name: &str,
    tracker_limit: Option<u32>,
    history_days: Option<u32>,
) -> BillingPlan {
    ok(
        store.create_plan(NewBillingPlan {
            name: name.into(),
            price: Money::parse("9.99").expect("an amount"),
            period_days: 30,
            tracker_limit,
            history_days,
            dealer: None,
            unpaid: Default::default(),
        }),
        "create_plan",
    )
}

/// Plans are created with fresh ids, read, listed by id and overwritten.
pub fn plans_are_created_listed_updated(store: &dyn Store) {
    let basic = new_plan(store, "contract-plans-basic", Some(5), Some(30));
    let pro = new_plan(store, "contract-plans-pro", None, None);
    assert_ne!(basic.id, pro.id);
    assert_eq!(basic.name, "contract-plans-basic");
    assert_eq!(basic.price.to_string(), "9.99");
    assert_eq!(
        (basic.tracker_limit, basic.history_days),
        (Some(5), Some(30))
    );
    assert_eq!(ok(store.plan(basic.id), "plan").as_ref(), Some(&basic));
    let all = ok(store.plans(), "plans");
    assert!(all.contains(&basic) && all.contains(&pro));
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");

    let changed = BillingPlan {
        name: "contract-plans-basic-2".into(),
        price: Money::parse("12.50").expect("an amount"),
        period_days: 365,
        tracker_limit: None,
        history_days: Some(90),
        ..basic.clone()
    };
    ok(store.update_plan(&changed), "update_plan");
    assert_eq!(ok(store.plan(basic.id), "plan"), Some(changed));
    let missing = BillingPlan {
        id: PlanId(u64::MAX),
        ..pro
    };
    expect_err(
        store.update_plan(&missing),
        "NotFound",
        "update a missing plan",
    );
    assert_eq!(ok(store.plan(PlanId(u64::MAX)), "plan"), None);
}

/// A plan is deleted only when no user is on it; once deleted it is gone
/// from the list and cannot be assigned.
pub fn plans_in_use_are_kept_from_deletion(store: &dyn Store) {
    let plan = new_plan(store, "contract-plans-delete", Some(2), None);
    let other = new_plan(store, "contract-plans-delete-other", None, None);
    let mut ann = new_user(store, "contract-plans-delete-ann@example.com");
    ann.plan = Some(plan.id);
    ok(store.update_user(&ann), "update_user");
    expect_err(
        store.delete_plan(plan.id),
        "Conflict",
        "delete a plan in use",
    );
    assert_eq!(ok(store.plan(plan.id), "plan").as_ref(), Some(&plan));

    ann.plan = Some(other.id);
    ok(store.update_user(&ann), "update_user");
    ok(store.delete_plan(plan.id), "delete_plan");
    assert_eq!(ok(store.plan(plan.id), "plan"), None);
    assert!(!ok(store.plans(), "plans").iter().any(|p| p.id == plan.id));
    expect_err(store.delete_plan(plan.id), "NotFound", "delete it again");
    ann.plan = Some(plan.id);
    expect_err(store.update_user(&ann), "NotFound", "assign a deleted plan");
    let ann_now = ok(store.user(ann.id), "user").expect("ann");
    assert_eq!(
        ann_now.plan,
        Some(other.id),
        "the refused write changed nothing"
    );
}

/// A user's privilege, name, manager, expiry and plan are written with
/// `update_user`; references must exist, nobody manages itself, and
/// sub-users take no part in managers.
pub fn privileges_managers_and_plans_are_kept(store: &dyn Store) {
    let boss = new_user(store, "contract-managers-boss@example.com");
    let ann = new_user(store, "contract-managers-ann@example.com");
    let bob = new_user(store, "contract-managers-bob@example.com");
    assert_eq!(ann.privilege, Privilege::User, "users start ordinary");
    assert_eq!((ann.manager, ann.plan, ann.expires_ms), (None, None, None));
    let plan = new_plan(store, "contract-managers-plan", Some(3), None);

    let boss = User {
        privilege: Privilege::Manager,
        ..boss
    };
    ok(store.update_user(&boss), "promote");
    let ann = User {
        username: Some("Ann".into()),
        manager: Some(boss.id),
        plan: Some(plan.id),
        expires_ms: Some(1_900_000_000_000),
        privilege: Privilege::Viewer,
        ..ann
    };
    ok(store.update_user(&ann), "assign ann");
    assert_eq!(ok(store.user(ann.id), "user").as_ref(), Some(&ann));
    let bob = User {
        manager: Some(boss.id),
        ..bob
    };
    ok(store.update_user(&bob), "assign bob");
    assert_eq!(
        ok(store.managed_users(boss.id), "managed"),
        [ann.clone(), bob.clone()]
    );

    // Moving bob away, and ann's plan away, update the lists.
    let bob = User {
        manager: None,
        ..bob
    };
    ok(store.update_user(&bob), "unassign bob");
    assert_eq!(
        ok(store.managed_users(boss.id), "managed"),
        std::slice::from_ref(&ann)
    );
    assert!(ok(store.managed_users(bob.id), "nobody").is_empty());

    for (bad, expected, what) in [
        (
            User {
                manager: Some(UserId(u64::MAX)),
                ..bob.clone()
            },
            "NotFound",
            "a missing manager",
        ),
        (
            User {
                manager: Some(bob.id),
                ..bob.clone()
            },
            "Conflict",
            "managing itself",
        ),
        (
            User {
                plan: Some(PlanId(u64::MAX)),
                ..bob.clone()
            },
            "NotFound",
            "a missing plan",
        ),
        (
            User {
                dealer: Some(crate::DealerId(u64::MAX)),
                ..bob.clone()
            },
            "NotFound",
            "a missing dealer",
        ),
    ] {
        expect_err(store.update_user(&bad), expected, what);
        assert_eq!(
            ok(store.user(bob.id), "user").as_ref(),
            Some(&bob),
            "{what}"
        );
    }
    let sub = new_subuser(store, boss.id, "contract-managers-sub@example.com");
    let sub_user = ok(store.user(sub.id), "sub-user").expect("exists");
    expect_err(
        store.update_user(&User {
            manager: Some(boss.id),
            ..sub_user
        }),
        "Conflict",
        "a sub-user with a manager",
    );
    expect_err(
        store.update_user(&User {
            manager: Some(sub.id),
            ..bob.clone()
        }),
        "Conflict",
        "a sub-user as manager",
    );
}

/// Deleting a user deletes its clones, unassigns its own trackers and
/// frees the users it managed; deleting a managed user leaves its manager's
/// list.
pub fn delete_user_takes_clones_and_frees_managed_users(store: &dyn Store) {
    let boss = new_user(store, "contract-delmgr-boss@example.com");
    let boss = User {
        privilege: Privilege::Manager,
        ..boss
    };
    ok(store.update_user(&boss), "promote");
    let owner = new_user(store, "contract-delmgr-owner@example.com");
    let ann = new_user(store, "contract-delmgr-ann@example.com");
    let ann = User {
        manager: Some(boss.id),
        ..ann
    };
    ok(store.update_user(&ann), "assign ann");
    let gone = new_user(store, "contract-delmgr-gone@example.com");
    ok(
        store.update_user(&User {
            manager: Some(boss.id),
            ..gone.clone()
        }),
        "assign gone",
    );
    let source = new_tracker(store, "contract-delmgr-1", Some(owner.id));
    let clone = ok(store.create_clone(source.id, boss.id, 9), "create_clone");

    assert!(ok(store.delete_user(gone.id), "delete managed"));
    assert_eq!(
        ok(store.managed_users(boss.id), "managed"),
        std::slice::from_ref(&ann)
    );

    assert!(ok(store.delete_user(boss.id), "delete manager"));
    let ann_now = ok(store.user(ann.id), "ann").expect("ann stays");
    assert_eq!(ann_now.manager, None, "unassigned from the deleted manager");
    assert_eq!(ok(store.tracker(clone.id), "clone"), None, "the clone went");
    assert_eq!(
        ok(store.tracker(source.id), "source"),
        Some(source),
        "the source is untouched"
    );
}

/// The expiry index finds trackers whose end lies in a span, soonest
/// first, and follows updates and deletes.
pub fn expiring_trackers_are_found_by_time(store: &dyn Store) {
    // Far in the future, so no other case's trackers share the span.
    let base = 4_000_000_000_000_i64;
    let first = new_tracker(store, "contract-expiry-1", None);
    let second = new_tracker(store, "contract-expiry-2", None);
    let never = new_tracker(store, "contract-expiry-3", None);
    let set = |tracker: &Tracker, at: Option<i64>| {
        let changed = Tracker {
            expires_ms: at,
            ..tracker.clone()
        };
        ok(store.update_tracker(&changed), "update_tracker");
        changed
    };
    let first = set(&first, Some(base + 2_000));
    let second = set(&second, Some(base + 1_000));
    let span = |after: i64, until: i64| {
        ok(
            store.trackers_expiring(base + after, base + until),
            "trackers_expiring",
        )
    };
    assert_eq!(span(0, 5_000), [second.id, first.id], "soonest first");
    assert_eq!(span(1_000, 5_000), [first.id], "after is exclusive");
    assert_eq!(span(0, 1_000), [second.id], "until is inclusive");
    assert!(span(5_000, 0).is_empty());
    assert_eq!(
        ok(store.tracker(never.id), "t").and_then(|t| t.expires_ms),
        None
    );

    let first = set(&first, Some(base + 3_000));
    assert_eq!(span(0, 2_500), [second.id], "moved");
    set(&second, None);
    assert_eq!(span(0, 5_000), [first.id], "cleared");
    assert!(ok(store.delete_tracker(first.id), "delete"));
    assert!(span(0, 5_000).is_empty(), "deleted");
}

/// `purge_history` removes exactly the points older than the owner's plan
/// keeps, and nobody else's.
pub fn history_beyond_the_plan_is_purged(store: &dyn Store) {
    let now = 1_700_000_000_000 + 100 * DAY_MS;
    let week = new_plan(store, "contract-retention-week", None, Some(7));
    let forever = new_plan(store, "contract-retention-forever", None, None);
    let short = new_user(store, "contract-retention-short@example.com");
    let long = new_user(store, "contract-retention-long@example.com");
    let none = new_user(store, "contract-retention-none@example.com");
    ok(
        store.update_user(&User {
            plan: Some(week.id),
            ..short.clone()
        }),
        "plan",
    );
    ok(
        store.update_user(&User {
            plan: Some(forever.id),
            ..long.clone()
        }),
        "plan",
    );
    let trimmed = new_tracker(store, "contract-retention-1", Some(short.id));
    let kept = [
        new_tracker(store, "contract-retention-2", Some(long.id)),
        new_tracker(store, "contract-retention-3", Some(none.id)),
        new_tracker(store, "contract-retention-4", None),
    ];
    let ages = [30 * DAY_MS, 8 * DAY_MS, 7 * DAY_MS - 1, DAY_MS];
    for tracker in std::iter::once(&trimmed).chain(&kept) {
        commit_points(
            store,
            ages.iter()
                .map(|age| point(tracker.id, now - age, 1.0))
                .collect(),
        );
    }
    // A clone in the short plan's account holds no points to purge.
    ok(store.create_clone(kept[0].id, short.id, 1), "clone");

    ok(store.purge_history(now), "purge_history");
    assert_eq!(
        times(&whole_track(store, trimmed.id)),
        [now - 7 * DAY_MS + 1, now - DAY_MS],
        "only the last 7 days stay"
    );
    for tracker in &kept {
        assert_eq!(
            times(&whole_track(store, tracker.id)).len(),
            ages.len(),
            "{} keeps its history",
            tracker.device_id
        );
    }
    ok(store.purge_history(now), "a second purge");
    assert_eq!(
        whole_track(store, trimmed.id).len(),
        2,
        "nothing more to remove"
    );
}
