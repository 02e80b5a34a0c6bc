//! The API surfaces' access rules and error format, against the running gateway.

use crate::support;

use serde_json::json;
use trackgate_tests::http;

#[test]
fn user_auth_sessions_and_tenancy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (_, tracker_a) = gateway.provision("a@example.com", "password-a", "356307042441070");
    let (key_b, _) = gateway.provision("b@example.com", "password-b", "356307042441088");

    let auth = gateway
        .user(
            "user/auth",
            json!({ "login": "a@example.com", "password": "password-a" }),
        )
        .json();
    assert_eq!(auth["success"], true, "{auth}");
    let hash = auth["hash"].as_str().expect("hash").to_owned();
    assert_eq!(hash.len(), 32);

    // The session works by GET and by form as well as JSON.
    let list = http::get(gateway.api, &format!("/v2/tracker/list?hash={hash}")).json();
    assert_eq!(list["list"].as_array().map(Vec::len), Some(1));
    let form = http::post_form(
        gateway.api,
        "/v2/tracker/get_state",
        &format!("hash={hash}&tracker_id={tracker_a}"),
    );
    assert_eq!(form.status, 200, "{}", form.body);
    assert_eq!(form.json()["state"]["connection_status"], "just_registered");

    // B cannot see A's tracker: 201, never A's data.
    let foreign = gateway.user(
        "tracker/get_state",
        json!({ "hash": key_b, "tracker_id": tracker_a }),
    );
    assert_eq!(foreign.status, 400);
    assert_eq!(foreign.json()["status"]["code"], 201);

    let wrong = gateway.user(
        "user/auth",
        json!({ "login": "a@example.com", "password": "nope-nope" }),
    );
    assert_eq!(wrong.json()["status"]["code"], 102);
    let missing = gateway.user("tracker/list", json!({}));
    assert_eq!(missing.json()["status"]["code"], 3);
    let unknown = gateway.user(
        "tracker/list",
        json!({ "hash": "0123456789abcdef0123456789abcdef" }),
    );
    assert_eq!(
        (unknown.status, unknown.json()["status"]["code"].clone()),
        (400, json!(4))
    );

    let bad = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": hash, "tracker_id": "x" }),
        )
        .json();
    assert_eq!(bad["success"], false);
    assert_eq!(bad["status"]["code"], 7);
    assert_eq!(bad["errors"][0]["parameter"], "tracker_id");

    let range = gateway
        .user(
            "track/read",
            json!({ "hash": hash, "tracker_id": tracker_a, "from": "2024-01-02 00:00:00", "to": "2024-01-01 00:00:00" }),
        )
        .json();
    assert_eq!(range["status"]["code"], 7);
    let huge = http::post_form(
        gateway.api,
        "/v2/tracker/list",
        &format!("hash={hash}&pad={}", "x".repeat(300_000)),
    );
    assert_eq!(
        (huge.status, huge.json()["status"]["code"].clone()),
        (412, json!(9)),
        "too large, in the API's format"
    );
    let nowhere = gateway.user("tracker/no_such_call", json!({ "hash": hash }));
    assert_eq!(
        (nowhere.status, nowhere.json()["status"]["code"].clone()),
        (400, json!(111))
    );
    let no_point = gateway.user(
        "tracker/get_last_gps_point",
        json!({ "hash": hash, "tracker_id": tracker_a }),
    );
    assert_eq!(no_point.json()["status"]["code"], 201);
}

