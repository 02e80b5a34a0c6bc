//! Seed 000's user commands against the running gateway: who exists, the
//! lists, editing, deleting and the activity period, and what each does to
//! logins, sessions, keys and trackers.

use crate::support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::server_api::{entry, in_secs, ok, refused};
use support::user_api::call;

fn login(gateway: &support::Running, email: &str, password: &str) -> Value {
    gateway
        .user("user/auth", json!({ "login": email, "password": password }))
        .json()
}

fn code(answer: &Value) -> i64 {
    support::user_api::code(answer)
}

#[test]
fn users_are_checked_listed_with_their_objects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,ann@example.com").body,
        "false"
    );
    gateway.provision("ann@example.com", "s3cret-pass", "356307042441013");
    gateway.provision("bob@example.com", "s3cret-pass", "356307042441021");
    ok(&gateway, "ADD_USER,carl@example.com,false");
    // Bob also sees Ann's tracker, as a clone.
    ok(&gateway, "ADD_USER_OBJECT,bob@example.com,356307042441013");
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,ann@example.com").body,
        "true"
    );
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,ANN@example.com").body,
        "false"
    );

    let users = gateway.server("GET_USERS").json();
    assert_eq!(users.as_array().map(Vec::len), Some(3));
    let bob = entry(&users, "email", "bob@example.com");
    assert_eq!(bob["objects"], 2, "its own and the clone");
    assert_eq!(bob["privilege"], "user");
    assert_eq!(
        (bob["active"].clone(), bob["expire"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(
        (bob["manager"].clone(), bob["plan"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(entry(&users, "email", "carl@example.com")["objects"], 0);

    let together = gateway.server("GET_USERS_OBJECTS").json();
    let bob = entry(&together, "email", "bob@example.com");
    let objects = bob["objects"].as_array().expect("objects listed");
    let imeis: Vec<(&str, bool)> = objects
        .iter()
        .map(|o| (o["imei"].as_str().unwrap_or(""), o["clone"] == true))
        .collect();
    assert_eq!(
        imeis,
        [("356307042441021", false), ("356307042441013", true)]
    );
    assert_eq!(
        entry(&together, "email", "carl@example.com")["objects"],
        json!([])
    );
}

#[test]
fn edit_user_changes_only_what_is_not_false() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    gateway.provision("ann@example.com", "s3cret-pass", "356307042441013");
    ok(&gateway, "ADD_USER,boss@example.com,false");
    ok(&gateway, "ADD_USER,plain@example.com,false");

    ok(
        &gateway,
        "EDIT_USER,ann@example.com,Ann Smith,false,false,false",
    );
    let ann = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "ann@example.com",
    );
    assert_eq!(ann["username"], "Ann Smith");
    assert_eq!(ann["privilege"], "user", "unchanged");

    // A manager must be one; then it can be assigned, and removed with 0.
    let not_manager = refused(
        &gateway,
        "EDIT_USER,ann@example.com,false,false,false,plain@example.com",
        400,
    );
    assert_eq!(
        not_manager,
        "ERROR: manager e-mail (parameter 5) names a user who is not a manager"
    );
    ok(
        &gateway,
        "EDIT_USER,boss@example.com,false,false,manager,false",
    );
    ok(
        &gateway,
        "EDIT_USER,ann@example.com,false,false,false,boss@example.com",
    );
    let ann = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "ann@example.com",
    );
    assert_eq!(
        (ann["manager"].clone(), ann["username"].clone()),
        (json!("boss@example.com"), json!("Ann Smith"))
    );
    // A manager with users keeps its privilege until they are elsewhere.
    let demote = refused(
        &gateway,
        "EDIT_USER,boss@example.com,false,false,user,false",
        400,
    );
    assert!(demote.contains("privileges (parameter 4)"), "{demote}");
    ok(&gateway, "EDIT_USER,ann@example.com,false,false,false,0");
    assert_eq!(
        entry(
            &gateway.server("GET_USERS").json(),
            "email",
            "ann@example.com"
        )["manager"],
        Value::Null
    );
    ok(
        &gateway,
        "EDIT_USER,boss@example.com,false,false,user,false",
    );

    // A new e-mail address is the new login; the old one is gone.
    ok(
        &gateway,
        "EDIT_USER,ann@example.com,false,ann.smith@example.com,VIEWER,false",
    );
    assert_eq!(
        login(&gateway, "ann@example.com", "s3cret-pass")["status"]["code"],
        102
    );
    assert_eq!(
        login(&gateway, "ann.smith@example.com", "s3cret-pass")["success"],
        true
    );
    let ann = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "ann.smith@example.com",
    );
    assert_eq!(ann["privilege"], "viewer");

    for (cmd, expected) in [
        (
            "EDIT_USER,ann.smith@example.com,false,plain@example.com,false,false",
            "ERROR: e-mail address (parameter 3) is another user's",
        ),
        (
            "EDIT_USER,ann.smith@example.com,false,not-an-address,false,false",
            "ERROR: e-mail address (parameter 3) must be a valid e-mail address",
        ),
        (
            "EDIT_USER,ann.smith@example.com,false,false,admin,false",
            "ERROR: privileges (parameter 4) must be manager, user or viewer",
        ),
        (
            "EDIT_USER,ann.smith@example.com,false,false,false,nobody@example.com",
            "ERROR: manager e-mail (parameter 5) names no user",
        ),
        (
            "EDIT_USER,ann.smith@example.com,false,false,false,ann.smith@example.com",
            "ERROR: manager e-mail (parameter 5) cannot be the user itself",
        ),
        (
            "EDIT_USER,nobody@example.com,false,false,false,false",
            "ERROR: user not found",
        ),
    ] {
        assert_eq!(refused(&gateway, cmd, 400), expected, "{cmd}");
    }
    // The refusals changed nothing.
    let ann = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "ann.smith@example.com",
    );
    assert_eq!(
        (ann["privilege"].clone(), ann["manager"].clone()),
        (json!("viewer"), Value::Null)
    );
}

