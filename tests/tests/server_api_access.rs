//! The Server API's gate and record: PHP clients' forms by GET and POST,
//! the allow-list before anything is read, wrong keys counted per address,
//! malformed calls, and the audit log of every call.

use crate::support;

use serde_json::Value;
use support::SERVER_KEY;
use support::server_api::{entry, php_query, post};
use trackgate_tests::http;

fn audit(gateway: &support::Running, limit: usize) -> Value {
    let answer = gateway.server(&format!("GET_AUDIT_LOG,{limit}"));
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

#[test]
fn php_forms_work_by_get_and_post() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    // What PHP's http_build_query writes: commas %2C, @ %40, spaces +.
    let query = php_query(&[
        ("api", "server"),
        ("key", SERVER_KEY),
        ("cmd", "ADD_USER,php.user@example.com,false,pass word,1"),
    ]);
    assert!(query.contains("cmd=ADD_USER%2Cphp.user%40example.com%2Cfalse%2Cpass+word%2C1"));
    let added = http::get(gateway.api, &format!("/api/api.php?{query}"));
    assert_eq!((added.status, added.body.as_str()), (200, "OK"));
    let posted = post(&gateway, "ADD_OBJECT,356307042441013,Van 1,true,2031-12-31");
    assert_eq!((posted.status, posted.body.as_str()), (200, "OK"));
    let assigned = post(
        &gateway,
        "ADD_USER_OBJECT,php.user@example.com,356307042441013",
    );
    assert_eq!(assigned.body, "OK");

    let objects = post(&gateway, "GET_OBJECTS").json();
    let van = entry(&objects, "imei", "356307042441013");
    assert_eq!(van["name"], "Van 1", "+ is a space");
    assert_eq!(van["expire_dt"], "2031-12-31");
    assert_eq!(van["user"], "php.user@example.com");
    // The password held a space and a comma, and is the user's.
    let auth = gateway
        .user(
            "user/auth",
            serde_json::json!({ "login": "php.user@example.com", "password": "pass word,1" }),
        )
        .json();
    assert_eq!(auth["success"], true, "{auth}");

    // Query and body together: the body wins, as for the User API.
    let both = http::post_form(
        gateway.api,
        &format!("/api/api.php?api=server&key={SERVER_KEY}&cmd=GET_USERS"),
        &php_query(&[("cmd", "CHECK_USER_EXISTS,php.user@example.com")]),
    );
    assert_eq!(both.body, "true");
}

#[test]
fn callers_outside_the_allow_list_are_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.server_api.allowed_ips = vec!["10.9.8.7".into(), "192.0.2.0/24".into()]
    });
    let refused = gateway.server("GET_USERS");
    assert_eq!(
        (refused.status, refused.body.as_str()),
        (403, "ERROR: access denied")
    );
    // Not even a broken request is looked at.
    let broken = http::post_form(gateway.api, "/api/api.php", "%%%=&&==%zz");
    assert_eq!(
        (broken.status, broken.body.as_str()),
        (403, "ERROR: access denied")
    );
    let wrong_key = http::get(
        gateway.api,
        "/api/api.php?api=server&key=WRONG&cmd=GET_USERS",
    );
    assert_eq!(wrong_key.status, 403, "the key is not compared either");
    gateway.stop();

    // The refusals are in the audit log, without what they carried.
    let gateway = support::start(dir.path(), |_| {});
    let log = audit(&gateway, 10);
    let refusals: Vec<&Value> = log
        .as_array()
        .expect("a list")
        .iter()
        .filter(|e| e["status"] == 403)
        .collect();
    assert_eq!(refusals.len(), 3, "{log}");
    for refusal in refusals {
        assert_eq!(refusal["command"], "");
        assert_eq!(refusal["address"], "127.0.0.1");
        assert_eq!(refusal["result"], "ERROR: access denied");
    }
}

#[test]
fn wrong_keys_are_refused_and_counted_per_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.server_api.failed_keys_per_address = 3;
        c.server_api.failed_keys_window_secs = 600;
    });
    // Right keys count nothing.
    for _ in 0..5 {
        assert_eq!(gateway.server("GET_USERS").status, 200);
    }
    let wrong = |key: &str| {
        http::get(
            gateway.api,
            &format!("/api/api.php?api=server&key={key}&cmd=GET_USERS"),
        )
    };
    for key in ["WRONG", "", &SERVER_KEY.to_ascii_lowercase()] {
        let answer = wrong(key);
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (401, "ERROR: wrong key"),
            "{key:?}"
        );
    }
    // Over the limit: refused before the key is compared, right key or not.
    let limited = gateway.server("GET_USERS");
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(
        limited.body.starts_with("ERROR: too many wrong keys"),
        "{}",
        limited.body
    );
    let retry: u64 = limited
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((590..=600).contains(&retry), "{retry}");
    gateway.stop();

    // The key itself is never written to the log.
    let gateway = support::start(dir.path(), |_| {});
    let log = audit(&gateway, 100);
    assert!(!log.to_string().contains(SERVER_KEY), "{log}");
    assert!(!log.to_string().contains("WRONG"), "{log}");
    let statuses: Vec<i64> = log
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["status"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(statuses, [429, 401, 401, 401, 200, 200, 200, 200, 200]);
}

