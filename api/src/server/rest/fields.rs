//! A call's fields, read with the names clients wrote them by, so that a
//! bad one is answered with an error that names it:
//! `{"result":false,"error":"data[expire_date] must be a Unix time ..."}`.
//!
//! Seed 001's rule for values: a field left empty takes its default. So
//! every reader answers in three ways: `None`, the field is not in the call
//! (an update leaves it as it is); `Some(None)`, it is empty (its default);
//! `Some(Some(value))`.

use serde_json::{Map, Value};

use crate::server::ServerError;
use crate::time::parse_datetime;

/// A field's value, once read: absent, empty (its default), or given.
pub type Given<T> = Option<Option<T>>;

/// A call's fields (query string and body, merged).
#[derive(Debug, Clone, Default)]
pub struct Call {
    fields: Map<String, Value>,
}

/// The fields under `data`, where seed 001 puts what a call sets.
#[derive(Debug, Clone, Default)]
pub struct Data {
    fields: Map<String, Value>,
}

/// One field, with the name errors call it by.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    name: &'a str,
    prefix: bool,
    value: Option<&'a Value>,
}

impl Call {
    /// The fields of a call.
    pub fn new(fields: Map<String, Value>) -> Self {
        Self { fields }
    }

    /// Every field, as the call carried it.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// The top-level field `name` (`username`, `id`, `mac_address`).
    pub fn top<'a>(&'a self, name: &'a str) -> Field<'a> {
        Field {
            name,
            prefix: false,
            value: self.fields.get(name),
        }
    }

    /// The fields under `data`: none when it is absent; `data` may also be
    /// JSON text of an object (`data={"username":"x"}`).
    pub fn data(&self) -> Result<Data, ServerError> {
        let bad = || ServerError::bad("data must hold the fields to set: data[name]=value");
        let fields = match self.fields.get("data") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::String(text)) if text.trim().is_empty() => Map::new(),
            Some(Value::String(text)) => match serde_json::from_str(text) {
                Ok(Value::Object(fields)) => fields,
                _ => return Err(bad()),
            },
            Some(Value::Object(fields)) => fields.clone(),
            Some(_) => return Err(bad()),
        };
        Ok(Data { fields })
    }
}

impl Data {
    /// The field `data[name]`.
    pub fn field<'a>(&'a self, name: &'a str) -> Field<'a> {
        Field {
            name,
            prefix: true,
            value: self.fields.get(name),
        }
    }

    /// Whether `data[name]` is in the call.
    pub fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// Refuses a field that is neither `known` nor `ignored` (those seed
    /// 001's product has and trackgate has no use for), naming it, so a
    /// misspelt field is not silently dropped. `what` names the entity.
    pub fn check_names(
        &self,
        known: &[&str],
        ignored: &[&str],
        what: &str,
    ) -> Result<(), ServerError> {
        match self
            .fields
            .keys()
            .find(|name| !known.contains(&name.as_str()) && !ignored.contains(&name.as_str()))
        {
            Some(name) => Err(ServerError::bad(format!(
                "data[{name}] is not a field of {what}; known fields: {}",
                known.join(", ")
            ))),
            None => Ok(()),
        }
    }
}

