//! Activation codes ([`ActivationStore`]).
//!
//! A code lives under its digits in `activation_codes`, written only by
//! lightweight transactions: created `IF NOT EXISTS` (so a code is never
//! made twice), changed `IF used = false` (so it is used once, and a used
//! code's terms never change). `dealer_codes` lists each dealer's codes.
//!
//! Using a code ([`activate_code`]) claims it first (the compare-and-set
//! that marks it used), then applies its money, bonus and renewal to the
//! user's ledger in one conditional batch (see `ledger`), then puts the
//! account on its plan. A refusal of the ledger step (the renewal changed
//! meanwhile, a balance out of range) gives the code back. A crash between
//! the claim and the ledger leaves the code used without its credits: the
//! one gap of this sequence (the other order could credit a code twice).

use std::collections::BTreeSet;

use trackgate_store::*;

use crate::ScyllaStore;
use crate::accounts::{relink_user, require_user, write_user};
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, bodies, key, not_found};
use crate::ledger::{RenewalWrite, apply, number};

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "activation_codes.get",
        cql: "SELECT body FROM activation_codes WHERE code = ?",
    },
    // Listing every code, an operator listing: scans the table.
    Stmt {
        name: "activation_codes.all",
        cql: "SELECT body FROM activation_codes",
    },
    Stmt {
        name: "activation_codes.create",
        cql: "INSERT INTO activation_codes (code, used, body) VALUES (?, ?, ?) IF NOT EXISTS",
    },
    Stmt {
        name: "activation_codes.change",
        cql: "UPDATE activation_codes SET used = ?, body = ? WHERE code = ? IF used = ?",
    },
    Stmt {
        name: "activation_codes.delete",
        cql: "DELETE FROM activation_codes WHERE code = ? IF used = ?",
    },
    Stmt {
        name: "dealer_codes.list",
        cql: "SELECT code FROM dealer_codes WHERE dealer = ?",
    },
    Stmt {
        name: "dealer_codes.put",
        cql: "INSERT INTO dealer_codes (dealer, code) VALUES (?, ?)",
    },
    Stmt {
        name: "dealer_codes.delete",
        cql: "DELETE FROM dealer_codes WHERE dealer = ? AND code = ?",
    },
];

/// The stored code, if any (a malformed one is never stored).
fn stored_code(store: &ScyllaStore, code: &str) -> Result<Option<ActivationCode>, StoreError> {
    if !is_code(code) {
        return Ok(None);
    }
    crate::kit::body(
        store.db(),
        "activation_codes.get",
        (code,),
        "activation code",
    )
}

/// `NotFound` unless the plan exists.
fn check_plan(store: &ScyllaStore, plan: PlanId) -> Result<(), StoreError> {
    match crate::operator::plan(store, plan)? {
        Some(_) => Ok(()),
        None => Err(not_found(format_args!("plan {}", plan.0))),
    }
}

fn of_dealers(code: &ActivationCode, dealers: Option<&[DealerId]>) -> bool {
    dealers.is_none_or(|ds| code.dealer.is_some_and(|d| ds.contains(&d)))
}

/// Writes `code` over the stored one if its `used` flag is still `was`;
/// whether it applied.
fn swap(store: &ScyllaStore, code: &ActivationCode, was: bool) -> Result<bool, StoreError> {
    store.db().applied(
        "activation_codes.change",
        (
            code.used.is_some(),
            codec::encode(code)?,
            code.code.as_str(),
            was,
        ),
    )
}

