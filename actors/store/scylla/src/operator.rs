//! The operator's model ([`OperatorStore`] but `purge_history`, which is
//! `tracks`'): billing plans, the users on each plan and under each manager,
//! and the tracker expiry index.
//!
//! The expiry index is bucketed by day (`tracker_expiries`, one partition
//! per UTC day, soonest first within it) with the days that have entries
//! listed in one small partition (`expiry_days`), so a span of time reads
//! only the days in it that ever had an expiry.

use trackgate_store::*;

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, bodies, body, by_ids, ids, key, not_found};

/// Ms in a day, the expiry index's bucket.
const DAY_MS: i64 = 86_400_000;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "plans.get",
        cql: "SELECT body FROM plans WHERE id = ?",
    },
    // `plans()`, an operator listing: scans the table.
    Stmt {
        name: "plans.all",
        cql: "SELECT body FROM plans",
    },
    Stmt {
        name: "plans.put",
        cql: "INSERT INTO plans (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "plans.delete",
        cql: "DELETE FROM plans WHERE id = ?",
    },
    Stmt {
        name: "plan_users.list",
        cql: "SELECT user_id FROM plan_users WHERE plan = ?",
    },
    Stmt {
        name: "plan_users.put",
        cql: "INSERT INTO plan_users (plan, user_id) VALUES (?, ?)",
    },
    Stmt {
        name: "plan_users.delete",
        cql: "DELETE FROM plan_users WHERE plan = ? AND user_id = ?",
    },
    Stmt {
        name: "manager_users.list",
        cql: "SELECT user_id FROM manager_users WHERE manager = ?",
    },
    Stmt {
        name: "manager_users.put",
        cql: "INSERT INTO manager_users (manager, user_id) VALUES (?, ?)",
    },
    Stmt {
        name: "manager_users.delete",
        cql: "DELETE FROM manager_users WHERE manager = ? AND user_id = ?",
    },
    Stmt {
        name: "manager_users.delete_all",
        cql: "DELETE FROM manager_users WHERE manager = ?",
    },
    Stmt {
        name: "tracker_expiries.span",
        cql: "SELECT tracker FROM tracker_expiries WHERE day = ? AND expires_ms >= ? AND expires_ms <= ?",
    },
    Stmt {
        name: "tracker_expiries.put",
        cql: "INSERT INTO tracker_expiries (day, expires_ms, tracker) VALUES (?, ?, ?)",
    },
    Stmt {
        name: "tracker_expiries.delete",
        cql: "DELETE FROM tracker_expiries WHERE day = ? AND expires_ms = ? AND tracker = ?",
    },
    Stmt {
        name: "expiry_days.span",
        cql: "SELECT day FROM expiry_days WHERE bucket = ? AND day >= ? AND day <= ?",
    },
    Stmt {
        name: "expiry_days.put",
        cql: "INSERT INTO expiry_days (bucket, day) VALUES (?, ?)",
    },
];

/// The one partition of `expiry_days`.
const DAYS_BUCKET: i32 = 0;

/// The expiry index's day of `ms` (days before 1970 are negative; the
/// ends of i64 stay within i32).
pub(crate) fn day_of(ms: i64) -> i32 {
    let day = ms.div_euclid(DAY_MS);
    i32::try_from(day).unwrap_or(if day < 0 { i32::MIN } else { i32::MAX })
}

/// Adds to `writes` the move of tracker `id`'s expiry index entry from
/// `old` to `new`.
pub(crate) fn reindex_expiry(writes: &mut Writes, id: u64, old: Option<i64>, new: Option<i64>) {
    if old == new {
        return;
    }
    if let Some(at) = old {
        writes.push_row("tracker_expiries.delete", (day_of(at), at, key(id)));
    }
    if let Some(at) = new {
        writes.push_row("tracker_expiries.put", (day_of(at), at, key(id)));
        writes.push_row("expiry_days.put", (DAYS_BUCKET, day_of(at)));
    }
}

/// `NotFound` unless `plan`'s dealer (if any) exists.
fn check_plan_dealer(store: &ScyllaStore, plan: &BillingPlan) -> Result<(), StoreError> {
    match plan.dealer {
        Some(dealer) if crate::panel::dealer(store, dealer)?.is_none() => {
            Err(not_found(format_args!("dealer {}", dealer.0)))
        }
        _ => Ok(()),
    }
}

/// `OperatorStore::create_plan`: `NotFound` if its dealer does not exist.
pub(crate) fn create_plan(
    store: &ScyllaStore,
    new: NewBillingPlan,
) -> Result<BillingPlan, StoreError> {
    let probe = BillingPlan::created(PlanId(0), new);
    check_plan_dealer(store, &probe)?;
    let plan = BillingPlan {
        id: PlanId(crate::ids::next_id(store.db(), "plans")?),
        ..probe
    };
    put_plan(store, &plan)?;
    Ok(plan)
}

fn put_plan(store: &ScyllaStore, plan: &BillingPlan) -> Result<(), StoreError> {
    store
        .db()
        .execute("plans.put", (key(plan.id.0), codec::encode(plan)?))
        .map(|_| ())
}

