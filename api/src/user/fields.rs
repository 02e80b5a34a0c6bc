//! Checks shared by the calls on tags, groups and sub-users: titles,
//! colours and ids, each answering code 7 with the parameter's name.

use serde_json::Value;

use crate::error::ApiError;
use crate::params::Params;

/// The longest tag name or group title, in characters.
pub const MAX_TITLE: usize = 60;

/// A title or name: 1 to 60 characters, none of them control characters,
/// not only spaces.
pub fn title(value: Option<&Value>, name: &str) -> Result<String, ApiError> {
    let text = text(value, name)?;
    let len = text.chars().count();
    if text.trim().is_empty() || len > MAX_TITLE || text.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            name,
            "must be 1 to 60 printable characters",
        ));
    }
    Ok(text.to_owned())
}

/// A colour: six hex digits (RGB, no `#`), returned upper-case.
pub fn color(value: Option<&Value>, name: &str) -> Result<String, ApiError> {
    let text = text(value, name)?;
    if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid(name, "must be six hex digits (RRGGBB)"));
    }
    Ok(text.to_ascii_uppercase())
}

/// A required string.
pub fn text<'a>(value: Option<&'a Value>, name: &str) -> Result<&'a str, ApiError> {
    match value {
        None | Some(Value::Null) => Err(ApiError::invalid(name, "required")),
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(ApiError::invalid(name, "must be a string")),
    }
}

/// A positive id (a JSON number or decimal text).
pub fn id(value: Option<&Value>, name: &str) -> Result<u64, ApiError> {
    let bad = || ApiError::invalid(name, "must be a positive integer");
    let id = match value {
        None | Some(Value::Null) => return Err(ApiError::invalid(name, "required")),
        Some(Value::Number(n)) => n.as_u64().ok_or_else(bad)?,
        Some(Value::String(s)) => s.trim().parse().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
    };
    if id == 0 {
        return Err(bad());
    }
    Ok(id)
}

/// A required positive id parameter.
pub fn id_param(params: &Params, name: &str) -> Result<u64, ApiError> {
    id(params.raw(name), name)
}

/// A required JSON object parameter (sent as JSON or as JSON text).
pub fn object_param(
    params: &Params,
    name: &str,
) -> Result<serde_json::Map<String, Value>, ApiError> {
    match params.opt_json(name)? {
        Some(Value::Object(object)) => Ok(object),
        None => Err(ApiError::invalid(name, "required")),
        Some(_) => Err(ApiError::invalid(name, "must be a JSON object")),
    }
}

/// A required array of positive ids, 1 to `max` of them, duplicates dropped.
pub fn ids_param(params: &Params, name: &str, max: usize) -> Result<Vec<u64>, ApiError> {
    let ids = params
        .opt_int_array(name)?
        .ok_or_else(|| ApiError::invalid(name, "required"))?;
    if ids.is_empty() || ids.len() > max {
        return Err(ApiError::invalid(name, format!("must hold 1 to {max} ids")));
    }
    let mut out: Vec<u64> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = u64::try_from(id)
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| ApiError::invalid(name, "ids must be positive"))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn titles_colours_and_ids() {
        assert_eq!(title(Some(&json!("Office")), "t").expect("ok"), "Office");
        for bad in [
            json!(""),
            json!("  "),
            json!("a\nb"),
            json!("x".repeat(61)),
            json!(5),
        ] {
            assert_eq!(
                title(Some(&bad), "t").expect_err("bad").errors[0].parameter,
                "t"
            );
        }
        assert_eq!(
            title(None, "t").expect_err("missing").errors[0].error,
            "required"
        );
        assert_eq!(color(Some(&json!("ff6ddc")), "c").expect("ok"), "FF6DDC");
        for bad in [json!("#FF6DDC"), json!("FF6DD"), json!("GG0000"), json!(1)] {
            assert_eq!(color(Some(&bad), "c").expect_err("bad").code, 7);
        }
        assert_eq!(id(Some(&json!("12")), "i").expect("text"), 12);
        for bad in [json!(0), json!(-1), json!("x"), json!(1.5), json!([1])] {
            assert_eq!(
                id(Some(&bad), "i").expect_err("bad").errors[0].parameter,
                "i"
            );
        }
    }

    #[test]
    fn id_lists_are_bounded_positive_and_distinct() {
        let params = Params::from_json(json!({"a": [3, 1, 3], "b": [], "c": [0], "d": [1, 2]}));
        assert_eq!(ids_param(&params, "a", 5).expect("ok"), [3, 1]);
        for name in ["b", "c", "missing"] {
            assert_eq!(
                ids_param(&params, name, 5).expect_err(name).errors[0].parameter,
                name
            );
        }
        assert_eq!(ids_param(&params, "d", 1).expect_err("too many").code, 7);
    }
}
