//! Billing plan renewals: each account on a priced plan pays the plan's
//! price at the start of each of its periods, once.
//!
//! An account's periods are counted from when it was first seen on its
//! plan (its renewal's anchor): period `n` starts `n` plan lengths later.
//! [`settle`] charges the current period if it is not settled yet, as one
//! [`RenewalStep`] the store applies atomically (charge, period record and
//! trackers' marks in one write, refused if another settle got there
//! first), so neither a crash nor two settles at once can charge a period
//! twice. Only the current period is charged: periods that passed while
//! the gateway was down, or the account suspended, are passed over, not
//! charged afterwards (the account had no service in them).
//!
//! An account whose balance cannot pay is suspended: its trackers are
//! refused as blocked ones are (login refused, API 208), and the
//! connected ones are closed. A payment settles the account at once
//! (the User and Panel APIs call [`settle`] after appending it), which
//! charges the period and lifts the suspension.
//!
//! [`spawn`] runs [`settle_all`] every tick, from the gateway's start.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trackgate_store::{
    BillingPlan, NewTransaction, Renewal, RenewalOutcome, RenewalStep, Store, StoreError,
    TrackerId, TransactionType, UserId,
};

use crate::registry::Registry;
use crate::session::messages::Deactivated;

/// Who renewals are made by, in the ledger.
pub const MADE_BY: &str = "renewal";

/// How long a plan's day is: a day, except in tests that cannot wait for
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalClock {
    /// The length of one of a plan's `period_days`, in ms (at least 1).
    pub day_ms: i64,
}

impl Default for RenewalClock {
    fn default() -> Self {
        Self { day_ms: 86_400_000 }
    }
}

/// What [`settle`] did for one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Nothing was due.
    Nothing,
    /// The current period was charged (or was free) and the account is
    /// not suspended.
    Paid,
    /// The balance could not pay: the account is suspended. `trackers`
    /// are its own (not cloned) trackers, whose connections should close.
    Suspended {
        /// The account's trackers with devices of their own.
        trackers: Vec<TrackerId>,
    },
    /// The account left its plan (or the plan is gone): its renewal was
    /// forgotten and any suspension lifted.
    Ended,
}

/// Settles `user`'s renewal at `now_ms`; see the module docs.
pub fn settle(
    store: &dyn Store,
    user: UserId,
    now_ms: i64,
    clock: RenewalClock,
) -> Result<Settled, StoreError> {
    let stored = store.renewal(user)?;
    let plan = match store.user(user)? {
        Some(account) => account.plan.map(|id| store.plan(id)).transpose()?.flatten(),
        None => None,
    };
    let Some(plan) = plan else {
        if stored.is_some() && store.end_renewal(user)? {
            return Ok(Settled::Ended);
        }
        return Ok(Settled::Nothing);
    };
    let base = match stored {
        Some(renewal) if renewal.plan == plan.id => renewal,
        _ => Renewal {
            plan: plan.id,
            anchor_ms: now_ms,
            paid_periods: 0,
            suspended: false,
        },
    };
    let period_ms = i64::from(plan.period_days.max(1)).saturating_mul(clock.day_ms.max(1));
    let current = u64::try_from(now_ms.saturating_sub(base.anchor_ms) / period_ms).unwrap_or(0);
    let due = base.paid_periods <= current;
    let price = plan.price;
    let floor = plan.unpaid.floor();
    if stored == Some(base) && !due {
        return Ok(Settled::Nothing);
    }
    if stored == Some(base) && base.suspended && !can_pay(store, user, price, floor)? {
        // Still unpaid: write again only to suspend trackers added since.
        if store.user_trackers(user)?.iter().all(|t| t.suspended) {
            return Ok(Settled::Nothing);
        }
    }
    let charge = (!price.0.is_zero()).then(|| NewTransaction {
        user,
        time_ms: now_ms,
        amount: trackgate_store::Money(-price.0),
        kind: TransactionType::Charge,
        description: format!("{}: period {} of the plan", plan.name, current + 1),
        tracker: None,
        made_by: Some(MADE_BY.into()),
    });
    let step = RenewalStep {
        user,
        expected: stored,
        paid: Renewal {
            paid_periods: current + 1,
            suspended: false,
            ..base
        },
        unpaid: Renewal {
            suspended: true,
            ..base
        },
        charge,
        floor,
    };
    match store.renew(step) {
        Ok(RenewalOutcome::Paid(_)) => Ok(Settled::Paid),
        Ok(RenewalOutcome::Unpaid) => Ok(Settled::Suspended {
            trackers: store
                .user_trackers(user)?
                .into_iter()
                .filter(|t| t.clone_of.is_none())
                .map(|t| t.id)
                .collect(),
        }),
        // Another settle recorded this account meanwhile: it is settled.
        Err(StoreError::Conflict(_)) => Ok(Settled::Nothing),
        Err(error) => Err(error),
    }
}

