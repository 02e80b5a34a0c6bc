//! Balances, the ledger and renewals ([`LedgerStore`]).
//!
//! A user's balance, renewal and transactions share one partition of
//! `ledger` (see `book` for how a change is applied once and only once);
//! `renewing_users` lists the users with a renewal. A renewal's charge,
//! its balance and its record are one conditional batch; the trackers'
//! `suspended` marks follow it (they are derived from the recorded
//! renewal, and set again by every later step).

mod book;

pub(crate) use book::{Head, applied_already, chain, read_head, write};

use futures_util::future::try_join_all;
use trackgate_store::*;

use crate::ScyllaStore;
use crate::accounts::{mark_trackers, require_user};
use crate::db::{Stmt, first_row};
use crate::kit::{ids, join, key, total};

const OWN: &[Stmt] = &[
    Stmt {
        name: "renewing_users.list",
        cql: "SELECT user_id FROM renewing_users WHERE bucket = ?",
    },
    Stmt {
        name: "renewing_users.put",
        cql: "INSERT INTO renewing_users (bucket, user_id) VALUES (?, ?)",
    },
    Stmt {
        name: "renewing_users.delete",
        cql: "DELETE FROM renewing_users WHERE bucket = ? AND user_id = ?",
    },
];

const PARTS: &[&[Stmt]] = &[book::STATEMENTS, OWN];

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &join::<{ total(PARTS) }>(PARTS);

/// Buckets of `renewing_users`.
const BUCKETS: u64 = 16;

/// Tries of a contended compare-and-set before it gives up.
const TRIES: u32 = 64;

/// The `renewing_users` bucket of a user.
fn bucket(user: UserId) -> i32 {
    i32::try_from(user.0 % BUCKETS).unwrap_or(0)
}

fn contended(user: UserId) -> StoreError {
    StoreError::engine_state(format!(
        "the ledger of user {}: no write after {TRIES} contended tries",
        user.0
    ))
}

fn renewal_changed(user: UserId) -> StoreError {
    StoreError::Conflict(format!("the renewal of user {} changed meanwhile", user.0))
}

/// Takes an id from the `transactions` sequence for each of `credits`.
pub(crate) fn number(
    store: &ScyllaStore,
    credits: Vec<NewTransaction>,
) -> Result<Vec<(u64, NewTransaction)>, StoreError> {
    credits
        .into_iter()
        .map(|new| Ok((crate::ids::next_id(store.db(), "transactions")?, new)))
        .collect()
}

/// A renewal to record with a change, if the stored one is `expected`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenewalWrite {
    /// What the stored renewal must be.
    pub expected: Option<Renewal>,
    /// What to record.
    pub new: Renewal,
}

/// Applies `credits` (numbered) to `user`'s balance, down to `floor`, and
/// records `renewal`, as one conditional batch, retried while other
/// writers get there first (see `book`). `Conflict` with nothing written
/// if the balance would fall below `floor` or out of range, or the stored
/// renewal is not the one expected. Records the user as renewing first
/// when a renewal is recorded.
pub(crate) fn apply(
    store: &ScyllaStore,
    user: UserId,
    credits: &[(u64, NewTransaction)],
    floor: Option<Money>,
    renewal: Option<RenewalWrite>,
) -> Result<Vec<Transaction>, StoreError> {
    if renewal.is_some() {
        note_renewing(store, user)?;
    }
    let mut lost = None;
    for _ in 0..TRIES {
        if lost.is_some()
            && let Some(done) = applied_already(store, user, credits)?
        {
            return Ok(done);
        }
        let head = read_head(store, user)?;
        if let Some(change) = &renewal
            && head.renewal != change.expected
        {
            // After a lost answer, the renewal we recorded is ours.
            if lost.is_some() && credits.is_empty() && head.renewal == Some(change.new) {
                return Ok(Vec::new());
            }
            return Err(renewal_changed(user));
        }
        let made = chain(head.balance, credits, floor)?;
        match write(store, user, &head, &made, renewal.as_ref().map(|r| &r.new)) {
            Ok(true) => return Ok(made),
            Ok(false) => {
                if let Some(done) = applied_already(store, user, credits)? {
                    return Ok(done);
                }
            }
            Err(error) => lost = Some(error),
        }
    }
    Err(lost.unwrap_or_else(|| contended(user)))
}

