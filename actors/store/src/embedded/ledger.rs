//! Balances, the ledger and renewals ([`LedgerStore`]).
//!
//! A balance lives under its user in `balances`; a transaction under
//! `user · time · id` in `transactions`, so a user's range of time is one
//! prefix scan; a renewal under its user in `renewals`. Every write holds
//! the account lock, reads what it changes and commits one durable batch:
//! a transaction with its balance, a renewal's charge with its balance,
//! its record and its trackers' `suspended` marks.

use fjall::{OwnedWriteBatch, Readable};

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{Tracker, UserId};
use crate::money::Money;
use crate::money_model::*;
use crate::money_ports::LedgerStore;
use crate::ports::{AccountStore, StoreError};

/// `meta` key of the next transaction id to hand out.
const NEXT_TRANSACTION_ID: &[u8] = b"next_id/transaction";

/// `user · time · id` in the ledger.
fn transaction_key(user: UserId, time_ms: i64, id: u64) -> [u8; 24] {
    let mut key = [0; 24];
    key[..8].copy_from_slice(&user.0.to_be_bytes());
    key[8..16].copy_from_slice(&keys::time_bytes(time_ms));
    key[16..].copy_from_slice(&id.to_be_bytes());
    key
}

impl EmbeddedStore {
    /// `NotFound` unless the user exists.
    pub(super) fn check_user(&self, user: UserId) -> Result<(), StoreError> {
        if self
            .ks
            .users
            .contains_key(user.0.to_be_bytes())
            .map_err(engine)?
        {
            return Ok(());
        }
        Err(StoreError::NotFound(format!("user {}", user.0)))
    }

    /// The stored balance (zero when none is).
    fn stored_balance(&self, user: UserId) -> Result<Money, StoreError> {
        match self.ks.balances.get(user.0.to_be_bytes()).map_err(engine)? {
            Some(value) => codec::decode(&value, "balance"),
            None => Ok(Money::ZERO),
        }
    }

    /// Adds `new` and the balance it leaves to `batch`; `Conflict` if the
    /// balance would end below `floor` or out of range. The caller holds
    /// the account lock.
    fn add_transaction(
        &self,
        batch: &mut OwnedWriteBatch,
        new: NewTransaction,
        floor: Option<Money>,
    ) -> Result<Transaction, StoreError> {
        self.add_transaction_from(batch, new, floor, None)
    }

    /// As `add_transaction` without a floor, after `earlier`: the same
    /// user's transactions already in `batch` (not yet committed, so
    /// neither their balance nor their ids are stored yet).
    pub(super) fn add_transaction_after(
        &self,
        batch: &mut OwnedWriteBatch,
        new: NewTransaction,
        earlier: &[Transaction],
    ) -> Result<Transaction, StoreError> {
        let start = match earlier.last() {
            Some(last) => Some((
                last.balance_after,
                last.id
                    .checked_add(1)
                    .ok_or_else(|| StoreError::engine_state("id space exhausted"))?,
            )),
            None => None,
        };
        self.add_transaction_from(batch, new, None, start)
    }

    /// Adds `new` to `batch`, from `start` (the balance before it and its
    /// id) when given, else from what is stored.
    fn add_transaction_from(
        &self,
        batch: &mut OwnedWriteBatch,
        new: NewTransaction,
        floor: Option<Money>,
        start: Option<(Money, u64)>,
    ) -> Result<Transaction, StoreError> {
        let user = new.user;
        let before = match start {
            Some((balance, _)) => balance,
            None => self.stored_balance(user)?,
        };
        let after = before
            .0
            .checked_add(new.amount.0)
            .map(Money)
            .ok_or_else(|| StoreError::Conflict("balance out of range".into()))?;
        if let Some(floor) = floor.filter(|floor| after < *floor) {
            return Err(StoreError::Conflict(format!(
                "the balance of user {} ({before}) cannot pay {}: it may not fall below {floor}",
                user.0,
                Money(-new.amount.0)
            )));
        }
        let (id, next) = match start {
            Some((_, id)) => {
                let next = id
                    .checked_add(1)
                    .ok_or_else(|| StoreError::engine_state("id space exhausted"))?;
                (id, codec::encode(&next)?)
            }
            None => self.next_id(NEXT_TRANSACTION_ID)?,
        };
        let transaction = Transaction::appended(id, new, after);
        batch.insert(
            &self.ks.transactions,
            transaction_key(user, transaction.time_ms, id),
            codec::encode(&transaction)?,
        );
        batch.insert(
            &self.ks.balances,
            user.0.to_be_bytes(),
            codec::encode(&after)?,
        );
        batch.insert(&self.ks.meta, NEXT_TRANSACTION_ID, next);
        Ok(transaction)
    }