/// The renewal that gives an account on `plan` `days` of it free (an
/// activation code's free days), from the renewal `stored` now: the time
/// it has settled grows by them. A renewal on `plan` has its anchor moved
/// `days` later (and any suspension lifted, for [`settle`] to decide
/// again); otherwise the account starts on `plan` with its first period
/// settled and ending `days` from `now_ms`, so the first charge comes
/// then. `None` for 0 days: nothing changes.
pub fn with_free_days(
    stored: Option<Renewal>,
    plan: &BillingPlan,
    days: u32,
    now_ms: i64,
    clock: RenewalClock,
) -> Option<Renewal> {
    if days == 0 {
        return None;
    }
    let day_ms = clock.day_ms.max(1);
    let free_ms = i64::from(days).saturating_mul(day_ms);
    let period_ms = i64::from(plan.period_days.max(1)).saturating_mul(day_ms);
    Some(match stored {
        Some(renewal) if renewal.plan == plan.id => Renewal {
            anchor_ms: renewal.anchor_ms.saturating_add(free_ms),
            suspended: false,
            ..renewal
        },
        _ => Renewal {
            plan: plan.id,
            anchor_ms: now_ms.saturating_add(free_ms).saturating_sub(period_ms),
            paid_periods: 1,
            suspended: false,
        },
    })
}

/// Whether the balance pays `price` without falling below `floor`.
fn can_pay(
    store: &dyn Store,
    user: UserId,
    price: trackgate_store::Money,
    floor: trackgate_store::Money,
) -> Result<bool, StoreError> {
    let balance = store.balance(user)?;
    Ok(balance
        .0
        .checked_sub(price.0)
        .is_some_and(|left| left >= floor.0))
}

/// Settles every account on a plan, and every account with a renewal
/// recorded (one that left its plan); returns the trackers of accounts
/// suspended by this pass. One account's failure is logged, not fatal.
pub fn settle_all(
    store: &dyn Store,
    now_ms: i64,
    clock: RenewalClock,
) -> Result<Vec<TrackerId>, StoreError> {
    let mut users: Vec<UserId> = store
        .users()?
        .into_iter()
        .filter(|u| u.plan.is_some())
        .map(|u| u.id)
        .collect();
    users.extend(store.renewing_users()?);
    users.sort_unstable();
    users.dedup();
    let mut to_close = Vec::new();
    for user in users {
        match settle(store, user, now_ms, clock) {
            Ok(Settled::Suspended { trackers }) => to_close.extend(trackers),
            Ok(_) => {}
            Err(error) => tracing::warn!(user = user.0, %error, "renewal failed"),
        }
    }
    Ok(to_close)
}

/// Starts the renewals on the current actix runtime: every `every`, until
/// `stop` turns true (or its sender is gone). Connections of suspended
/// accounts' trackers are closed.
pub fn spawn(
    store: Arc<dyn Store>,
    registry: Arc<Registry>,
    every: Duration,
    clock: RenewalClock,
    stop: watch::Receiver<bool>,
) {
    actix::spawn(async move {
        let mut ticks = crate::ticks::Ticks::new(every, stop);
        while ticks.next().await {
            let store = store.clone();
            let pass =
                tokio::task::spawn_blocking(move || settle_all(&*store, crate::now_ms(), clock));
            match pass.await {
                Ok(Ok(suspended)) => close(&registry, &suspended),
                Ok(Err(error)) => tracing::warn!(%error, "the renewal pass failed"),
                Err(error) => tracing::warn!(%error, "the renewal pass did not finish"),
            }
        }
    });
}

/// Closes the connections of `trackers`, where connected.
pub fn close(registry: &Registry, trackers: &[TrackerId]) {
    for tracker in trackers {
        if let Some(entry) = registry.get(*tracker) {
            tracing::info!(
                tracker = tracker.0,
                "renewal unpaid; closing the connection"
            );
            entry.addr.do_send(Deactivated);
        }
    }
}

#[cfg(test)]
mod tests {
    use trackgate_store::{Money, PlanId, UnpaidPolicy};

    use super::*;

    const DAY: i64 = 1_000;

    fn plan(id: u64) -> BillingPlan {
        BillingPlan {
            id: PlanId(id),
            name: "Fleet".into(),
            price: Money::parse("10").expect("amount"),
            period_days: 30,
            tracker_limit: None,
            history_days: None,
            dealer: None,
            unpaid: UnpaidPolicy::Block,
        }
    }

    /// The period `renewal` is in at `at_ms`, as [`settle`] counts it.
    fn current(renewal: Renewal, at_ms: i64) -> u64 {
        u64::try_from(at_ms.saturating_sub(renewal.anchor_ms) / (30 * DAY)).unwrap_or(0)
    }

    #[test]
    fn free_days_put_the_first_charge_off_or_extend_the_paid_time() {
        let clock = RenewalClock { day_ms: DAY };
        let now = 100_000;
        assert_eq!(with_free_days(None, &plan(1), 0, now, clock), None);
        for days in [3, 30, 45] {
            let fresh = with_free_days(None, &plan(1), days, now, clock).expect("given");
            let free_until = now + i64::from(days) * DAY;
            // Not due until the free days have passed, due from then on.
            assert!(fresh.paid_periods > current(fresh, now), "{days}");
            assert!(
                fresh.paid_periods > current(fresh, free_until - 1),
                "{days}"
            );
            assert!(fresh.paid_periods <= current(fresh, free_until), "{days}");
        }
        let suspended = Renewal {
            plan: PlanId(1),
            anchor_ms: 0,
            paid_periods: 3,
            suspended: true,
        };
        let extended = with_free_days(Some(suspended), &plan(1), 5, now, clock).expect("given");
        assert_eq!(
            extended,
            Renewal {
                anchor_ms: 5 * DAY,
                suspended: false,
                ..suspended
            }
        );
        // Another plan's renewal starts afresh on this one.
        let other = with_free_days(Some(suspended), &plan(2), 5, now, clock).expect("given");
        assert_eq!((other.plan, other.paid_periods), (PlanId(2), 1));
    }
}
