//! The ledger partition of one user: its transactions (rows by time, then
//! id) and, as static columns, its balance and its renewal.
//!
//! # How money is never lost nor doubled
//!
//! Every change of a user's money is one conditional batch on the user's
//! partition of `ledger` ([`write`]):
//!
//! 1. the transaction ids are taken first, from the `transactions`
//!    sequence, so they are fixed before anything is written;
//! 2. the balance (and the renewal, when the change records one) is read
//!    ([`read_head`]), and the new balance computed from it ([`chain`]);
//! 3. one batch sets the balance `IF balance = <what was read>` (and the
//!    renewal `IF renewal = <what was read>`) and inserts each transaction
//!    row `IF NOT EXISTS`. A conditional batch on one partition is one
//!    Paxos round: all of it applies, or none.
//! 4. Not applied: another writer changed the balance first; read again
//!    and retry (the amount is applied to the new balance). An error (a
//!    timeout: the batch may or may not have applied): before retrying,
//!    look for the first transaction's row ([`applied_already`]); if it is
//!    there the change applied, and is not applied again. A retry of a
//!    change that did apply cannot apply twice either: its rows exist, so
//!    `IF NOT EXISTS` fails.
//!
//! Balances compare by their stored bytes (a format byte and the amount's
//! mantissa and scale); an amount that returns to an earlier value between
//! the read and the write (A, B, A) is no harm, since the new balance is
//! the compared one plus the change.

use scylla::serialize::row::SerializeRow;
use trackgate_store::*;

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::key;

/// The statements of the ledger.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "ledger.head",
        cql: "SELECT balance, renewal FROM ledger WHERE user_id = ? LIMIT 1",
    },
    Stmt {
        name: "ledger.set_balance",
        cql: "UPDATE ledger SET balance = ? WHERE user_id = ? IF balance = ?",
    },
    Stmt {
        name: "ledger.set_both",
        cql: "UPDATE ledger SET balance = ?, renewal = ? WHERE user_id = ? IF balance = ? AND renewal = ?",
    },
    Stmt {
        name: "ledger.set_renewal",
        cql: "UPDATE ledger SET renewal = ? WHERE user_id = ? IF renewal = ?",
    },
    Stmt {
        name: "ledger.append",
        cql: "INSERT INTO ledger (user_id, time_ms, id, body) VALUES (?, ?, ?, ?) IF NOT EXISTS",
    },
    Stmt {
        name: "ledger.one",
        cql: "SELECT body FROM ledger WHERE user_id = ? AND time_ms = ? AND id = ?",
    },
    Stmt {
        name: "ledger.span",
        cql: "SELECT body FROM ledger WHERE user_id = ? AND time_ms >= ? AND time_ms <= ?",
    },
];

/// What the static columns of a user's partition hold, as stored (to
/// compare) and as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Head {
    /// The stored balance bytes (`None`: never written).
    pub balance_raw: Option<Vec<u8>>,
    /// The stored renewal bytes (`None`: none recorded).
    pub renewal_raw: Option<Vec<u8>>,
    /// The balance (zero until a transaction changed it).
    pub balance: Money,
    /// The renewal recorded.
    pub renewal: Option<Renewal>,
}

impl Head {
    /// Reads the static columns.
    pub(crate) fn from_raw(
        balance_raw: Option<Vec<u8>>,
        renewal_raw: Option<Vec<u8>>,
    ) -> Result<Self, StoreError> {
        let balance = match &balance_raw {
            Some(bytes) => codec::decode(bytes, "balance")?,
            None => Money::ZERO,
        };
        let renewal = renewal_raw
            .as_deref()
            .map(|bytes| codec::decode(bytes, "renewal"))
            .transpose()?;
        Ok(Self {
            balance_raw,
            renewal_raw,
            balance,
            renewal,
        })
    }
}

/// Reads a user's balance and renewal.
pub(crate) fn read_head(store: &ScyllaStore, user: UserId) -> Result<Head, StoreError> {
    match store
        .db()
        .query_one::<(Option<Vec<u8>>, Option<Vec<u8>>)>("ledger.head", (key(user.0),))?
    {
        Some((balance, renewal)) => Head::from_raw(balance, renewal),
        None => Ok(Head::default()),
    }
}

/// The transactions `credits` (ids taken, in order) make from `before`,
/// each applied to the balance the previous one left; `Conflict` if a
/// balance goes out of range, or the last one ends below `floor`.
pub(crate) fn chain(
    before: Money,
    credits: &[(u64, NewTransaction)],
    floor: Option<Money>,
) -> Result<Vec<Transaction>, StoreError> {
    let mut balance = before;
    let mut out = Vec::with_capacity(credits.len());
    for (id, new) in credits {
        let after = balance
            .0
            .checked_add(new.amount.0)
            .map(Money)
            .ok_or_else(|| StoreError::Conflict("balance out of range".into()))?;
        out.push(Transaction::appended(*id, new.clone(), after));
        balance = after;
    }
    if let Some(floor) = floor.filter(|floor| balance < *floor) {
        let paid: Money = credits
            .iter()
            .fold(Money::ZERO, |sum, (_, t)| Money(sum.0 - t.amount.0));
        return Err(StoreError::Conflict(format!(
            "the balance ({before}) cannot pay {paid}: it may not fall below {floor}"
        )));
    }
    Ok(out)
}