/// `ActivationStore::create_activation_codes`, all or none: `Conflict` if
/// a code exists or appears twice or is malformed, `NotFound` if a dealer
/// or plan does not exist. The dealers' index entries go first (one logged
/// batch), then each code `IF NOT EXISTS`; if one was taken meanwhile, the
/// codes created by this call are deleted again.
pub(crate) fn create_activation_codes(
    store: &ScyllaStore,
    new: Vec<NewActivationCode>,
) -> Result<Vec<ActivationCode>, StoreError> {
    let db = store.db();
    let mut seen = BTreeSet::new();
    for code in &new {
        if !is_code(&code.code) {
            return Err(StoreError::Conflict(format!(
                "activation code {:?} is not 1 to {MAX_CODE_LEN} digits",
                code.code
            )));
        }
        if !seen.insert(code.code.as_str()) || stored_code(store, &code.code)?.is_some() {
            return Err(StoreError::Conflict(format!(
                "activation code {} exists",
                code.code
            )));
        }
        crate::panel::check_dealer(store, code.dealer)?;
        check_plan(store, code.plan)?;
    }
    let created: Vec<ActivationCode> = new.into_iter().map(ActivationCode::created).collect();
    let mut writes = Writes::new();
    for code in &created {
        if let Some(dealer) = code.dealer {
            writes.push_row("dealer_codes.put", (key(dealer.0), code.code.clone()));
        }
    }
    writes.run(db)?;
    for (i, code) in created.iter().enumerate() {
        if !db.applied(
            "activation_codes.create",
            (code.code.as_str(), false, codec::encode(code)?),
        )? {
            for done in &created[..i] {
                db.applied("activation_codes.delete", (done.code.as_str(), false))?;
            }
            return Err(StoreError::Conflict(format!(
                "activation code {} exists",
                code.code
            )));
        }
    }
    Ok(created)
}

/// `ActivationStore::activation_code`.
pub(crate) fn activation_code(
    store: &ScyllaStore,
    code: &str,
) -> Result<Option<ActivationCode>, StoreError> {
    stored_code(store, code)
}

/// `ActivationStore::activation_codes`, ordered by code: with dealers,
/// their partitions of `dealer_codes`; without, a scan (an operator
/// listing).
pub(crate) fn activation_codes(
    store: &ScyllaStore,
    dealers: Option<&[DealerId]>,
) -> Result<Vec<ActivationCode>, StoreError> {
    let db = store.db();
    let mut codes: Vec<ActivationCode> = match dealers {
        None => bodies(db, "activation_codes.all", (), "activation code")?,
        Some(ds) => {
            let mut listed = BTreeSet::new();
            for dealer in ds.iter().collect::<BTreeSet<_>>() {
                for (code,) in db.query::<(String,)>("dealer_codes.list", (key(dealer.0),))? {
                    listed.insert(code);
                }
            }
            let mut found = Vec::with_capacity(listed.len());
            for code in listed {
                if let Some(stored) = stored_code(store, &code)? {
                    found.push(stored);
                }
            }
            found
        }
    };
    codes.retain(|code| of_dealers(code, dealers));
    codes.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(codes)
}

/// `ActivationStore::update_activation_codes`: `NotFound` (nothing
/// changed) if the plan does not exist. Each code is changed by its own
/// compare-and-set `IF used = false`, so a code used meanwhile keeps its
/// terms (and is not returned); unlike the embedded store's, the codes do
/// not change in one write.
pub(crate) fn update_activation_codes(
    store: &ScyllaStore,
    codes: &[String],
    dealers: Option<&[DealerId]>,
    terms: &CodeTerms,
) -> Result<Vec<ActivationCode>, StoreError> {
    check_plan(store, terms.plan)?;
    let mut changed = Vec::new();
    let wanted: BTreeSet<&str> = codes.iter().map(String::as_str).collect();
    for code in wanted {
        let Some(stored) = stored_code(store, code)? else {
            continue;
        };
        if stored.used.is_some() || !of_dealers(&stored, dealers) {
            continue;
        }
        let updated = with_terms(stored, terms);
        if swap(store, &updated, false)? {
            changed.push(updated);
        }
    }
    Ok(changed)
}

/// `code` with `terms` applied.
fn with_terms(code: ActivationCode, terms: &CodeTerms) -> ActivationCode {
    ActivationCode {
        plan: terms.plan,
        bonus_amount: terms.bonus_amount.unwrap_or(code.bonus_amount),
        free_days: terms.free_days.unwrap_or(code.free_days),
        ..code
    }
}

/// `Conflict` unless every transaction is for `user`.
fn check_credits(code: &str, user: UserId, credits: &[NewTransaction]) -> Result<(), StoreError> {
    match credits.iter().find(|c| c.user != user) {
        Some(credit) => Err(StoreError::Conflict(format!(
            "a transaction of activation code {code} is for user {}, not {}",
            credit.user.0, user.0
        ))),
        None => Ok(()),
    }
}