/// `OperatorStore::update_plan`: `NotFound` if it (or its dealer) does not
/// exist.
pub(crate) fn update_plan(store: &ScyllaStore, plan: &BillingPlan) -> Result<(), StoreError> {
    if self::plan(store, plan.id)?.is_none() {
        return Err(not_found(format_args!("billing plan {}", plan.id.0)));
    }
    check_plan_dealer(store, plan)?;
    put_plan(store, plan)
}

/// `OperatorStore::delete_plan`: `NotFound` if it does not exist,
/// `Conflict` while a user is on it (one partition of `plan_users`).
///
/// A user put on the plan by another node between the look and the delete
/// is not seen: the embedded store's lock has no counterpart here.
pub(crate) fn delete_plan(store: &ScyllaStore, id: PlanId) -> Result<(), StoreError> {
    let db = store.db();
    if plan(store, id)?.is_none() {
        return Err(not_found(format_args!("billing plan {}", id.0)));
    }
    let listed = ids(db, "plan_users.list", (key(id.0),))?;
    let on_it = by_ids::<User>(db, "users.get", &listed, "user")?
        .into_iter()
        .filter(|u| u.plan == Some(id))
        .count();
    if on_it > 0 {
        return Err(StoreError::Conflict(format!(
            "billing plan {} has {on_it} users",
            id.0
        )));
    }
    db.execute("plans.delete", (key(id.0),)).map(|_| ())
}

/// `OperatorStore::plan`.
pub(crate) fn plan(store: &ScyllaStore, id: PlanId) -> Result<Option<BillingPlan>, StoreError> {
    body(store.db(), "plans.get", (key(id.0),), "billing plan")
}

/// `OperatorStore::plans`, by id. An operator listing: scans the table.
pub(crate) fn plans(store: &ScyllaStore) -> Result<Vec<BillingPlan>, StoreError> {
    let mut all: Vec<BillingPlan> = bodies(store.db(), "plans.all", (), "billing plan")?;
    all.sort_by_key(|p| p.id);
    Ok(all)
}

/// `OperatorStore::managed_users`, by id: one partition of `manager_users`.
pub(crate) fn managed_users(store: &ScyllaStore, manager: UserId) -> Result<Vec<User>, StoreError> {
    let db = store.db();
    let listed = ids(db, "manager_users.list", (key(manager.0),))?;
    Ok(by_ids::<User>(db, "users.get", &listed, "user")?
        .into_iter()
        .filter(|u| u.manager == Some(manager))
        .collect())
}

/// The inclusive span of expiry times `after_ms < t <= until_ms`, if any.
fn expiry_span(after_ms: i64, until_ms: i64) -> Option<(i64, i64)> {
    let from = after_ms.checked_add(1)?;
    (from <= until_ms).then_some((from, until_ms))
}

/// `OperatorStore::trackers_expiring`: soonest first (ties by id), reading
/// the day partitions of the span that have entries, in day order.
pub(crate) fn trackers_expiring(
    store: &ScyllaStore,
    after_ms: i64,
    until_ms: i64,
) -> Result<Vec<TrackerId>, StoreError> {
    let db = store.db();
    let Some((from, until)) = expiry_span(after_ms, until_ms) else {
        return Ok(Vec::new());
    };
    let days = db.query::<(i32,)>(
        "expiry_days.span",
        (DAYS_BUCKET, day_of(from), day_of(until)),
    )?;
    let mut out = Vec::new();
    for (day,) in days {
        out.extend(
            ids(db, "tracker_expiries.span", (day, from, until))?
                .into_iter()
                .map(TrackerId),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_bucket_by_utc_day() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(DAY_MS - 1), 0);
        assert_eq!(day_of(DAY_MS), 1);
        assert_eq!(day_of(-1), -1);
        assert_eq!(day_of(4_000_000_000_000), 46_296);
        assert_eq!(day_of(i64::MAX), i32::MAX);
        assert_eq!(day_of(i64::MIN), i32::MIN);
    }

    #[test]
    fn the_span_excludes_after_and_includes_until() {
        assert_eq!(expiry_span(10, 20), Some((11, 20)));
        assert_eq!(expiry_span(19, 20), Some((20, 20)));
        assert_eq!(expiry_span(20, 20), None);
        assert_eq!(expiry_span(30, 20), None);
        assert_eq!(expiry_span(i64::MAX, i64::MAX), None);
        assert_eq!(
            expiry_span(i64::MIN, i64::MIN + 1),
            Some((i64::MIN + 1, i64::MIN + 1))
        );
    }

    #[test]
    fn reindexing_moves_the_entry_and_lists_its_day() {
        let mut writes = Writes::new();
        reindex_expiry(&mut writes, 1, Some(5), Some(DAY_MS * 3));
        assert_eq!(
            writes.names(),
            [
                "tracker_expiries.delete",
                "tracker_expiries.put",
                "expiry_days.put"
            ]
        );
        let mut same = Writes::new();
        reindex_expiry(&mut same, 1, Some(5), Some(5));
        reindex_expiry(&mut same, 1, None, None);
        assert!(same.is_empty());
        let mut cleared = Writes::new();
        reindex_expiry(&mut cleared, 1, Some(5), None);
        assert_eq!(cleared.names(), ["tracker_expiries.delete"]);
    }
}
