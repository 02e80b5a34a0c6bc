//! Server API calls the way PHP clients make them, and what the answers
//! hold.

use serde_json::Value;
use trackgate_tests::http;

use super::server_rest::php_encode;
use super::{Running, SERVER_KEY};

/// `pairs` as PHP's `http_build_query` writes them.
pub fn php_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", php_encode(k), php_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A command POSTed as a PHP client's form.
pub fn post(gateway: &Running, cmd: &str) -> http::Response {
    let form = php_query(&[("api", "server"), ("key", SERVER_KEY), ("cmd", cmd)]);
    http::post_form(gateway.api, "/api/api.php", &form)
}

/// A command that must answer `OK`.
#[track_caller]
pub fn ok(gateway: &Running, cmd: &str) {
    let answer = gateway.server(cmd);
    assert_eq!((answer.status, answer.body.as_str()), (200, "OK"), "{cmd}");
}

/// A command that must fail with `status`; its `ERROR: ...` text.
#[track_caller]
pub fn refused(gateway: &Running, cmd: &str, status: u16) -> String {
    let answer = gateway.server(cmd);
    assert_eq!(answer.status, status, "{cmd}: {}", answer.body);
    assert!(answer.body.starts_with("ERROR: "), "{cmd}: {}", answer.body);
    answer.body
}

/// The entry of `list` (a JSON array) whose `field` is `value`.
#[track_caller]
pub fn entry(list: &Value, field: &str, value: &str) -> Value {
    list.as_array()
        .and_then(|l| l.iter().find(|e| e[field] == value))
        .cloned()
        .unwrap_or_else(|| panic!("no {field} {value} in {list}"))
}

/// `UTC now + secs` as `YYYY-MM-DD HH:MM:SS`, for expiries a test can wait for.
pub fn in_secs(secs: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    trackgate_api::time::format_datetime(now + secs * 1000)
}