/// `ActivationStore::activate_code`: `NotFound` if the code, the user or
/// the plan does not exist; `Conflict` (nothing written) if the code is
/// used, a transaction is for another user or out of range, or the stored
/// renewal is not the one expected. The sequence is in the module docs.
pub(crate) fn activate_code(
    store: &ScyllaStore,
    activation: Activation,
) -> Result<Activated, StoreError> {
    let code = stored_code(store, &activation.code)?
        .ok_or_else(|| not_found(format_args!("activation code {}", activation.code)))?;
    if code.used.is_some() {
        return Err(StoreError::Conflict(format!(
            "activation code {} is used",
            code.code
        )));
    }
    let user = activation.by.user;
    let account = require_user(store, user)?;
    check_credits(&code.code, user, &activation.credits)?;
    let plan = activation.plan.filter(|_| account.plan.is_none());
    if let Some(plan) = plan {
        check_plan(store, plan)?;
    }
    if let Some(change) = &activation.renewal
        && crate::ledger::renewal(store, user)? != change.expected
    {
        return Err(StoreError::Conflict(format!(
            "the renewal of user {} changed meanwhile",
            user.0
        )));
    }
    let credits = number(store, activation.credits)?;
    let used = ActivationCode {
        used: Some(activation.by),
        ..code.clone()
    };
    if !swap(store, &used, false)? {
        return Err(StoreError::Conflict(format!(
            "activation code {} is used",
            code.code
        )));
    }
    let renewal = activation.renewal.map(|change| RenewalWrite {
        expected: change.expected,
        new: change.new,
    });
    let transactions = match apply(store, user, &credits, None, renewal) {
        Ok(made) => made,
        Err(refused @ StoreError::Conflict(_)) => {
            // Nothing of the ledger was written: the code is free again.
            swap(store, &code, true)?;
            return Err(refused);
        }
        Err(error) => return Err(error),
    };
    if let Some(change) = renewal {
        crate::accounts::mark_trackers(store, user, change.new.suspended)?;
    }
    if let Some(plan) = plan {
        // Read again: the account may have changed since the checks.
        let current = require_user(store, user)?;
        if current.plan.is_none() {
            let on_plan = User {
                plan: Some(plan),
                ..current.clone()
            };
            let mut writes = Writes::new();
            relink_user(&mut writes, Some(&current), Some(&on_plan));
            write_user(&mut writes, &on_plan)?;
            writes.run(store.db())?;
        }
    }
    Ok(Activated {
        code: used,
        transactions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(dealer: Option<u64>) -> ActivationCode {
        ActivationCode::created(NewActivationCode {
            code: "123".into(),
            dealer: dealer.map(DealerId),
            plan: PlanId(1),
            bonus_amount: Money::parse("2").unwrap(),
            money_amount: Money::parse("5").unwrap(),
            free_days: 7,
            created_ms: 0,
        })
    }

    #[test]
    fn terms_change_what_they_name() {
        let all = with_terms(
            code(None),
            &CodeTerms {
                plan: PlanId(9),
                bonus_amount: Some(Money::parse("3").unwrap()),
                free_days: None,
            },
        );
        assert_eq!(all.plan, PlanId(9));
        assert_eq!(all.bonus_amount, Money::parse("3").unwrap());
        assert_eq!(all.free_days, 7);
        assert_eq!(all.money_amount, Money::parse("5").unwrap());
    }

    #[test]
    fn dealers_filter_codes() {
        assert!(of_dealers(&code(None), None));
        assert!(!of_dealers(&code(None), Some(&[DealerId(1)])));
        assert!(of_dealers(
            &code(Some(1)),
            Some(&[DealerId(2), DealerId(1)])
        ));
        assert!(!of_dealers(&code(Some(3)), Some(&[])));
    }

    #[test]
    fn credits_must_be_the_users() {
        let credit = |user| NewTransaction {
            user: UserId(user),
            time_ms: 0,
            amount: Money::ZERO,
            kind: TransactionType::Bonus,
            description: String::new(),
            tracker: None,
            made_by: None,
        };
        assert!(check_credits("1", UserId(4), &[credit(4), credit(4)]).is_ok());
        assert!(matches!(
            check_credits("1", UserId(4), &[credit(4), credit(5)]),
            Err(StoreError::Conflict(_))
        ));
    }
}
