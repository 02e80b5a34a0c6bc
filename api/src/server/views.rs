//! How the Server API writes users and objects in its JSON lists. Times are
//! UTC: `YYYY-MM-DD HH:MM:SS`, and dates `YYYY-MM-DD`.

use std::collections::HashMap;

use serde_json::{Value, json};
use trackgate_store::{Tracker, User, UserId};

use crate::time::{format_date, format_datetime};

/// An expiry as seed 000 writes its dates: `YYYY-MM-DD` when it is the
/// start of a day (as a date sets it), else with its time.
pub fn expiry_text(ms: i64) -> String {
    if ms.rem_euclid(86_400_000) == 0 {
        format_date(ms)
    } else {
        format_datetime(ms)
    }
}

/// Users by id, to name managers and owners by their e-mail.
#[derive(Debug)]
pub struct Logins<'a>(HashMap<UserId, &'a str>);

impl<'a> Logins<'a> {
    /// The logins of `users`.
    pub fn of(users: &'a [User]) -> Self {
        Self(users.iter().map(|u| (u.id, u.login.as_str())).collect())
    }

    /// The login of `id`, if it is a user.
    pub fn get(&self, id: Option<UserId>) -> Option<&'a str> {
        id.and_then(|id| self.0.get(&id).copied())
    }
}

/// A user as `GET_USERS` lists it, with `objects` as given.
pub fn user(u: &User, logins: &Logins<'_>, objects: Value) -> Value {
    json!({
        "id": u.id.0,
        "email": u.login,
        "username": u.username,
        "privilege": u.privilege.name(),
        "manager": logins.get(u.manager),
        "active": !u.blocked,
        "expire": u.expires_ms.is_some(),
        "expire_dt": u.expires_ms.map(expiry_text),
        "plan": u.plan.map(|p| p.0),
        "created": format_datetime(u.created_ms),
        "objects": objects,
    })
}

/// An object (a tracker) as `GET_OBJECTS` lists it. `source` is the
/// tracker whose device it shows (itself, or a clone's source).
pub fn object(t: &Tracker, source: &Tracker) -> Value {
    json!({
        "id": t.id.0,
        "imei": source.device_id,
        "name": t.label,
        "protocol": source.model,
        "active": !source.blocked,
        "expire": source.expires_ms.is_some(),
        "expire_dt": source.expires_ms.map(expiry_text),
        "created": format_date(t.created_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::expiry_text;

    #[test]
    fn dates_stay_dates() {
        assert_eq!(expiry_text(1_451_606_400_000), "2016-01-01");
        assert_eq!(
            expiry_text(1_451_606_400_000 + 90_000),
            "2016-01-01 00:01:30"
        );
    }
}
