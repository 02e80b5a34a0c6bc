//! Seed 001's REST administration the way its PHP clients call it:
//! `http_build_query` forms POSTed to `/api/<entity>/<action>`.

use serde_json::Value;
use trackgate_tests::http;

use super::{Running, SERVER_KEY};

/// RFC 1738 encoding, as PHP's `urlencode` (and so `http_build_query`)
/// writes it: letters, digits and `-_.` as they are, spaces as `+`,
/// everything else `%XX` (brackets included).
pub fn php_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What PHP's `http_build_query` writes for `fields` (a JSON object
/// standing for a PHP array): nested arrays as `name[key]`, lists with
/// their indexes (`name[0]`), `true`/`false` as `1`/`0`, `null` left out.
pub fn http_build_query(fields: &Value) -> String {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Null => {}
            Value::Bool(b) => out.push(format!("{}={}", php_encode(prefix), u8::from(*b))),
            Value::Number(n) => out.push(format!("{}={}", php_encode(prefix), n)),
            Value::String(s) => out.push(format!("{}={}", php_encode(prefix), php_encode(s))),
            Value::Array(items) => {
                for (n, item) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{n}]"), item, out);
                }
            }
            Value::Object(fields) => {
                for (name, item) in fields {
                    walk(&format!("{prefix}[{name}]"), item, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Value::Object(fields) = fields {
        for (name, value) in fields {
            walk(name, value, &mut out);
        }
    }
    out.join("&")
}

/// `fields` with the server key added as `api_key`.
pub fn with_key(fields: &Value) -> Value {
    let mut fields = fields.clone();
    fields["api_key"] = Value::String(SERVER_KEY.into());
    fields
}

/// POSTs `fields` and the key (`api_key`) as a PHP form to `/api/<path>`.
pub fn post(gateway: &Running, path: &str, fields: &Value) -> http::Response {
    http::post_form(
        gateway.api,
        &format!("/api/{path}"),
        &http_build_query(&with_key(fields)),
    )
}

/// POSTs `fields` as a PHP form to `/api/<path>/<key>`, the key in the path.
pub fn post_key_in_path(gateway: &Running, path: &str, fields: &Value) -> http::Response {
    http::post_form(
        gateway.api,
        &format!("/api/{path}/{SERVER_KEY}"),
        &http_build_query(fields),
    )
}

/// GETs `/api/<path>/<key>?<fields as PHP writes them>`.
pub fn get(gateway: &Running, path: &str, fields: &Value) -> http::Response {
    let query = http_build_query(fields);
    http::get(gateway.api, &format!("/api/{path}/{SERVER_KEY}?{query}"))
}

/// A call that must succeed: its answer, `"result": true` checked.
#[track_caller]
pub fn ok(gateway: &Running, path: &str, fields: &Value) -> Value {
    let answer = post(gateway, path, fields);
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    let json = answer.json();
    assert_eq!(json["result"], true, "{path}: {json}");
    json
}

/// A call that must be refused with status 200 and `"result": false`: its
/// error.
#[track_caller]
pub fn refused(gateway: &Running, path: &str, fields: &Value) -> String {
    let answer = post(gateway, path, fields);
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    let json = answer.json();
    assert_eq!(json["result"], false, "{path}: {json}");
    json["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{path}: no error in {json}"))
        .to_owned()
}