/// Runs, as one conditional batch on `user`'s partition, the transactions
/// `made` (with the balance the last one leaves) and the renewal `renewal`
/// (when given), compared to `head`; whether it applied. An error leaves
/// the outcome unknown: see [`applied_already`].
pub(crate) fn write(
    store: &ScyllaStore,
    user: UserId,
    head: &Head,
    made: &[Transaction],
    renewal: Option<&Renewal>,
) -> Result<bool, StoreError> {
    let uid = key(user.0);
    let mut names: Vec<&'static str> = Vec::new();
    let mut values: Vec<Box<dyn SerializeRow + Send + Sync>> = Vec::new();
    let balance = made
        .last()
        .map(|t| codec::encode(&t.balance_after))
        .transpose()?;
    let renewal = renewal.map(codec::encode).transpose()?;
    match (balance, renewal) {
        (Some(balance), Some(renewal)) => {
            names.push("ledger.set_both");
            values.push(Box::new((
                balance,
                renewal,
                uid,
                head.balance_raw.clone(),
                head.renewal_raw.clone(),
            )));
        }
        (Some(balance), None) => {
            names.push("ledger.set_balance");
            values.push(Box::new((balance, uid, head.balance_raw.clone())));
        }
        (None, Some(renewal)) => {
            names.push("ledger.set_renewal");
            values.push(Box::new((renewal, uid, head.renewal_raw.clone())));
        }
        (None, None) => return Ok(true),
    }
    for transaction in made {
        names.push("ledger.append");
        values.push(Box::new((
            uid,
            transaction.time_ms,
            key(transaction.id),
            codec::encode(transaction)?,
        )));
    }
    store.db().batch_applied(&names, values)
}

/// A stored transaction of `user`, by its time and id.
pub(crate) fn stored(
    store: &ScyllaStore,
    user: UserId,
    time_ms: i64,
    id: u64,
) -> Result<Option<Transaction>, StoreError> {
    crate::kit::body(
        store.db(),
        "ledger.one",
        (key(user.0), time_ms, key(id)),
        "transaction",
    )
}

/// Whether a write of `made` applied already (after an error): its first
/// transaction's row exists (they are written together, or not at all).
/// The stored transactions, when it did.
pub(crate) fn applied_already(
    store: &ScyllaStore,
    user: UserId,
    made: &[(u64, NewTransaction)],
) -> Result<Option<Vec<Transaction>>, StoreError> {
    let Some((first, new)) = made.first() else {
        return Ok(None);
    };
    if stored(store, user, new.time_ms, *first)?.is_none() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(made.len());
    for (id, new) in made {
        match stored(store, user, new.time_ms, *id)? {
            Some(transaction) => out.push(transaction),
            None => {
                return Err(StoreError::Corrupt(format!(
                    "transaction {id} of user {} is missing beside its batch",
                    user.0
                )));
            }
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn credit(amount: &str, time_ms: i64) -> NewTransaction {
        NewTransaction {
            user: UserId(1),
            time_ms,
            amount: money(amount),
            kind: TransactionType::Payment,
            description: String::new(),
            tracker: None,
            made_by: None,
        }
    }

    #[test]
    fn each_transaction_starts_where_the_last_ended() {
        let made = chain(
            money("1.5"),
            &[(7, credit("10", 5)), (8, credit("-2.25", 6))],
            None,
        )
        .unwrap();
        assert_eq!(made.len(), 2);
        assert_eq!((made[0].id, made[0].balance_after), (7, money("11.5")));
        assert_eq!((made[1].id, made[1].balance_after), (8, money("9.25")));
        assert_eq!(made[1].balance_before(), money("11.5"));
        assert!(chain(money("3"), &[], None).unwrap().is_empty());
    }

    #[test]
    fn the_floor_refuses_and_out_of_range_is_a_conflict() {
        let floor = Some(Money::ZERO);
        assert!(chain(money("5"), &[(1, credit("-5", 0))], floor).is_ok());
        assert!(matches!(
            chain(money("5"), &[(1, credit("-5.01", 0))], floor),
            Err(StoreError::Conflict(_))
        ));
        assert!(chain(money("5"), &[(1, credit("-7", 0))], Some(money("-5"))).is_ok());
        let huge = money("79228162514264337593543950335");
        assert!(matches!(
            chain(huge, &[(1, credit("1", 0))], None),
            Err(StoreError::Conflict(_))
        ));
    }

    #[test]
    fn heads_read_zero_and_none_until_written() {
        let head = Head::from_raw(None, None).unwrap();
        assert_eq!((head.balance, head.renewal), (Money::ZERO, None));
        let renewal = Renewal {
            plan: PlanId(3),
            anchor_ms: 10,
            paid_periods: 2,
            suspended: true,
        };
        let written = Head::from_raw(
            Some(codec::encode(&money("-4.5")).unwrap()),
            Some(codec::encode(&renewal).unwrap()),
        )
        .unwrap();
        assert_eq!(written.balance, money("-4.5"));
        assert_eq!(written.renewal, Some(renewal));
        assert!(matches!(
            Head::from_raw(Some(vec![1, 2]), None),
            Err(StoreError::Corrupt(_))
        ));
    }
}
