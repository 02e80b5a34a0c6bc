//! What `tracker/tariff/change` with `repay=true` gives back: the unused
//! part of what the account paid for the current period of its plan.
//!
//! The account paid for the current period when its renewal on that plan
//! has the period settled and the ledger holds the renewal's charge of the
//! plan's price made in it. The refund is that charge times the part of the period still
//! ahead (to the millisecond), rounded down to the cent: an exact decimal
//! that never gives back more than was paid. Nothing is refunded for a
//! period that was settled without a charge (a free plan, a plan started
//! with `charge=false`), for a suspended account, or once the refund
//! would be less than a cent.

use rust_decimal::{Decimal, RoundingStrategy};
use trackgate_actors::renewals::{MADE_BY, RenewalClock};
use trackgate_store::{Money, Store, StoreError, TransactionType, User};

/// The refund owed to `user` for its current plan at `now_ms`, if any
/// (see the module docs).
pub fn unused_part(
    store: &dyn Store,
    user: &User,
    now_ms: i64,
    clock: RenewalClock,
) -> Result<Option<Money>, StoreError> {
    let Some(plan) = user.plan.map(|p| store.plan(p)).transpose()?.flatten() else {
        return Ok(None);
    };
    let Some(renewal) = store
        .renewal(user.id)?
        .filter(|r| r.plan == plan.id && !r.suspended)
    else {
        return Ok(None);
    };
    let period_ms = i64::from(plan.period_days.max(1)).saturating_mul(clock.day_ms.max(1));
    let elapsed = now_ms.saturating_sub(renewal.anchor_ms);
    if elapsed < 0 {
        return Ok(None);
    }
    let current = elapsed / period_ms;
    if u64::try_from(current).map_or(true, |c| renewal.paid_periods <= c) {
        return Ok(None);
    }
    let start = renewal
        .anchor_ms
        .saturating_add(current.saturating_mul(period_ms));
    let paid = store
        .transactions(user.id, start, now_ms, 0, usize::MAX)?
        .into_iter()
        .filter(|t| {
            t.kind == TransactionType::Charge
                && t.made_by.as_deref() == Some(MADE_BY)
                && t.amount.0 == -plan.price.0
        })
        .map(|t| Money(t.amount.0.abs()))
        .next_back();
    let Some(paid) = paid else {
        return Ok(None);
    };
    let left_ms = start.saturating_add(period_ms).saturating_sub(now_ms);
    let refund = prorate(paid, left_ms, period_ms);
    Ok((refund > Money::ZERO).then_some(refund))
}

/// `paid` times `left_ms / period_ms`, rounded down to the cent; zero for
/// nothing left, all of `paid` at most.
pub fn prorate(paid: Money, left_ms: i64, period_ms: i64) -> Money {
    if period_ms <= 0 || left_ms <= 0 {
        return Money::ZERO;
    }
    let left = left_ms.min(period_ms);
    let part = paid
        .0
        .checked_mul(Decimal::from(left))
        .and_then(|scaled| scaled.checked_div(Decimal::from(period_ms)))
        .unwrap_or(Decimal::ZERO);
    Money(part.round_dp_with_strategy(2, RoundingStrategy::ToZero))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        Money::parse(text).expect("an amount")
    }

    #[test]
    fn the_part_left_is_refunded_rounded_down_to_the_cent() {
        // A third of 10 is 3.333...: 3.33, never 3.34.
        assert_eq!(prorate(money("10"), 1_000, 3_000), money("3.33"));
        // Two thirds of 10 is 6.666...: 6.66.
        assert_eq!(prorate(money("10"), 2_000, 3_000), money("6.66"));
        assert_eq!(prorate(money("9.99"), 500, 1_000), money("4.99"));
        assert_eq!(prorate(money("10"), 3_000, 3_000), money("10"));
    }

    #[test]
    fn nothing_left_or_beyond_the_period_is_bounded() {
        assert_eq!(prorate(money("10"), 0, 3_000), Money::ZERO);
        assert_eq!(prorate(money("10"), -5, 3_000), Money::ZERO);
        assert_eq!(prorate(money("10"), 9_000, 3_000), money("10"));
        assert_eq!(prorate(money("10"), 1, 0), Money::ZERO);
        assert_eq!(prorate(money("0.01"), 1, 3_000), Money::ZERO);
    }
}
