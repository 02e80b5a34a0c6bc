//! A command's parameters, by position, read with the names seed 000 gives
//! them, so a bad one is answered with an error that names it:
//! `ERROR: <name> (parameter N) must be ...`.

use super::ServerError;
use crate::time::parse_datetime;

/// The parameters after the command's name.
#[derive(Debug, Clone, Copy)]
pub struct Args<'a>(pub &'a [String]);

/// One parameter: its position (from 1, as seed 000 counts) and name.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Position after the command, from 1.
    pub number: usize,
    /// Seed 000's name for it.
    pub name: &'static str,
}

/// The parameter at `number` called `name`.
pub const fn param(number: usize, name: &'static str) -> Param {
    Param { number, name }
}

impl Param {
    /// `ERROR: <name> (parameter N) <problem>`.
    pub fn error(self, problem: &str) -> ServerError {
        ServerError::bad(format!(
            "{} (parameter {}) {problem}",
            self.name, self.number
        ))
    }
}

impl<'a> Args<'a> {
    /// The text of `p`, empty when it was not given.
    pub fn text(&self, p: Param) -> &'a str {
        self.0.get(p.number - 1).map_or("", String::as_str)
    }

    /// The text of `p`; an error naming it when it is empty.
    pub fn required(&self, p: Param) -> Result<&'a str, ServerError> {
        match self.text(p) {
            "" => Err(p.error("is missing")),
            text => Ok(text),
        }
    }

    /// `true` or `false` (empty: `default`).
    pub fn flag(&self, p: Param, default: bool) -> Result<bool, ServerError> {
        match self.text(p) {
            "" => Ok(default),
            text => parse_flag(text).ok_or_else(|| p.error("must be true or false")),
        }
    }

    /// `true` or `false`, which must be given.
    pub fn required_flag(&self, p: Param) -> Result<bool, ServerError> {
        parse_flag(self.required(p)?).ok_or_else(|| p.error("must be true or false"))
    }

    /// An e-mail address.
    pub fn email(&self, p: Param) -> Result<&'a str, ServerError> {
        let text = self.required(p)?;
        if valid_email(text) {
            Ok(text)
        } else {
            Err(p.error("must be a valid e-mail address"))
        }
    }

    /// An object's IMEI (any device id of 1 to 64 letters or digits).
    pub fn imei(&self, p: Param) -> Result<&'a str, ServerError> {
        let text = self.required(p)?;
        if text.len() <= 64 && text.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(text)
        } else {
            Err(p.error("must be a device id (IMEI) of 1 to 64 letters or digits"))
        }
    }

    /// A whole number of at least `min`; empty: `None`.
    pub fn number(&self, p: Param, min: u64) -> Result<Option<u64>, ServerError> {
        match self.text(p) {
            "" => Ok(None),
            text => text
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= min)
                .map(Some)
                .ok_or_else(|| p.error(&format!("must be a whole number of at least {min}"))),
        }
    }

    /// An activity period: the "expire" flag at `expire` and its date at
    /// `date`: `None` when the flag is false (the date is then ignored),
    /// else the instant the date names (`YYYY-MM-DD`, the start of that day
    /// in UTC; trackgate also takes `YYYY-MM-DD HH:MM:SS`).
    pub fn expiry(&self, expire: Param, date: Param) -> Result<Option<i64>, ServerError> {
        if !self.flag(expire, false)? {
            return Ok(None);
        }
        parse_datetime(self.required(date)?)
            .map(Some)
            .ok_or_else(|| date.error("must be a date, YYYY-MM-DD"))
    }
}

/// An edit's field left as it is: empty, or `false` (seed 000's
/// `EDIT_USER` convention, which the other edits follow).
pub fn unchanged(text: &str) -> bool {
    text.is_empty() || parse_flag(text) == Some(false)
}

/// `true` or `false`, as seed 000 writes them (any case).
pub fn parse_flag(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Whether `email` looks like an e-mail address: something, `@`, a domain
/// with a dot; printable ASCII, at most 254 characters.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && email.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn errors_name_the_parameter() {
        let list = args(&["a@example.com", "maybe", "", "2024-02-30"]);
        let a = Args(&list);
        let error = a.flag(param(2, "send credentials"), false).unwrap_err();
        assert_eq!(
            error.to_string(),
            "send credentials (parameter 2) must be true or false"
        );
        assert_eq!(
            a.required(param(3, "name")).unwrap_err().to_string(),
            "name (parameter 3) is missing"
        );
        let date = a.expiry(param(1, "expire"), param(4, "expire date"));
        assert!(date.is_err(), "the flag is not true or false");
        let list = args(&["true", "2024-02-30"]);
        let error = Args(&list)
            .expiry(param(1, "expire"), param(2, "expire date"))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "expire date (parameter 2) must be a date, YYYY-MM-DD"
        );
    }

    #[test]
    fn values_parse() {
        let list = args(&["TRUE", "false", "2016-01-01", "12", "x@y.org", "12a"]);
        let a = Args(&list);
        assert!(a.flag(param(1, "a"), false).unwrap());
        assert!(!a.flag(param(9, "missing"), false).unwrap());
        assert_eq!(
            a.expiry(param(1, "expire"), param(3, "date")).unwrap(),
            Some(1_451_606_400_000)
        );
        assert_eq!(
            a.expiry(param(2, "expire"), param(6, "date")).unwrap(),
            None
        );
        assert_eq!(a.number(param(4, "n"), 1).unwrap(), Some(12));
        assert!(a.number(param(6, "n"), 1).is_err());
        assert_eq!(a.email(param(5, "e-mail")).unwrap(), "x@y.org");
        assert!(a.email(param(6, "e-mail")).is_err());
        assert!(a.imei(param(6, "IMEI")).is_ok());
        assert!(!valid_email("a@example."));
        assert!(!valid_email("@example.com"));
    }
}
