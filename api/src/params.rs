//! Call parameters, wherever the client put them.
//!
//! Navixy clients send parameters as GET query parameters, POST form fields
//! or a POST JSON object; some send arrays as JSON text inside a form field.
//! All of them are merged into one map (body over query) and read through
//! typed accessors that answer code 7 with the parameter's name.
//!
//! The session hash may also come as a header, `Authorization: NVX <hash>`
//! (the Navixy reference's recommended way, for the User and Panel APIs
//! alike): it is the `hash` parameter, over one in the query or body. A
//! header of another scheme is not ours and is left alone; an `NVX` one
//! without its space and hash is answered 3, as a wrong hash is.

use actix_web::HttpRequest;
use actix_web::http::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Map, Value};

use crate::error::{ApiError, Code};

/// The hash of an `Authorization: NVX <hash>` header, if the request has
/// one (see the module docs).
fn nvx_hash(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(header) = req.headers().get(AUTHORIZATION) else {
        return Ok(None);
    };
    let text = header
        .to_str()
        .map_err(|_| ApiError::code(Code::WrongHash))?
        .trim();
    let Some(scheme) = text.get(..3).filter(|s| s.eq_ignore_ascii_case("nvx")) else {
        return Ok(None);
    };
    let rest = &text[scheme.len()..];
    match rest.strip_prefix(' ').map(str::trim) {
        Some(hash) if !hash.is_empty() => Ok(Some(hash.to_owned())),
        _ => Err(ApiError::code(Code::WrongHash)),
    }
}

/// A call's parameters.
#[derive(Debug, Default, Clone)]
pub struct Params(Map<String, Value>);

impl Params {
    /// Reads the query string and, for POST, the form or JSON body.
    pub fn parse(req: &HttpRequest, body: &[u8]) -> Result<Self, ApiError> {
        let mut map = Map::new();
        for (key, value) in form_pairs(req.query_string().as_bytes())? {
            map.insert(key, Value::String(value));
        }
        if !body.is_empty() {
            let content_type = req
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if content_type.starts_with("application/json") {
                match serde_json::from_slice::<Value>(body) {
                    Ok(Value::Object(fields)) => map.extend(fields),
                    _ => return Err(ApiError::code(Code::WrongRequestFormat)),
                }
            } else {
                for (key, value) in form_pairs(body)? {
                    map.insert(key, Value::String(value));
                }
            }
        }
        if let Some(hash) = nvx_hash(req)? {
            map.insert("hash".into(), Value::String(hash));
        }
        Ok(Self(map))
    }

    /// Parameters from a JSON object (for tests and internal callers).
    pub fn from_json(value: Value) -> Self {
        match value {
            Value::Object(map) => Self(map),
            _ => Self::default(),
        }
    }

    /// A raw value, if present and not null.
    pub fn raw(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// A required string.
    pub fn str(&self, name: &str) -> Result<&str, ApiError> {
        self.opt_str(name)?
            .ok_or_else(|| ApiError::invalid(name, "required"))
    }

    /// An optional string.
    pub fn opt_str(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::invalid(name, "must be a string")),
        }
    }

    /// A required integer (a JSON number or decimal text).
    pub fn int(&self, name: &str) -> Result<i64, ApiError> {
        self.opt_int(name)?
            .ok_or_else(|| ApiError::invalid(name, "required"))
    }

    /// An optional integer.
    pub fn opt_int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        let bad = || ApiError::invalid(name, "must be an integer");
        match self.raw(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(bad),
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
            Some(_) => Err(bad()),
        }
    }

    /// An optional boolean (`true`/`false`, as JSON or text).
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" => Ok(Some(true)),
            Some(Value::String(s)) if s == "false" => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(name, "must be true or false")),
        }
    }
}