/// Lists `user` among the renewing users (before its renewal is written,
/// so none is ever missing; [`renewing_users`] skips those without one).
fn note_renewing(store: &ScyllaStore, user: UserId) -> Result<(), StoreError> {
    store
        .db()
        .execute("renewing_users.put", (bucket(user), key(user.0)))
        .map(|_| ())
}

/// `LedgerStore::balance`: `NotFound` if the user does not exist.
pub(crate) fn balance(store: &ScyllaStore, user: UserId) -> Result<Money, StoreError> {
    require_user(store, user)?;
    Ok(read_head(store, user)?.balance)
}

/// `LedgerStore::append_transaction`: see [`apply`].
pub(crate) fn append_transaction(
    store: &ScyllaStore,
    new: NewTransaction,
    floor: Option<Money>,
) -> Result<Transaction, StoreError> {
    let user = new.user;
    require_user(store, user)?;
    let credits = number(store, vec![new])?;
    apply(store, user, &credits, floor, None)?
        .pop()
        .ok_or_else(|| StoreError::engine_state("a transaction was applied but not returned"))
}

/// `LedgerStore::transactions`: oldest first (by time, then id), from one
/// partition.
pub(crate) fn transactions(
    store: &ScyllaStore,
    user: UserId,
    from_ms: i64,
    to_ms: i64,
    offset: usize,
    limit: usize,
) -> Result<Vec<Transaction>, StoreError> {
    if from_ms > to_ms {
        return Ok(Vec::new());
    }
    let rows = store
        .db()
        .query::<(Option<Vec<u8>>,)>("ledger.span", (key(user.0), from_ms, to_ms))?;
    rows.into_iter()
        // A partition with only its balance has a row without a body.
        .filter_map(|(body,)| body)
        .skip(offset)
        .take(limit)
        .map(|body| crate::codec::decode(&body, "transaction"))
        .collect()
}

/// `LedgerStore::renewal`.
pub(crate) fn renewal(store: &ScyllaStore, user: UserId) -> Result<Option<Renewal>, StoreError> {
    Ok(read_head(store, user)?.renewal)
}

/// What a renewal step records and charges, given the balance it reads:
/// `paid` with the charge when the balance can pay it down to the floor,
/// else `unpaid` with nothing.
fn decide(
    step: &RenewalStep,
    balance: Money,
    charge: &[(u64, NewTransaction)],
) -> Result<(Renewal, Vec<Transaction>), StoreError> {
    match chain(balance, charge, Some(step.floor)) {
        Ok(made) => Ok((step.paid, made)),
        Err(StoreError::Conflict(_)) => Ok((step.unpaid, Vec::new())),
        Err(error) => Err(error),
    }
}

/// The outcome of a step that recorded `recorded` with `made`.
fn outcome(step: &RenewalStep, recorded: Renewal, made: Vec<Transaction>) -> RenewalOutcome {
    if recorded == step.paid && (step.charge.is_none() || !made.is_empty()) {
        RenewalOutcome::Paid(made.into_iter().next())
    } else {
        RenewalOutcome::Unpaid
    }
}

/// `LedgerStore::renew`: if the stored renewal is `step.expected`, charges
/// and records `paid`, or records `unpaid`, in one conditional batch;
/// then sets the user's trackers' `suspended` marks. `Conflict` (nothing
/// written) if the stored renewal differs; `NotFound` if the user does not
/// exist.
pub(crate) fn renew(store: &ScyllaStore, step: RenewalStep) -> Result<RenewalOutcome, StoreError> {
    let user = step.user;
    require_user(store, user)?;
    let charge = number(store, step.charge.clone().into_iter().collect())?;
    note_renewing(store, user)?;
    let mut lost = None;
    for _ in 0..TRIES {
        if lost.is_some() {
            if let Some(done) = applied_already(store, user, &charge)? {
                mark_trackers(store, user, step.paid.suspended)?;
                return Ok(outcome(&step, step.paid, done));
            }
            let head = read_head(store, user)?;
            if head.renewal != step.expected
                && let Some(recorded) = head
                    .renewal
                    .filter(|r| *r == step.paid || *r == step.unpaid)
            {
                // The lost answer was ours: what it recorded is there.
                mark_trackers(store, user, recorded.suspended)?;
                return Ok(outcome(&step, recorded, Vec::new()));
            }
        }
        let head = read_head(store, user)?;
        if head.renewal != step.expected {
            return Err(renewal_changed(user));
        }
        let (recorded, made) = decide(&step, head.balance, &charge)?;
        match write(store, user, &head, &made, Some(&recorded)) {
            Ok(true) => {
                mark_trackers(store, user, recorded.suspended)?;
                return Ok(outcome(&step, recorded, made));
            }
            Ok(false) => {}
            Err(error) => lost = Some(error),
        }
    }
    Err(lost.unwrap_or_else(|| contended(user)))
}

