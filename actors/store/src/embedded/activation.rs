//! Activation codes ([`ActivationStore`]).
//!
//! A code lives under its digits in `activation_codes`. Every write holds
//! the account lock, reads what it changes and commits one durable batch;
//! using a code writes the code, its transactions and the balance they
//! leave in the same batch, with the account's plan and renewal (its
//! free days), so a code is never used without what it carries, nor
//! credited twice.

use std::collections::BTreeSet;

use super::{EmbeddedStore, codec, engine};
use crate::activation_model::*;
use crate::activation_ports::ActivationStore;
use crate::money_model::Renewal;
use crate::operator_model::PlanId;
use crate::panel_model::DealerId;
use crate::ports::{AccountStore, StoreError};

impl EmbeddedStore {
    /// The stored code, if any (a malformed one is never stored).
    fn stored_code(&self, code: &str) -> Result<Option<ActivationCode>, StoreError> {
        if !is_code(code) {
            return Ok(None);
        }
        match self.ks.activation_codes.get(code).map_err(engine)? {
            Some(value) => codec::decode(&value, "activation code").map(Some),
            None => Ok(None),
        }
    }

    /// `NotFound` unless the plan exists.
    fn check_plan(&self, plan: PlanId) -> Result<(), StoreError> {
        if self
            .ks
            .plans
            .contains_key(plan.0.to_be_bytes())
            .map_err(engine)?
        {
            return Ok(());
        }
        Err(StoreError::NotFound(format!("plan {}", plan.0)))
    }
}

fn of_dealers(code: &ActivationCode, dealers: Option<&[DealerId]>) -> bool {
    dealers.is_none_or(|ds| code.dealer.is_some_and(|d| ds.contains(&d)))
}

impl ActivationStore for EmbeddedStore {
    fn create_activation_codes(
        &self,
        new: Vec<NewActivationCode>,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        let _lock = self.lock_accounts();
        let mut seen = BTreeSet::new();
        for code in &new {
            if !is_code(&code.code) {
                return Err(StoreError::Conflict(format!(
                    "activation code {:?} is not 1 to {MAX_CODE_LEN} digits",
                    code.code
                )));
            }
            if !seen.insert(code.code.as_str()) || self.stored_code(&code.code)?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "activation code {} exists",
                    code.code
                )));
            }
            self.check_dealer(code.dealer)?;
            self.check_plan(code.plan)?;
        }
        let mut batch = self.durable_batch();
        let mut created = Vec::with_capacity(new.len());
        for code in new {
            let code = ActivationCode::created(code);
            batch.insert(
                &self.ks.activation_codes,
                code.code.as_str(),
                codec::encode(&code)?,
            );
            created.push(code);
        }
        batch.commit().map_err(engine)?;
        Ok(created)
    }

    fn activation_code(&self, code: &str) -> Result<Option<ActivationCode>, StoreError> {
        self.stored_code(code)
    }

    fn activation_codes(
        &self,
        dealers: Option<&[DealerId]>,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        let mut codes: Vec<ActivationCode> =
            Self::all::<ActivationCode>(&self.ks.activation_codes, "activation code")?
                .into_iter()
                .filter(|code| of_dealers(code, dealers))
                .collect();
        // Keys order by bytes; digits of different lengths order by length first.
        codes.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(codes)
    }

    fn update_activation_codes(
        &self,
        codes: &[String],
        dealers: Option<&[DealerId]>,
        terms: &CodeTerms,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        let _lock = self.lock_accounts();
        self.check_plan(terms.plan)?;
        let mut batch = self.durable_batch();
        let mut changed = Vec::new();
        let wanted: BTreeSet<&str> = codes.iter().map(String::as_str).collect();
        for code in wanted {
            let Some(mut stored) = self.stored_code(code)? else {
                continue;
            };
            if stored.used.is_some() || !of_dealers(&stored, dealers) {
                continue;
            }
            stored.plan = terms.plan;
            if let Some(bonus) = terms.bonus_amount {
                stored.bonus_amount = bonus;
            }
            if let Some(days) = terms.free_days {
                stored.free_days = days;
            }
            batch.insert(
                &self.ks.activation_codes,
                stored.code.as_str(),
                codec::encode(&stored)?,
            );
            changed.push(stored);
        }
        batch.commit().map_err(engine)?;
        Ok(changed)
    }

    fn activate_code(&self, activation: Activation) -> Result<Activated, StoreError> {
        let _lock = self.lock_accounts();
        let mut code = self
            .stored_code(&activation.code)?
            .ok_or_else(|| StoreError::NotFound(format!("activation code {}", activation.code)))?;
        if code.used.is_some() {
            return Err(StoreError::Conflict(format!(
                "activation code {} is used",
                code.code
            )));
        }
        let user = activation.by.user;
        let mut account = self
            .user(user)?
            .ok_or_else(|| StoreError::NotFound(format!("user {}", user.0)))?;
        let mut batch = self.durable_batch();
        if let Some(change) = activation.renewal {
            let stored: Option<Renewal> = self.entity(&self.ks.renewals, user.0, "renewal")?;
            if stored != change.expected {
                return Err(StoreError::Conflict(format!(
                    "the renewal of user {} changed meanwhile",
                    user.0
                )));
            }
            batch.insert(
                &self.ks.renewals,
                user.0.to_be_bytes(),
                codec::encode(&change.new)?,
            );
            self.mark_trackers(&mut batch, user, change.new.suspended)?;
        }
        if let Some(plan) = activation.plan.filter(|_| account.plan.is_none()) {
            self.check_plan(plan)?;
            account.plan = Some(plan);
            batch.insert(
                &self.ks.users,
                user.0.to_be_bytes(),
                codec::encode(&account)?,
            );
        }
        let mut transactions = Vec::with_capacity(activation.credits.len());
        for credit in activation.credits {
            if credit.user != user {
                return Err(StoreError::Conflict(format!(
                    "a transaction of activation code {} is for user {}, not {}",
                    code.code, credit.user.0, user.0
                )));
            }
            // Each reads the balance the previous one left in the batch.
            transactions.push(self.add_transaction_after(&mut batch, credit, &transactions)?);
        }
        code.used = Some(activation.by);
        batch.insert(
            &self.ks.activation_codes,
            code.code.as_str(),
            codec::encode(&code)?,
        );
        batch.commit().map_err(engine)?;
        Ok(Activated { code, transactions })
    }
}
