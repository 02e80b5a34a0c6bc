//! A tariff as the Panel API writes it, and the `tariff` object its calls
//! read. A tariff is a billing plan of the dealer ([`BillingPlan`]).
//!
//! trackgate keeps a tariff's name, price, period (days), device limit
//! and history retention. Navixy's `store_period` is written from the
//! retention in days: `1y` for 365, `6m` for 180, `10d` otherwise (a month
//! is 30 days, a year 365; hours round up to whole days); `null` keeps
//! history for ever. Every tariff is a `monthly` one for `tracker`s
//! (`activeday`, `camera` and `socket` are 214); `period_days` (default
//! 30) is trackgate's own field for the length of the period. The other
//! Navixy fields (`group_id`, `active`, `has_reports`, ...) are answered
//! with fixed values and not kept.

use serde_json::{Value, json};
use trackgate_store::{BillingPlan, Money};

use crate::error::{ApiError, Code};
use crate::params::Params;

/// A tariff as answered.
pub fn view(plan: &BillingPlan) -> Value {
    json!({
        "id": plan.id.0,
        "name": plan.name,
        "dealer_id": plan.dealer.map(|d| d.0),
        "group_id": 0,
        "active": true,
        "type": "monthly",
        "price": money_number(plan.price),
        "early_change_price": null,
        "device_limit": plan.tracker_limit,
        "has_reports": true,
        "store_period": plan.history_days.map(store_period),
        "device_type": "tracker",
        "proportional_charge": false,
        "period_days": plan.period_days,
    })
}

/// An amount as a JSON number (Navixy's prices are numbers).
pub fn money_number(amount: Money) -> Value {
    serde_json::from_str(&amount.to_string()).unwrap_or(Value::Null)
}

/// Days of history as `store_period`.
pub fn store_period(days: u32) -> String {
    if days.is_multiple_of(365) {
        format!("{}y", days / 365)
    } else if days.is_multiple_of(30) {
        format!("{}m", days / 30)
    } else {
        format!("{days}d")
    }
}

/// `store_period` as days of history: `None` (for ever) when empty.
pub fn parse_store_period(text: &str) -> Result<Option<u32>, ApiError> {
    let bad = || ApiError::invalid("tariff.store_period", "must be a number and h, d, m or y");
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (number, unit) = text.split_at(text.len() - 1);
    let n: u32 = number.parse().map_err(|_| bad())?;
    let days = match unit {
        "h" => n.div_ceil(24),
        "d" => n,
        "m" => n.checked_mul(30).ok_or_else(bad)?,
        "y" => n.checked_mul(365).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if days == 0 || days > 36_500 {
        return Err(ApiError::invalid(
            "tariff.store_period",
            "must be 1 hour to 100 years",
        ));
    }
    Ok(Some(days))
}

/// A price: a number or decimal text, not negative.
pub fn price(tariff: &Params) -> Result<Option<Money>, ApiError> {
    let bad = || ApiError::invalid("tariff.price", "must be a non-negative amount");
    let text = match tariff.raw("price") {
        None => return Ok(None),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(bad()),
    };
    match Money::parse(&text) {
        Some(amount) if amount >= Money::ZERO => Ok(Some(amount)),
        _ => Err(bad()),
    }
}

/// Checks `type` and `device_type`: `monthly` trackers only (214 for
/// Navixy's other kinds).
pub fn check_kind(tariff: &Params) -> Result<(), ApiError> {
    match tariff.opt_str("type")? {
        None | Some("monthly") => {}
        Some("activeday") => return Err(ApiError::code(Code::NotSupportedByDevice)),
        Some(_) => return Err(ApiError::invalid("type", "must be monthly or activeday")),
    }
    if device_type(tariff.opt_str("device_type")?)? {
        Ok(())
    } else {
        Err(ApiError::code(Code::NotSupportedByDevice))
    }
}

/// Whether `device_type` (if given) names trackers: `true`; `false` for
/// Navixy's cameras and sockets, which trackgate has no tariffs for.
pub fn device_type(kind: Option<&str>) -> Result<bool, ApiError> {
    match kind {
        None | Some("tracker") => Ok(true),
        Some("camera" | "socket") => Ok(false),
        Some(_) => Err(ApiError::invalid(
            "device_type",
            "must be tracker, camera or socket",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_periods_round_trip_through_days() {
        assert_eq!(parse_store_period("1y").ok(), Some(Some(365)));
        assert_eq!(parse_store_period("6m").ok(), Some(Some(180)));
        assert_eq!(parse_store_period("3d").ok(), Some(Some(3)));
        assert_eq!(parse_store_period("25h").ok(), Some(Some(2)));
        assert_eq!(parse_store_period("").ok(), Some(None));
        assert!(parse_store_period("0d").is_err());
        assert!(parse_store_period("5w").is_err());
        assert!(parse_store_period("y").is_err());
        assert_eq!(store_period(365), "1y");
        assert_eq!(store_period(180), "6m");
        assert_eq!(store_period(45), "45d");
    }
}