impl Params {
    /// An optional JSON array or object, sent as JSON or as JSON text (as
    /// forms and query strings send it: `tag={"name":"x"}`). Other text is
    /// returned as a JSON string for the caller to refuse.
    pub fn opt_json(&self, name: &str) -> Result<Option<Value>, ApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::String(text)) if text.trim_start().starts_with(['[', '{']) => {
                serde_json::from_str(text)
                    .map(Some)
                    .map_err(|_| ApiError::invalid(name, "must be valid JSON"))
            }
            Some(value) => Ok(Some(value.clone())),
        }
    }

    /// An optional array of integers: a JSON array, JSON text of one (as
    /// forms send it: `trackers=[1,2]`), or comma-separated numbers.
    pub fn opt_int_array(&self, name: &str) -> Result<Option<Vec<i64>>, ApiError> {
        let bad = || ApiError::invalid(name, "must be an array of integers");
        let items = match self.raw(name) {
            None => return Ok(None),
            Some(Value::Array(items)) => items.clone(),
            Some(Value::String(text)) => {
                let text = text.trim();
                if text.starts_with('[') {
                    match serde_json::from_str::<Value>(text) {
                        Ok(Value::Array(items)) => items,
                        _ => return Err(bad()),
                    }
                } else {
                    text.split(',')
                        .map(|part| {
                            part.trim()
                                .parse::<i64>()
                                .map(Value::from)
                                .map_err(|_| bad())
                        })
                        .collect::<Result<_, _>>()?
                }
            }
            Some(_) => return Err(bad()),
        };
        items
            .iter()
            .map(|item| match item {
                Value::Number(n) => n.as_i64().ok_or_else(bad),
                Value::String(s) => s.trim().parse().map_err(|_| bad()),
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

fn form_pairs(bytes: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .map_err(|_| ApiError::code(Code::WrongRequestFormat))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn body_fields_override_query_and_numbers_may_be_text() {
        let req = TestRequest::post()
            .uri("/x?tracker_id=1&hash=abc")
            .insert_header((CONTENT_TYPE, "application/json"))
            .to_http_request();
        let params = Params::parse(&req, br#"{"tracker_id": 7, "flag": true}"#).expect("parses");
        assert_eq!(params.int("tracker_id").expect("int"), 7);
        assert_eq!(params.str("hash").expect("str"), "abc");
        assert_eq!(params.opt_bool("flag").expect("bool"), Some(true));

        let form = TestRequest::post().uri("/x").to_http_request();
        let params = Params::parse(&form, b"tracker_id=42&label=a+b").expect("parses");
        assert_eq!(params.int("tracker_id").expect("int"), 42);
        assert_eq!(params.str("label").expect("str"), "a b");
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let params = Params::from_json(serde_json::json!({"tracker_id": "x1"}));
        let error = params.int("tracker_id").expect_err("not an int");
        assert_eq!(error.code, 7);
        assert_eq!(error.errors[0].parameter, "tracker_id");
        assert_eq!(
            params.str("hash").expect_err("missing").errors[0].error,
            "required"
        );
    }

    #[test]
    fn integer_arrays_in_every_spelling() {
        let json = Params::from_json(
            serde_json::json!({"a": [1, "2"], "b": "[3,4]", "c": "5, 6", "d": "[x]"}),
        );
        assert_eq!(json.opt_int_array("a").expect("array"), Some(vec![1, 2]));
        assert_eq!(
            json.opt_int_array("b").expect("json text"),
            Some(vec![3, 4])
        );
        assert_eq!(json.opt_int_array("c").expect("csv"), Some(vec![5, 6]));
        assert_eq!(
            json.opt_int_array("d").expect_err("bad").errors[0].parameter,
            "d"
        );
        assert_eq!(json.opt_int_array("none").expect("absent"), None);
    }

    #[test]
    fn json_values_may_come_as_text() {
        let params = Params::from_json(serde_json::json!({
            "a": [1], "b": "{\"x\": 2}", "c": "plain", "d": "[oops",
        }));
        assert_eq!(
            params.opt_json("a").expect("array"),
            Some(serde_json::json!([1]))
        );
        assert_eq!(
            params.opt_json("b").expect("text"),
            Some(serde_json::json!({"x": 2}))
        );
        assert_eq!(
            params.opt_json("c").expect("string"),
            Some(serde_json::json!("plain"))
        );
        assert_eq!(
            params.opt_json("d").expect_err("bad").errors[0].parameter,
            "d"
        );
        assert_eq!(params.opt_json("none").expect("absent"), None);
    }

    #[test]
    fn an_nvx_header_is_the_hash() {
        let header = |value: &str| {
            let req = TestRequest::get()
                .uri("/x?hash=fromquery")
                .insert_header(("Authorization", value))
                .to_http_request();
            Params::parse(&req, b"")
        };
        let params = header("NVX 22eac1c27af4be7b9d04da2ce1af111b").expect("parses");
        assert_eq!(
            params.str("hash").expect("hash"),
            "22eac1c27af4be7b9d04da2ce1af111b",
            "the header wins over the query"
        );
        let other = header("Bearer something").expect("another scheme is left alone");
        assert_eq!(other.str("hash").expect("hash"), "fromquery");
        for bad in ["NVX22eac1c27af4be7b9d04da2ce1af111b", "NVX", "NVX   "] {
            assert_eq!(header(bad).expect_err(bad).code, 3, "{bad}");
        }
    }

    #[test]
    fn malformed_json_is_a_format_error() {
        let req = TestRequest::post()
            .uri("/x")
            .insert_header((CONTENT_TYPE, "application/json"))
            .to_http_request();
        assert_eq!(Params::parse(&req, b"{nope").expect_err("bad json").code, 5);
    }
}
