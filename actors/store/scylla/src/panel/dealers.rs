//! Dealers ([`DealerStore`]): credits by compare-and-set.
//!
//! Every write of a dealer's row is a lightweight transaction: created by
//! `INSERT ... IF NOT EXISTS`, changed by `UPDATE ... IF op = ?`, where
//! `op` is a number each write sets anew (the row's version) and the
//! writer compares the one it read. A change of credits computes the new
//! amount from the row it read, so concurrent changes from several
//! gateway nodes each apply once, in some order, and none is lost (nor is
//! a concurrent change of the dealer's other fields); a change that would
//! take the credits below zero is refused with nothing written.
//!
//! A write whose answer was lost (a timeout) reads the row: it applied if
//! the row carries its op; otherwise it is retried, compared to what is
//! stored then, so it is never applied twice.

use std::sync::atomic::{AtomicU64, Ordering};

use trackgate_store::*;

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::{by_ids, decode_body, ids, key, not_found};

/// The statements of dealers and the users they own.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "dealers.get",
        cql: "SELECT credits, op, body FROM dealers WHERE id = ?",
    },
    // `dealers()`, an operator listing: scans the table.
    Stmt {
        name: "dealers.all",
        cql: "SELECT credits, op, body FROM dealers",
    },
    Stmt {
        name: "dealers.create",
        cql: "INSERT INTO dealers (id, credits, op, body) VALUES (?, ?, ?, ?) IF NOT EXISTS",
    },
    Stmt {
        name: "dealers.change",
        cql: "UPDATE dealers SET credits = ?, op = ?, body = ? WHERE id = ? IF op = ?",
    },
    Stmt {
        name: "dealer_users.list",
        cql: "SELECT user_id FROM dealer_users WHERE dealer = ?",
    },
    Stmt {
        name: "dealer_users.put",
        cql: "INSERT INTO dealer_users (dealer, user_id) VALUES (?, ?)",
    },
    Stmt {
        name: "dealer_users.delete",
        cql: "DELETE FROM dealer_users WHERE dealer = ? AND user_id = ?",
    },
];

/// Tries of a contended compare-and-set before it gives up.
const TRIES: u32 = 64;

/// A dealer row: its credits column, its last op, and the dealer.
type Row = (Option<i64>, Option<i64>, Option<Vec<u8>>);

/// A dealer as stored: the dealer, and the op that last wrote it.
#[derive(Debug, Clone, PartialEq)]
struct Stored {
    dealer: Dealer,
    credits: i64,
    op: Option<i64>,
}

fn stored((credits, op, body): Row) -> Result<Stored, StoreError> {
    let dealer: Dealer = decode_body(body, "dealer")?;
    let credits = credits.unwrap_or(dealer.credits);
    Ok(Stored {
        dealer: Dealer { credits, ..dealer },
        credits,
        op,
    })
}

fn read(store: &ScyllaStore, id: DealerId) -> Result<Option<Stored>, StoreError> {
    store
        .db()
        .query_one::<Row>("dealers.get", (key(id.0),))?
        .map(stored)
        .transpose()
}

/// A number for one write, unlikely to repeat across nodes and restarts:
/// the time in ns, the process id and a counter, mixed.
fn new_op() -> i64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mixed = (nanos as u64) ^ (u64::from(std::process::id()) << 40) ^ count.rotate_left(20);
    key(mixed | 1)
}

/// `Conflict` for credits below zero.
fn check_credits(credits: i64) -> Result<(), StoreError> {
    if credits < 0 {
        return Err(StoreError::Conflict(format!(
            "credits cannot fall below zero ({credits})"
        )));
    }
    Ok(())
}

/// The credits `delta` leaves from `credits`: `Conflict` if below zero or
/// out of range.
fn credits_after(credits: i64, delta: i64) -> Result<i64, StoreError> {
    let after = credits
        .checked_add(delta)
        .ok_or_else(|| StoreError::Conflict("credits out of range".into()))?;
    check_credits(after)?;
    Ok(after)
}

/// `DealerStore::dealer`.
pub(crate) fn dealer(store: &ScyllaStore, id: DealerId) -> Result<Option<Dealer>, StoreError> {
    Ok(read(store, id)?.map(|s| s.dealer))
}

/// `NotFound` unless `dealer` (if any) exists.
pub(crate) fn check_dealer(
    store: &ScyllaStore,
    dealer: Option<DealerId>,
) -> Result<(), StoreError> {
    match dealer {
        Some(id) if self::dealer(store, id)?.is_none() => {
            Err(not_found(format_args!("dealer {}", id.0)))
        }
        _ => Ok(()),
    }
}

/// `DealerStore::create_dealer`: `Conflict` for credits below zero,
/// `NotFound` if the parent does not exist.
pub(crate) fn create_dealer(store: &ScyllaStore, new: NewDealer) -> Result<Dealer, StoreError> {
    check_credits(new.credits)?;
    // A new dealer has no sub-dealers yet: an existing parent is enough.
    check_dealer(store, new.parent)?;
    let id = crate::ids::next_id(store.db(), "dealers")?;
    let dealer = Dealer::created(DealerId(id), new);
    // A fresh id: the insert applies unless this very write applied before.
    store.db().applied(
        "dealers.create",
        (key(id), dealer.credits, new_op(), codec::encode(&dealer)?),
    )?;
    Ok(dealer)
}