/// `true` and `false` as clients write them: `1`/`0` (PHP's
/// `http_build_query` writes booleans so), `true`/`false` in any case, or
/// JSON's.
fn flag_of(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(text) => match text.trim() {
            "1" => Some(true),
            "0" => Some(false),
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Field<'a> {
    /// The name the client wrote: `data[name]` or `name`.
    pub fn name(&self) -> String {
        if self.prefix {
            format!("data[{}]", self.name)
        } else {
            self.name.to_owned()
        }
    }

    /// `<name> <problem>`, as a bad request.
    pub fn error(&self, problem: &str) -> ServerError {
        ServerError::bad(format!("{} {problem}", self.name()))
    }

    /// The field as text: a string, or a number or boolean written out.
    /// Lists and sets of fields are refused.
    pub fn text(&self) -> Result<Given<String>, ServerError> {
        match self.value {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(Value::String(text)) if text.is_empty() => Ok(Some(None)),
            Some(Value::String(text)) => Ok(Some(Some(text.clone()))),
            Some(Value::Number(n)) => Ok(Some(Some(n.to_string()))),
            Some(Value::Bool(b)) => Ok(Some(Some(u8::from(*b).to_string()))),
            Some(_) => Err(self.error("must be a single value, not a list")),
        }
    }

    /// The field's text, which must be given and not empty.
    pub fn required(&self) -> Result<String, ServerError> {
        self.text()?
            .flatten()
            .ok_or_else(|| self.error("is missing"))
    }

    /// A flag: `1`/`0`, `true`/`false`.
    pub fn flag(&self) -> Result<Given<bool>, ServerError> {
        match self.value {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(Value::String(text)) if text.is_empty() => Ok(Some(None)),
            Some(value) => flag_of(value)
                .map(|b| Some(Some(b)))
                .ok_or_else(|| self.error("must be 1 or 0 (true or false)")),
        }
    }

    /// A whole number of at least `min`.
    pub fn whole(&self, min: u64) -> Result<Given<u64>, ServerError> {
        let bad = || self.error(&format!("must be a whole number of at least {min}"));
        Ok(match self.text()? {
            None => None,
            Some(None) => Some(None),
            Some(Some(text)) => Some(Some(
                text.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n >= min)
                    .ok_or_else(bad)?,
            )),
        })
    }

    /// A whole number, which may be negative.
    pub fn integer(&self) -> Result<Given<i64>, ServerError> {
        Ok(match self.text()? {
            None => None,
            Some(None) => Some(None),
            Some(Some(text)) => Some(Some(
                text.trim()
                    .parse::<i64>()
                    .map_err(|_| self.error("must be a whole number"))?,
            )),
        })
    }

    /// A whole number of at least 1 that names something (an id); `0`
    /// counts as empty, naming nothing, as seed 001's product writes "none".
    pub fn id(&self) -> Result<Given<u64>, ServerError> {
        Ok(match self.whole(0)? {
            Some(Some(0)) => Some(None),
            other => other,
        })
    }

    /// A limit: a whole number, `0` (or empty) for none.
    pub fn limit(&self) -> Result<Given<u32>, ServerError> {
        match self.whole(0)? {
            None => Ok(None),
            Some(None | Some(0)) => Ok(Some(None)),
            Some(Some(n)) => u32::try_from(n)
                .map(|n| Some(Some(n)))
                .map_err(|_| self.error(&format!("must be at most {}", u32::MAX))),
        }
    }

    /// An instant, in ms since the epoch: a Unix time in seconds (what
    /// PHP's `strtotime` gives), or `YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS`
    /// in UTC. `0` and `null` count as empty (no expiry).
    pub fn time(&self) -> Result<Given<i64>, ServerError> {
        let bad = || {
            self.error(
                "must be a Unix time in seconds, or a date, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)",
            )
        };
        let Some(text) = self.text()? else {
            return Ok(None);
        };
        let Some(text) = text else {
            return Ok(Some(None));
        };
        let text = text.trim();
        if text == "0" || text.eq_ignore_ascii_case("null") {
            return Ok(Some(None));
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<i64>()
                .ok()
                .and_then(|secs| secs.checked_mul(1000))
                .filter(|ms| *ms <= MAX_TIME_MS)
                .map(|ms| Some(Some(ms)))
                .ok_or_else(bad);
        }
        parse_datetime(text)
            .map(|ms| Some(Some(ms)))
            .ok_or_else(bad)
    }

    /// A list of values: a list (`data[x][]=a&data[x][]=b`, or JSON), a
    /// single value (a list of one), or JSON text of a list. Empty: none.
    pub fn list(&self) -> Result<Given<Vec<String>>, ServerError> {
        let items: Vec<Value> = match self.value {
            None => return Ok(None),
            Some(Value::Null) => return Ok(Some(None)),
            Some(Value::String(text)) if text.trim().is_empty() => return Ok(Some(None)),
            Some(Value::String(text)) if text.trim_start().starts_with('[') => {
                match serde_json::from_str(text) {
                    Ok(Value::Array(items)) => items,
                    _ => return Err(self.error("must be a list")),
                }
            }
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Object(fields)) => fields.values().cloned().collect(),
            Some(single) => vec![single.clone()],
        };
        let texts = items
            .iter()
            .enumerate()
            .map(|(n, item)| match item {
                Value::String(text) => Ok(text.clone()),
                Value::Number(number) => Ok(number.to_string()),
                _ => Err(ServerError::bad(format!(
                    "{}[{n}] must be a single value",
                    self.name()
                ))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Some(texts).filter(|t| !t.is_empty())))
    }
}

/// The latest instant a field may name: the end of year 9999.
const MAX_TIME_MS: i64 = 253_402_300_799_000;

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