#[test]
fn deleting_a_user_ends_its_access_and_frees_its_objects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441013";
    let (key, _) = gateway.provision("gone@example.com", "s3cret-pass", imei);
    let (other_key, _) = gateway.provision("other@example.com", "s3cret-pass", "356307042441021");
    // The user also holds a clone of another's object, and has history.
    ok(&gateway, "ADD_USER_OBJECT,gone@example.com,356307042441021");
    let mut device = trackgate_tests::device::Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    let records = trackgate_tests::points::drive(1_709_294_400_000, 3);
    assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 3]));
    let session = login(&gateway, "gone@example.com", "s3cret-pass")["hash"]
        .as_str()
        .expect("a session")
        .to_owned();

    ok(&gateway, "DEL_USER,gone@example.com");
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,gone@example.com").body,
        "false"
    );
    for hash in [&key, &session] {
        assert_eq!(code(&call(&gateway, "tracker/list", hash, json!({}))), 4);
    }
    assert_eq!(
        login(&gateway, "gone@example.com", "s3cret-pass")["status"]["code"],
        102
    );
    assert_eq!(
        refused(&gateway, "GET_USER_API_KEY,gone@example.com", 400),
        "ERROR: user not found"
    );
    // Its own object stays, unassigned, still connected; its clone went.
    let objects = gateway.server("GET_OBJECTS").json();
    assert_eq!(entry(&objects, "imei", imei)["user"], Value::Null);
    assert_eq!(objects.as_array().map(Vec::len), Some(2));
    let other = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "other@example.com",
    );
    assert_eq!(
        other["objects"], 1,
        "the other user's own object is untouched"
    );
    assert_eq!(
        call(&gateway, "tracker/list", &other_key, json!({}))["list"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(
        !device.is_closed(Duration::from_millis(200)),
        "the device stays connected"
    );

    // Given to someone else, the object comes with its history.
    ok(&gateway, "ADD_USER,heir@example.com,false,s3cret-pass");
    ok(
        &gateway,
        &format!("ADD_USER_OBJECT,heir@example.com,{imei}"),
    );
    let heir = gateway.server("GET_USER_API_KEY,heir@example.com").body;
    let tracker = call(&gateway, "tracker/list", &heir, json!({}))["list"][0]["id"].clone();
    let track = call(
        &gateway,
        "track/read",
        &heir,
        json!({ "tracker_id": tracker, "from": "2024-03-01 00:00:00", "to": "2024-03-02 00:00:00", "filter": false }),
    );
    assert_eq!(track["list"].as_array().map(Vec::len), Some(3), "{track}");
}

#[test]
fn an_inactive_or_expired_user_cannot_log_in_or_use_its_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, _) = gateway.provision("ann@example.com", "s3cret-pass", "356307042441013");
    let session = login(&gateway, "ann@example.com", "s3cret-pass")["hash"]
        .as_str()
        .expect("a session")
        .to_owned();
    let works = |hash: &str| call(&gateway, "tracker/list", hash, json!({}))["success"] == true;

    ok(&gateway, "USER_SET_ACTIVITY,ann@example.com,false,false,");
    assert_eq!(
        login(&gateway, "ann@example.com", "s3cret-pass")["status"]["code"],
        103
    );
    assert!(!works(&key) && !works(&session));
    let ann = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "ann@example.com",
    );
    assert_eq!(ann["active"], false);

    ok(&gateway, "USER_SET_ACTIVITY,ann@example.com,true,false,");
    assert!(works(&key) && works(&session), "active again");

    // An expiry in the past is as good as inactive.
    ok(
        &gateway,
        "USER_SET_ACTIVITY,ann@example.com,true,true,2016-01-01",
    );
    assert_eq!(
        login(&gateway, "ann@example.com", "s3cret-pass")["status"]["code"],
        103
    );
    assert!(!works(&key));
    let ann = entry(
        &gateway.server("GET_USERS").json(),
        "email",
        "ann@example.com",
    );
    assert_eq!(
        (ann["expire"].clone(), ann["expire_dt"].clone()),
        (json!(true), json!("2016-01-01"))
    );

    // An expiry ahead takes effect when it passes, without a restart.
    ok(
        &gateway,
        &format!("USER_SET_ACTIVITY,ann@example.com,true,true,{}", in_secs(2)),
    );
    assert!(works(&key) && works(&session));
    let deadline = Instant::now() + Duration::from_secs(10);
    while works(&key) {
        assert!(
            Instant::now() < deadline,
            "the key still works after the expiry"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!works(&session));
    assert_eq!(
        login(&gateway, "ann@example.com", "s3cret-pass")["status"]["code"],
        103
    );

    for (cmd, expected) in [
        (
            "USER_SET_ACTIVITY,ann@example.com,yes,false,",
            "ERROR: active (parameter 2) must be true or false",
        ),
        (
            "USER_SET_ACTIVITY,ann@example.com,,false,",
            "ERROR: active (parameter 2) is missing",
        ),
        (
            "USER_SET_ACTIVITY,ann@example.com,true,true,01.01.2016",
            "ERROR: expire date (parameter 4) must be a date, YYYY-MM-DD",
        ),
    ] {
        assert_eq!(refused(&gateway, cmd, 400), expected, "{cmd}");
    }
}