/// `LedgerStore::end_renewal`: forgets the renewal (compare-and-set on the
/// one read) and lifts the trackers' suspension; whether there was one.
pub(crate) fn end_renewal(store: &ScyllaStore, user: UserId) -> Result<bool, StoreError> {
    let db = store.db();
    for _ in 0..TRIES {
        let head = read_head(store, user)?;
        let existed = head.renewal.is_some();
        if existed
            && !db.applied(
                "ledger.set_renewal",
                (None::<Vec<u8>>, key(user.0), head.renewal_raw.clone()),
            )?
        {
            continue;
        }
        mark_trackers(store, user, false)?;
        db.execute("renewing_users.delete", (bucket(user), key(user.0)))?;
        return Ok(existed);
    }
    Err(contended(user))
}

/// `LedgerStore::renewing_users`, by id: the 16 partitions of
/// `renewing_users`, each user's renewal read to leave out those listed
/// by a step that was then refused.
pub(crate) fn renewing_users(store: &ScyllaStore) -> Result<Vec<UserId>, StoreError> {
    let db = store.db();
    let mut listed = Vec::new();
    for b in 0..BUCKETS {
        let b = i32::try_from(b).unwrap_or(0);
        listed.extend(ids(db, "renewing_users.list", (b,))?);
    }
    listed.sort_unstable();
    listed.dedup();
    let heads = db.block_on(try_join_all(
        listed.iter().map(|&u| db.run("ledger.head", (key(u),))),
    ))?;
    let mut out = Vec::new();
    for (&user, result) in listed.iter().zip(heads) {
        if let Some((balance, renewal)) =
            first_row::<(Option<Vec<u8>>, Option<Vec<u8>>)>(result, "ledger.head")?
            && Head::from_raw(balance, renewal)?.renewal.is_some()
        {
            out.push(UserId(user));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn step(charge: Option<&str>) -> RenewalStep {
        let renewal = |paid_periods, suspended| Renewal {
            plan: PlanId(1),
            anchor_ms: 0,
            paid_periods,
            suspended,
        };
        RenewalStep {
            user: UserId(1),
            expected: None,
            paid: renewal(1, false),
            unpaid: renewal(0, true),
            charge: charge.map(|amount| NewTransaction {
                user: UserId(1),
                time_ms: 5,
                amount: money(amount),
                kind: TransactionType::Charge,
                description: String::new(),
                tracker: None,
                made_by: None,
            }),
            floor: Money::ZERO,
        }
    }

    fn numbered(step: &RenewalStep) -> Vec<(u64, NewTransaction)> {
        step.charge.clone().into_iter().map(|c| (9, c)).collect()
    }

    #[test]
    fn a_step_pays_when_the_balance_can() {
        let step = step(Some("-10"));
        let (recorded, made) = decide(&step, money("15"), &numbered(&step)).unwrap();
        assert_eq!(recorded, step.paid);
        assert_eq!(made[0].balance_after, money("5"));
        assert!(matches!(
            outcome(&step, recorded, made),
            RenewalOutcome::Paid(Some(t)) if t.id == 9
        ));
    }

    #[test]
    fn a_step_records_unpaid_and_charges_nothing_when_it_cannot() {
        let step = step(Some("-10"));
        let (recorded, made) = decide(&step, money("9.99"), &numbered(&step)).unwrap();
        assert_eq!(recorded, step.unpaid);
        assert!(made.is_empty());
        assert_eq!(outcome(&step, recorded, made), RenewalOutcome::Unpaid);
    }

    #[test]
    fn a_free_step_is_paid_without_a_transaction() {
        let step = step(None);
        let (recorded, made) = decide(&step, Money::ZERO, &[]).unwrap();
        assert_eq!(recorded, step.paid);
        assert_eq!(outcome(&step, recorded, made), RenewalOutcome::Paid(None));
    }

    #[test]
    fn users_spread_over_the_buckets() {
        assert_eq!(bucket(UserId(0)), 0);
        assert_eq!(bucket(UserId(17)), 1);
        assert_eq!(bucket(UserId(u64::MAX)), 15);
    }
}
