//! `user/transaction/list` and `user/transaction/change_balance`: a
//! user's ledger and the dealer's payments into it.
//!
//! A balance changes only by a transaction ([`crate::money::change_balance`]),
//! which then settles the account's renewal: a payment that covers an
//! unpaid period charges it and lifts the suspension of the user's
//! trackers before the call answers. A change that would leave the
//! balance below zero is refused (251), nothing written; a payment into a
//! balance already below zero (a plan's debt) is taken even when the
//! balance stays below zero.
//!
//! Times are UTC `YYYY-MM-DD HH:MM:SS`, as the Panel API's other times.

use actix_web::web;
use serde_json::{Map, Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{Money, NewTransaction, StoreError, Transaction, TransactionType, User};

use super::call::PanelCall;
use super::routes::Answer;
use super::tariff_view::money_number;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::time::{format_datetime, parse_datetime};

/// The largest amount one change takes, either way.
const MAX_AMOUNT: i64 = 1_000_000_000;

/// A transaction as answered (Navixy's transaction object). trackgate has
/// no bonus balance: the bonus fields are 0.
pub fn view(transaction: &Transaction, user: &User) -> Value {
    let subtype = match transaction.kind {
        TransactionType::Charge => "tariff",
        _ => "partner",
    };
    json!({
        "description": transaction.description,
        "type": transaction.kind.name(),
        "subtype": subtype,
        "timestamp": format_datetime(transaction.time_ms),
        "user_id": transaction.user.0,
        "dealer_id": user.dealer.map(|d| d.0),
        "tracker_id": transaction.tracker.map_or(0, |t| t.0),
        "amount": money_number(transaction.amount),
        "new_balance": money_number(transaction.balance_after),
        "old_balance": money_number(transaction.balance_before()),
        "bonus_amount": 0,
        "new_bonus": 0,
        "old_bonus": 0,
    })
}

/// A required date/time parameter, UTC.
fn datetime(params: &Params, name: &str) -> Result<i64, ApiError> {
    parse_datetime(params.str(name)?)
        .ok_or_else(|| ApiError::invalid(name, "must be YYYY-MM-DD HH:MM:SS"))
}

/// An optional count (`limit`, `offset`): not negative.
fn count(params: &Params, name: &str) -> Result<Option<usize>, ApiError> {
    params
        .opt_int(name)?
        .map(|n| usize::try_from(n).map_err(|_| ApiError::invalid(name, "must not be negative")))
        .transpose()
}

/// `user/transaction/list`: the transactions of `user_id` from `from` to
/// `to` (both included, `to` after `from`), oldest first; `limit` answers
/// at most that many, `offset` (trackgate's) skips some first.
pub async fn list(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let user = call.user(&state, "user_id")?;
    let from = datetime(&call.params, "from")?;
    let to = datetime(&call.params, "to")?;
    if to <= from {
        return Err(ApiError::invalid("to", "must be after from"));
    }
    let offset = count(&call.params, "offset")?.unwrap_or(0);
    let limit = count(&call.params, "limit")?.unwrap_or(usize::MAX);
    let store = state.store.clone();
    let list = web::block(move || -> Result<Vec<Value>, StoreError> {
        // `to` is a whole second: everything within it is included.
        let until = to.saturating_add(999);
        let ledger = store.transactions(user.id, from, until, offset, limit)?;
        Ok(ledger.iter().map(|t| view(t, &user)).collect())
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("list".into(), json!(list));
    Ok(answer)
}

/// `amount`: a number or decimal text with at most two decimals, not
/// zero, at most [`MAX_AMOUNT`] either way.
fn amount(params: &Params) -> Result<Money, ApiError> {
    let bad = || {
        ApiError::invalid(
            "amount",
            "must be a non-zero amount with at most 2 decimals, at most 1000000000 either way",
        )
    };
    let text = match params.raw("amount") {
        None => return Err(ApiError::invalid("amount", "required")),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(_) => return Err(bad()),
    };
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
    let amount = Money::parse(&text).ok_or_else(bad)?;
    let limit = Money::parse(&MAX_AMOUNT.to_string()).ok_or_else(bad)?;
    if decimals > 2 || amount.0.is_zero() || amount.0.abs() > limit.0 {
        return Err(bad());
    }
    Ok(amount)
}

/// `type`: `balance` (the default) is a payment; `bonus` a bonus, which
/// trackgate adds to the one balance it keeps.
fn kind(params: &Params) -> Result<TransactionType, ApiError> {
    match params.opt_str("type")? {
        None | Some("balance") => Ok(TransactionType::Payment),
        Some("bonus") => Ok(TransactionType::Bonus),
        Some(_) => Err(ApiError::invalid("type", "must be balance or bonus")),
    }
}

/// `text`: 5 to 255 characters, no control characters.
fn text(params: &Params) -> Result<String, ApiError> {
    let text = params.str("text")?.trim();
    let length = text.chars().count();
    if (5..=255).contains(&length) && !text.chars().any(char::is_control) {
        Ok(text.to_owned())
    } else {
        Err(ApiError::invalid(
            "text",
            "must be 5 to 255 characters without control characters",
        ))
    }
}

/// `user/transaction/change_balance`: adds `amount` (negative: takes it)
/// to the balance of `user_id`, described by `text`; 251 if the balance
/// would end below zero.
pub async fn change_balance(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let user = call.user(&state, "user_id")?;
    let amount = amount(&call.params)?;
    let kind = kind(&call.params)?;
    let description = text(&call.params)?;
    let now = now_ms();
    let new = NewTransaction {
        user: user.id,
        time_ms: now,
        amount,
        kind,
        description,
        tracker: None,
        made_by: Some(call.admin.login.clone()),
    };
    // Only what takes money may be refused: a payment into a debt is
    // always welcome, even if the balance stays below zero.
    let floor = (amount < Money::ZERO).then_some(Money::ZERO);
    let store = state.store.clone();
    let clock = state.renewals;
    let changed = web::block(move || crate::money::change_balance(&*store, clock, new, floor, now))
        .await?
        .map_err(|error| match error {
            StoreError::Conflict(_) => ApiError::code(Code::InsufficientFunds),
            StoreError::NotFound(_) => ApiError::code(Code::NotFound),
            other => other.into(),
        })?;
    tracing::info!(
        user = user.id.0,
        amount = %changed.transaction.amount,
        admin = %call.admin.login,
        "balance changed by the panel"
    );
    Ok(Map::new())
}