    /// Adds the writing of `suspended` on each of the user's trackers whose
    /// mark differs to `batch`. The caller holds the account lock.
    pub(super) fn mark_trackers(
        &self,
        batch: &mut OwnedWriteBatch,
        user: UserId,
        suspended: bool,
    ) -> Result<(), StoreError> {
        for tracker in self.user_trackers(user)? {
            if tracker.suspended != suspended {
                let marked = Tracker {
                    suspended,
                    ..tracker
                };
                batch.insert(
                    &self.ks.trackers,
                    marked.id.0.to_be_bytes(),
                    codec::encode(&marked)?,
                );
            }
        }
        Ok(())
    }
}

impl LedgerStore for EmbeddedStore {
    fn balance(&self, user: UserId) -> Result<Money, StoreError> {
        self.check_user(user)?;
        self.stored_balance(user)
    }

    fn append_transaction(
        &self,
        new: NewTransaction,
        floor: Option<Money>,
    ) -> Result<Transaction, StoreError> {
        let _lock = self.lock_accounts();
        self.check_user(new.user)?;
        let mut batch = self.durable_batch();
        let transaction = self.add_transaction(&mut batch, new, floor)?;
        batch.commit().map_err(engine)?;
        Ok(transaction)
    }

    fn transactions(
        &self,
        user: UserId,
        from_ms: i64,
        to_ms: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Transaction>, StoreError> {
        if from_ms > to_ms {
            return Ok(Vec::new());
        }
        let from = transaction_key(user, from_ms, 0);
        let to = transaction_key(user, to_ms, u64::MAX);
        self.db
            .snapshot()
            .range(&self.ks.transactions, from..=to)
            .skip(offset)
            .take(limit)
            .map(|guard| codec::decode(&guard.value().map_err(engine)?, "transaction"))
            .collect()
    }

    fn renewal(&self, user: UserId) -> Result<Option<Renewal>, StoreError> {
        self.entity(&self.ks.renewals, user.0, "renewal")
    }

    fn renew(&self, step: RenewalStep) -> Result<RenewalOutcome, StoreError> {
        let _lock = self.lock_accounts();
        self.check_user(step.user)?;
        let stored: Option<Renewal> = self.entity(&self.ks.renewals, step.user.0, "renewal")?;
        if stored != step.expected {
            return Err(StoreError::Conflict(format!(
                "the renewal of user {} changed meanwhile",
                step.user.0
            )));
        }
        let mut batch = self.durable_batch();
        let (recorded, outcome) = match step.charge {
            None => (step.paid, RenewalOutcome::Paid(None)),
            Some(charge) => match self.add_transaction(&mut batch, charge, Some(step.floor)) {
                Ok(paid) => (step.paid, RenewalOutcome::Paid(Some(paid))),
                Err(StoreError::Conflict(_)) => {
                    // Nothing of the charge went into the batch.
                    (step.unpaid, RenewalOutcome::Unpaid)
                }
                Err(error) => return Err(error),
            },
        };
        batch.insert(
            &self.ks.renewals,
            step.user.0.to_be_bytes(),
            codec::encode(&recorded)?,
        );
        self.mark_trackers(&mut batch, step.user, recorded.suspended)?;
        batch.commit().map_err(engine)?;
        Ok(outcome)
    }

    fn end_renewal(&self, user: UserId) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let key = user.0.to_be_bytes();
        let existed = self.ks.renewals.contains_key(key).map_err(engine)?;
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.renewals, key);
        self.mark_trackers(&mut batch, user, false)?;
        batch.commit().map_err(engine)?;
        Ok(existed)
    }

    fn renewing_users(&self) -> Result<Vec<UserId>, StoreError> {
        self.db
            .snapshot()
            .iter(&self.ks.renewals)
            .map(|guard| {
                let key = guard.key().map_err(engine)?;
                keys::u64_at(&key, 0, "renewal key").map(UserId)
            })
            .collect()
    }
}