/// Writes `dealer` over `expected` (compare-and-set on its op);
/// `Ok(Some(_))` once applied, `Ok(None)` if the row changed meanwhile.
fn swap(
    store: &ScyllaStore,
    expected: &Stored,
    dealer: &Dealer,
) -> Result<Option<Dealer>, StoreError> {
    let db = store.db();
    let op = new_op();
    let values = (
        dealer.credits,
        op,
        codec::encode(dealer)?,
        key(dealer.id.0),
        expected.op,
    );
    match db.applied("dealers.change", values) {
        Ok(true) => Ok(Some(dealer.clone())),
        Ok(false) => Ok(None),
        // The answer was lost: applied if the row carries our op.
        Err(error) => match read(store, dealer.id)? {
            Some(now) if now.op == Some(op) => Ok(Some(now.dealer)),
            _ => Err(error),
        },
    }
}

/// `DealerStore::update_dealer`: `NotFound` if it (or its parent) does not
/// exist; `Conflict` for credits below zero or a parent that would make a
/// cycle. Written by compare-and-set on the row read just before.
pub(crate) fn update_dealer(store: &ScyllaStore, dealer: &Dealer) -> Result<(), StoreError> {
    check_credits(dealer.credits)?;
    for _ in 0..TRIES {
        let current = read(store, dealer.id)?
            .ok_or_else(|| not_found(format_args!("dealer {}", dealer.id.0)))?;
        if let Some(parent) = dealer.parent {
            check_dealer(store, Some(parent))?;
            if store_sees(store, dealer.id, parent)? {
                return Err(StoreError::Conflict(format!(
                    "dealer {} cannot be a sub-dealer of dealer {}: that would make a cycle",
                    dealer.id.0, parent.0
                )));
            }
        }
        if swap(store, &current, dealer)?.is_some() {
            return Ok(());
        }
    }
    Err(contended(dealer.id))
}

/// `DealerStore::dealer_sees`, through this module's reads.
fn store_sees(store: &ScyllaStore, viewer: DealerId, target: DealerId) -> Result<bool, StoreError> {
    let mut at = Some(target);
    for _ in 0..MAX_DEALER_DEPTH {
        let Some(id) = at else {
            return Ok(false);
        };
        let Some(found) = dealer(store, id)? else {
            return Ok(false);
        };
        if found.id == viewer {
            return Ok(true);
        }
        at = found.parent;
    }
    Err(StoreError::Corrupt(format!(
        "dealer {}: more than {MAX_DEALER_DEPTH} parents",
        target.0
    )))
}

fn contended(id: DealerId) -> StoreError {
    StoreError::engine_state(format!(
        "dealer {}: no write after {TRIES} contended tries",
        id.0
    ))
}

/// `DealerStore::dealers`, by id. An operator listing: scans the table.
pub(crate) fn dealers(store: &ScyllaStore) -> Result<Vec<Dealer>, StoreError> {
    let mut all = store
        .db()
        .query::<Row>("dealers.all", ())?
        .into_iter()
        .map(|row| stored(row).map(|s| s.dealer))
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|d| d.id);
    Ok(all)
}

/// `DealerStore::change_credits`: adds `delta` by compare-and-set on the
/// row read, retried while other writers get there first; `NotFound`
/// if the dealer does not exist, `Conflict` (nothing written) if the
/// credits would fall below zero.
pub(crate) fn change_credits(
    store: &ScyllaStore,
    id: DealerId,
    delta: i64,
) -> Result<Dealer, StoreError> {
    for _ in 0..TRIES {
        let current = read(store, id)?.ok_or_else(|| not_found(format_args!("dealer {}", id.0)))?;
        let changed = Dealer {
            credits: credits_after(current.credits, delta)?,
            ..current.dealer.clone()
        };
        if let Some(dealer) = swap(store, &current, &changed)? {
            return Ok(dealer);
        }
    }
    Err(contended(id))
}

/// `DealerStore::dealer_users`, by id: one partition of `dealer_users`.
pub(crate) fn dealer_users(store: &ScyllaStore, id: DealerId) -> Result<Vec<User>, StoreError> {
    let db = store.db();
    let listed = ids(db, "dealer_users.list", (key(id.0),))?;
    Ok(by_ids::<User>(db, "users.get", &listed, "user")?
        .into_iter()
        .filter(|u| u.dealer == Some(id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dealer(credits: i64) -> Dealer {
        Dealer::created(
            DealerId(4),
            NewDealer {
                name: "d".into(),
                credits,
                use_credits: true,
                tracker_limit: None,
                created_ms: 1,
                parent: None,
            },
        )
    }

    #[test]
    fn credits_never_fall_below_zero_or_overflow() {
        assert_eq!(credits_after(10, -7).unwrap(), 3);
        assert_eq!(credits_after(10, -10).unwrap(), 0);
        assert!(matches!(credits_after(3, -7), Err(StoreError::Conflict(_))));
        assert!(matches!(
            credits_after(i64::MAX, 1),
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(check_credits(-1), Err(StoreError::Conflict(_))));
    }

    #[test]
    fn a_row_reads_with_its_credits_column() {
        let body = codec::encode(&dealer(5)).unwrap();
        let read = stored((Some(9), Some(77), Some(body.clone()))).unwrap();
        assert_eq!(
            (read.credits, read.dealer.credits, read.op),
            (9, 9, Some(77))
        );
        let old = stored((None, None, Some(body))).unwrap();
        assert_eq!((old.credits, old.op), (5, None));
        assert!(matches!(
            stored((Some(1), None, None)),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn ops_differ() {
        let ops: std::collections::BTreeSet<i64> = (0..1000).map(|_| new_op()).collect();
        assert_eq!(ops.len(), 1000);
        assert!(ops.iter().all(|&op| op != 0));
    }
}