#[test]
fn malformed_calls_are_answered_with_what_is_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let cases = [
        ("NO_SUCH_COMMAND", "ERROR: unknown command NO_SUCH_COMMAND"),
        (
            "ADD_USER,not-an-email,false",
            "ERROR: e-mail address (parameter 1) must be a valid e-mail address",
        ),
        (
            "ADD_USER,a@example.com,perhaps",
            "ERROR: send credentials (parameter 2) must be true or false",
        ),
        (
            "ADD_USER,a@example.com,false,short",
            "ERROR: password (parameter 3) must have at least 6 characters",
        ),
        (
            "ADD_OBJECT,35630704244101X!,Van,false,",
            "ERROR: object IMEI (parameter 1) must be a device id (IMEI) of 1 to 64 letters or digits",
        ),
        (
            "ADD_OBJECT,356307042441013,Van,true,2016-02-30",
            "ERROR: object expire date (parameter 4) must be a date, YYYY-MM-DD",
        ),
        (
            "ADD_OBJECT,356307042441013,Van,true,",
            "ERROR: object expire date (parameter 4) is missing",
        ),
        (
            "CHECK_USER_EXISTS",
            "ERROR: e-mail address (parameter 1) is missing",
        ),
        (
            "USER_SET_ACTIVITY,nobody@example.com,true,false,",
            "ERROR: user not found",
        ),
        (
            "ADD_USER_BILLING_PLAN,a@example.com,x",
            "ERROR: billing plan ID (parameter 2) must be a whole number of at least 0",
        ),
        (
            "GET_AUDIT_LOG,0",
            "ERROR: limit (parameter 1) must be a whole number of at least 1",
        ),
        (
            "GET_AUDIT_LOG,10001",
            "ERROR: limit (parameter 1) must be at most 10000",
        ),
    ];
    for (cmd, expected) in cases {
        let answer = gateway.server(cmd);
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (400, expected),
            "{cmd}"
        );
    }
    let no_api = http::get(
        gateway.api,
        &format!("/api/api.php?key={SERVER_KEY}&cmd=GET_USERS"),
    );
    assert_eq!(
        (no_api.status, no_api.body.as_str()),
        (400, "ERROR: api must be server")
    );
    let no_cmd = http::get(
        gateway.api,
        &format!("/api/api.php?api=server&key={SERVER_KEY}"),
    );
    assert_eq!(
        (no_cmd.status, no_cmd.body.as_str()),
        (400, "ERROR: cmd is missing")
    );
    let broken = http::post_raw(
        gateway.api,
        &format!("/api/api.php?api=server&key={SERVER_KEY}&cmd=GET_USERS"),
        "application/json",
        "{not json",
    );
    assert_eq!(
        (broken.status, broken.body.as_str()),
        (400, "ERROR: malformed request")
    );
    // Nothing was made by any of them.
    assert_eq!(gateway.server("GET_USERS").json(), serde_json::json!([]));
    assert_eq!(gateway.server("GET_OBJECTS").json(), serde_json::json!([]));
}

#[test]
fn every_call_is_logged_newest_first_with_secrets_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    support::server_api::ok(&gateway, "ADD_USER,audit@example.com,false,s3cret-pass");
    let key = gateway.server("GET_USER_API_KEY,audit@example.com").body;
    assert_eq!(gateway.server("DEL_USER,nobody@example.com").status, 400);
    support::server_api::ok(&gateway, "DEL_USER,audit@example.com");

    // The listing is logged too, once it has answered.
    let log = audit(&gateway, 10);
    let entries = log.as_array().expect("a list");
    let commands: Vec<&str> = entries
        .iter()
        .map(|e| e["command"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        commands,
        [
            "DEL_USER,audit@example.com",
            "DEL_USER,nobody@example.com",
            "GET_USER_API_KEY,audit@example.com",
            "ADD_USER,audit@example.com,false,***",
        ]
    );
    let results: Vec<&str> = entries
        .iter()
        .map(|e| e["result"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(results, ["OK", "ERROR: user not found", "OK", "OK"]);
    let statuses: Vec<i64> = entries
        .iter()
        .map(|e| e["status"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(statuses, [200, 400, 200, 200]);
    assert!(
        entries
            .windows(2)
            .all(|w| w[0]["id"].as_u64() > w[1]["id"].as_u64())
    );
    for e in entries {
        assert_eq!(e["address"], "127.0.0.1");
        assert_eq!(e["time"].as_str().map(str::len), Some(19), "{e}");
    }
    // Neither the password nor the key the call answered is kept.
    assert!(!log.to_string().contains("s3cret-pass"));
    assert!(!log.to_string().contains(&key));
    let newest = audit(&gateway, 2);
    assert_eq!(newest.as_array().map(Vec::len), Some(2));
    assert_eq!(newest[0]["command"], "GET_AUDIT_LOG,10");
    assert_eq!(newest[1]["command"], "DEL_USER,audit@example.com");
}
