//! An activation code as the Panel API writes it, and the amounts and
//! days its calls read.
//!
//! Navixy's object: `code`, `tariff_id` and `tariff_name`, `bonus_amount`,
//! `money_amount`, `free_days`, `device_type` (always `tracker`),
//! `activated`, `activation_date` (UTC, `null` until used) and `device_id`
//! (the id of the tracker registered with it, 0 until used).

use serde_json::{Value, json};
use trackgate_store::{ActivationCode, Money};

use super::tariff_view::money_number;
use crate::error::ApiError;
use crate::params::Params;
use crate::time::format_datetime;

/// The most codes one `create` makes.
pub const MAX_COUNT: u32 = 1_000;

/// The most free days a code gives (ten years).
pub const MAX_FREE_DAYS: u32 = 3_650;

/// A code as answered; `tariff_name` is its plan's name (empty if the
/// plan is gone).
pub fn view(code: &ActivationCode, tariff_name: &str) -> Value {
    json!({
        "code": code.code,
        "tariff_id": code.plan.0,
        "tariff_name": tariff_name,
        "bonus_amount": money_number(code.bonus_amount),
        "money_amount": money_number(code.money_amount),
        "free_days": code.free_days,
        "device_type": "tracker",
        "activated": code.used.is_some(),
        "activation_date": code.used.map(|u| format_datetime(u.time_ms)),
        "device_id": code.used.map_or(0, |u| u.tracker.0),
    })
}

/// An optional amount `name`: a number or decimal text, not negative.
pub fn amount(params: &Params, name: &str) -> Result<Option<Money>, ApiError> {
    let bad = || ApiError::invalid(name, "must be an amount, 0 or more");
    let text = match params.raw(name) {
        None => return Ok(None),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(_) => return Err(bad()),
    };
    match Money::parse(&text) {
        Some(amount) if amount >= Money::ZERO => Ok(Some(amount)),
        _ => Err(bad()),
    }
}

/// Optional `free_days`: 0 to [`MAX_FREE_DAYS`].
pub fn free_days(params: &Params) -> Result<Option<u32>, ApiError> {
    params
        .opt_int("free_days")?
        .map(|days| {
            u32::try_from(days)
                .ok()
                .filter(|d| *d <= MAX_FREE_DAYS)
                .ok_or_else(|| {
                    ApiError::invalid("free_days", format!("must be 0 to {MAX_FREE_DAYS}"))
                })
        })
        .transpose()
}

/// Required `count`: 1 to [`MAX_COUNT`].
pub fn count(params: &Params) -> Result<u32, ApiError> {
    u32::try_from(params.int("count")?)
        .ok()
        .filter(|n| (1..=MAX_COUNT).contains(n))
        .ok_or_else(|| ApiError::invalid("count", format!("must be 1 to {MAX_COUNT}")))
}

/// Required `codes`: an array of codes (as JSON, JSON text, or
/// comma-separated), each given as text or as a number.
pub fn codes(params: &Params) -> Result<Vec<String>, ApiError> {
    let bad = || ApiError::invalid("codes", "must be an array of codes");
    let items = match params.opt_json("codes")? {
        None => return Err(ApiError::invalid("codes", "required")),
        Some(Value::Array(items)) => items,
        Some(Value::String(text)) => text
            .split(',')
            .map(|part| Value::String(part.trim().to_owned()))
            .collect(),
        Some(_) => return Err(bad()),
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.trim().to_owned()),
            Value::Number(n) if n.is_u64() => Ok(n.to_string()),
            _ => Err(bad()),
        })
        .collect()
}

/// A new code: [`DIGITS`] random decimal digits from the operating
/// system's seeded cryptographic generator (unbiased: bytes of 250 and
/// more are drawn again).
pub fn random_code() -> String {
    let mut code = String::with_capacity(DIGITS);
    while code.len() < DIGITS {
        let byte: u8 = rand::random();
        if byte < 250 {
            code.push(char::from(b'0' + byte % 10));
        }
    }
    code
}

/// How many digits a generated code has (Navixy's are ten).
pub const DIGITS: usize = 10;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::*;

    #[test]
    fn generated_codes_are_ten_digits_and_differ() {
        let codes: BTreeSet<String> = (0..200).map(|_| random_code()).collect();
        assert_eq!(codes.len(), 200);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == DIGITS && trackgate_store::is_code(c))
        );
    }

    #[test]
    fn codes_arrive_in_every_spelling() {
        let as_json = Params::from_json(json!({ "codes": ["0012", 345] }));
        assert_eq!(
            codes(&as_json).ok(),
            Some(vec!["0012".into(), "345".into()])
        );
        let as_text = Params::from_json(json!({ "codes": "[\"1\", \"2\"]" }));
        assert_eq!(codes(&as_text).ok(), Some(vec!["1".into(), "2".into()]));
        let listed = Params::from_json(json!({ "codes": "7, 8" }));
        assert_eq!(codes(&listed).ok(), Some(vec!["7".into(), "8".into()]));
        assert!(codes(&Params::from_json(json!({ "codes": [true] }))).is_err());
        assert!(codes(&Params::from_json(json!({}))).is_err());
    }

    #[test]
    fn amounts_days_and_counts_are_bounded() {
        let p =
            Params::from_json(json!({ "bonus_amount": "2.50", "free_days": 3650, "count": 1000 }));
        assert_eq!(amount(&p, "bonus_amount").ok(), Some(Money::parse("2.5")));
        assert_eq!(free_days(&p).ok(), Some(Some(3650)));
        assert_eq!(count(&p).ok(), Some(1000));
        let bad = Params::from_json(json!({ "bonus_amount": -1, "free_days": 3651, "count": 0 }));
        assert!(amount(&bad, "bonus_amount").is_err());
        assert!(free_days(&bad).is_err());
        assert!(count(&bad).is_err());
    }
}