#[test]
fn server_api_key_allow_list_and_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let wrong_key = http::get(
        gateway.api,
        "/api/api.php?api=server&key=WRONG&cmd=GET_USERS",
    );
    assert_eq!(
        (wrong_key.status, wrong_key.body.as_str()),
        (401, "ERROR: wrong key")
    );
    assert_eq!(gateway.server("ADD_USER,not-an-email,false").status, 400);
    // Sending credentials needs an SMTP server: without one, nothing is made.
    let unsent = gateway.server("ADD_USER,ops@example.com,true");
    assert_eq!(unsent.status, 501, "{}", unsent.body);
    assert!(unsent.body.contains("no SMTP server"), "{}", unsent.body);
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,ops@example.com").body,
        "false"
    );
    assert_eq!(gateway.server("ADD_USER,ops@example.com,false").body, "OK");
    assert_eq!(
        gateway.server("ADD_USER,ops@example.com,false").body,
        "ERROR: user already exists"
    );
    assert_eq!(
        gateway
            .server("ADD_OBJECT,123456789012345,Truck,true,2031-12-31")
            .body,
        "OK"
    );
    assert_eq!(
        gateway
            .server("ADD_OBJECT,123456789012345,Truck,false,")
            .body,
        "ERROR: object already exists"
    );
    assert_eq!(
        gateway
            .server("ADD_USER_OBJECT,ops@example.com,123456789012345")
            .body,
        "OK"
    );
    assert_eq!(
        gateway
            .server("ADD_USER_OBJECT,nobody@example.com,123456789012345")
            .body,
        "ERROR: user not found"
    );
    let key = gateway.server("GET_USER_API_KEY,ops@example.com").body;
    assert_eq!(
        gateway.server("GET_USER_API_KEY,ops@example.com").body,
        key,
        "the key is stable"
    );
    let users = gateway.server("GET_USERS").json();
    assert_eq!(users[0]["email"], "ops@example.com");
    assert_eq!(users[0]["objects"], 1);
    let objects = gateway.server("GET_OBJECTS").json();
    assert_eq!(objects[0]["expire_dt"], "2031-12-31");
    assert_eq!(objects[0]["user"], "ops@example.com");
    assert_eq!(gateway.server("NO_SUCH_COMMAND").status, 400);
    // POST form works too.
    let posted = http::post_form(
        gateway.api,
        "/api/api.php",
        &format!("api=server&key={}&cmd=GET_USERS", support::SERVER_KEY),
    );
    assert_eq!(posted.status, 200);
    gateway.stop();

    // Loopback outside the allow-list is refused before the key is looked at.
    let gateway = support::start(dir.path(), |c| {
        c.server_api.allowed_ips = vec!["10.9.8.7".into()]
    });
    let refused = gateway.server("GET_USERS");
    assert_eq!(
        (refused.status, refused.body.as_str()),
        (403, "ERROR: access denied")
    );
}

#[test]
fn metrics_are_exposed_in_prometheus_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441096";
    gateway.provision("metrics@example.com", "s3cret-pass", imei);
    let mut device = trackgate_tests::device::Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    assert_eq!(
        device.send_records(&trackgate_tests::points::drive(1_709_294_400_000, 2)),
        Some(vec![0, 0, 0, 2])
    );
    let mut garbage = trackgate_tests::device::Device::connect(gateway.teltonika);
    garbage.send(&[0x00, 0x02, b'x', b'y']);
    assert!(garbage.is_closed(std::time::Duration::from_secs(5)));

    let response = http::get(gateway.api, "/metrics");
    assert_eq!(response.status, 200);
    let text = response.body;
    let value = |series: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(series))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{series} missing from:\n{text}"))
    };
    // Counters are process-wide and other tests run alongside: at least ours.
    assert!(value("trackgate_records_decoded_total{protocol=\"teltonika\"}") >= 2.0);
    assert!(value("trackgate_acks_sent_total{protocol=\"teltonika\"}") >= 1.0);
    assert!(value("trackgate_connections_total{protocol=\"teltonika\"}") >= 2.0);
    assert!(
        value("trackgate_decode_errors_total{protocol=\"teltonika\",kind=\"malformed\"}") >= 1.0
    );
    assert!(value("trackgate_commit_seconds_count") >= 1.0);
    assert!(text.contains("trackgate_commit_seconds_bucket{le=\"0.005\"}"));
    assert!(text.contains("trackgate_writer_queue_depth"));
    // Set every second by the store's watch, from its first second on.
    for gauge in [
        "trackgate_store_block_cache_bytes ",
        "trackgate_store_memtable_bytes ",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(gauge)),
            "{gauge}missing from:\n{text}"
        );
    }
}

