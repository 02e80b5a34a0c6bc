//! A user as the Panel API writes it, and the `user` object its calls
//! read.
//!
//! trackgate keeps, of Navixy's user object, the login, the display name
//! (answered and taken as `first_name`), whether the account is active
//! (`activated`; `verified` follows it), the dealer, the creation time,
//! the comment and the time zone; the answer counts the user's trackers
//! and gives its balance.
//! Contact and legal fields (addresses, `tin`, `legal_type`, ...) are not
//! kept: they are accepted in `user` and not answered.

use serde_json::{Value, json};
use trackgate_store::{Money, User};

use super::tariff_view::money_number;

use crate::error::{ApiError, ParamError};
use crate::params::Params;
use crate::time::format_datetime;

/// The longest login, display name and comment.
pub const MAX_TEXT: usize = 255;

/// `user` as answered; `trackers` is how many (not corrupted) it holds,
/// `balance` what its ledger says (`bonus` is always 0: trackgate keeps
/// one balance, bonuses included).
pub fn view(user: &User, trackers: usize, balance: Money) -> Value {
    json!({
        "id": user.id.0,
        "dealer_id": user.dealer.map(|d| d.0),
        "login": user.login,
        "activated": !user.blocked,
        "verified": !user.blocked,
        "first_name": user.username.clone().unwrap_or_default(),
        "creation_date": format_datetime(user.created_ms),
        "trackers_count": trackers,
        "balance": money_number(balance),
        "bonus": 0,
        "comment": user.notes,
        "time_zone": user.time_zone,
    })
}

/// The object parameter `name` (JSON, or JSON text in a form), as
/// parameters of its own; their errors name `name.field`.
pub fn object(params: &Params, name: &str) -> Result<Params, ApiError> {
    match params.opt_json(name)? {
        Some(value @ Value::Object(_)) => Ok(Params::from_json(value)),
        Some(_) => Err(ApiError::invalid(name, "must be an object")),
        None => Err(ApiError::invalid(name, "required")),
    }
}

/// `error` with its parameters named inside `object` (`user.login`).
pub fn inside(object: &str, mut error: ApiError) -> ApiError {
    error.errors = error
        .errors
        .into_iter()
        .map(|e| ParamError {
            parameter: format!("{object}.{}", e.parameter),
            error: e.error,
        })
        .collect();
    error
}

/// A login: not empty, no spaces or control characters, at most
/// [`MAX_TEXT`] bytes.
pub fn login(text: &str, name: &str) -> Result<String, ApiError> {
    let fine = !text.is_empty()
        && text.len() <= MAX_TEXT
        && !text.chars().any(|c| c.is_whitespace() || c.is_control());
    if fine {
        Ok(text.to_owned())
    } else {
        Err(ApiError::invalid(
            name,
            "must be 1 to 255 characters without spaces",
        ))
    }
}

/// A password: 6 to 255 characters.
pub fn password(params: &Params) -> Result<&str, ApiError> {
    let password = params.str("password")?;
    if (6..=MAX_TEXT).contains(&password.chars().count()) {
        Ok(password)
    } else {
        Err(ApiError::invalid("password", "must be 6 to 255 characters"))
    }
}

/// Free text of at most [`MAX_TEXT`] characters, without control
/// characters other than line breaks.
pub fn text(params: &Params, name: &str) -> Result<Option<String>, ApiError> {
    match params.opt_str(name)? {
        None => Ok(None),
        Some(text)
            if text.chars().count() <= MAX_TEXT
                && !text.chars().any(|c| c.is_control() && c != '\n') =>
        {
            Ok(Some(text.to_owned()))
        }
        Some(_) => Err(ApiError::invalid(
            name,
            "must be at most 255 printable characters",
        )),
    }
}