#[test]
fn get_states_answers_many_trackers_and_names_the_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, first) = gateway.provision("many@example.com", "password-m", "356307042441104");
    assert_eq!(
        gateway
            .server("ADD_OBJECT,356307042441112,Second,false,")
            .body,
        "OK"
    );
    assert_eq!(
        gateway
            .server("ADD_USER_OBJECT,many@example.com,356307042441112")
            .body,
        "OK"
    );
    let (_, foreign) = gateway.provision("other@example.com", "password-o", "356307042441120");
    let list = gateway.user("tracker/list", json!({ "hash": key })).json();
    let ids: Vec<u64> = list["list"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|t| t["id"].as_u64())
        .collect();
    assert_eq!(ids.len(), 2);

    let both = gateway
        .user(
            "tracker/get_states",
            json!({ "hash": key, "trackers": ids }),
        )
        .json();
    assert_eq!(both["success"], true, "{both}");
    for id in &ids {
        assert_eq!(
            both["states"][id.to_string()]["connection_status"],
            "just_registered"
        );
    }
    // Form clients send the array as JSON text.
    let form = http::post_form(
        gateway.api,
        "/v2/tracker/get_states",
        &format!("hash={key}&trackers=[{first}]"),
    );
    assert_eq!(form.json()["states"].as_object().map(|m| m.len()), Some(1));

    let mixed = gateway.user(
        "tracker/get_states",
        json!({ "hash": key, "trackers": [first, foreign] }),
    );
    assert_eq!(mixed.json()["status"]["code"], 217);
    let allowed = gateway
        .user(
            "tracker/get_states",
            json!({ "hash": key, "trackers": [first, foreign], "allow_not_exist": true }),
        )
        .json();
    assert_eq!(
        allowed["not_exist"],
        json!([foreign]),
        "another user's tracker counts as nonexistent"
    );
    assert!(allowed["states"].get(foreign.to_string()).is_none());

    // More trackers than the answer renders between two yields: the
    // slices must join into one object holding every state once.
    for n in 0..70 {
        let imei = format!("3563070424{n:05}");
        let add = gateway.server(&format!("ADD_OBJECT,{imei},Fleet {n},false,"));
        assert_eq!(add.body, "OK");
        let bind = gateway.server(&format!("ADD_USER_OBJECT,many@example.com,{imei}"));
        assert_eq!(bind.body, "OK");
    }
    let list = gateway.user("tracker/list", json!({ "hash": key })).json();
    let fleet: Vec<u64> = list["list"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|t| t["id"].as_u64())
        .collect();
    assert_eq!(fleet.len(), 72);
    let all = gateway
        .user(
            "tracker/get_states",
            json!({ "hash": key, "trackers": fleet, "list_blocked": true }),
        )
        .json();
    let states = all["states"].as_object().expect("states");
    assert_eq!(states.len(), 72);
    for id in &fleet {
        assert_eq!(states[&id.to_string()]["source_id"], *id);
    }
    assert_eq!(all["blocked"], json!([]));
    assert!(all.get("not_exist").is_none());

    let too_many: Vec<u64> = (1..=2001).collect();
    let refused = gateway
        .user(
            "tracker/get_states",
            json!({ "hash": key, "trackers": too_many }),
        )
        .json();
    assert_eq!(refused["status"]["code"], 7);
    assert_eq!(refused["errors"][0]["parameter"], "trackers");
}

#[test]
fn failed_logins_are_limited_as_configured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| c.api.failed_logins_per_login = 3);
    gateway.provision("a@example.com", "password-a", "356307042441070");
    let attempt = |password: &str| {
        gateway.user(
            "user/auth",
            json!({ "login": "a@example.com", "password": password }),
        )
    };
    for _ in 0..3 {
        assert_eq!(attempt("nope-nope").json()["status"]["code"], 102);
    }
    let refused = attempt("password-a");
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_eq!(refused.json()["status"]["code"], 15);
}
