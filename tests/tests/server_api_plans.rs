//! Billing plans against the running gateway: made and listed, assigned
//! with `ADD_USER_BILLING_PLAN`, their tracker limit held by the Server API
//! and by registration, their history kept by the store itself.

use crate::support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;
use support::server_api::{entry, ok, refused};
use support::user_api::{call, code, register_body, user};
use trackgate_api::time::format_datetime;
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

#[test]
fn plans_are_made_listed_and_assigned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(
        gateway.server("ADD_BILLING_PLAN,Basic,9.990,30,2,90").body,
        "1"
    );
    assert_eq!(
        gateway.server("ADD_BILLING_PLAN,Unlimited,0,365,0,").body,
        "2"
    );
    ok(&gateway, "ADD_USER,ann@example.com,false");
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,1");

    let plans = gateway.server("GET_BILLING_PLANS").json();
    let basic = entry(&plans, "name", "Basic");
    assert_eq!(
        basic,
        json!({ "id": 1, "name": "Basic", "price": "9.99", "period_days": 30,
                "tracker_limit": 2, "history_days": 90, "users": 1 })
    );
    let unlimited = entry(&plans, "name", "Unlimited");
    assert_eq!(
        (
            unlimited["tracker_limit"].clone(),
            unlimited["history_days"].clone()
        ),
        (json!(null), json!(null))
    );
    assert_eq!(
        entry(
            &gateway.server("GET_USERS").json(),
            "email",
            "ann@example.com"
        )["plan"],
        1
    );
    // 0 takes the user off its plan.
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,0");
    assert_eq!(
        entry(
            &gateway.server("GET_USERS").json(),
            "email",
            "ann@example.com"
        )["plan"],
        json!(null)
    );

    for (cmd, expected) in [
        (
            "ADD_USER_BILLING_PLAN,ann@example.com,7",
            "ERROR: billing plan ID (parameter 2) names no billing plan",
        ),
        (
            "ADD_USER_BILLING_PLAN,ann@example.com,",
            "ERROR: billing plan ID (parameter 2) is missing",
        ),
        (
            "ADD_USER_BILLING_PLAN,nobody@example.com,1",
            "ERROR: user not found",
        ),
        (
            "ADD_BILLING_PLAN,,1,30,,",
            "ERROR: name (parameter 1) is missing",
        ),
        (
            "ADD_BILLING_PLAN,Cheap,-1,30,,",
            "ERROR: price (parameter 2) must be an amount such as 9.99, not below 0",
        ),
        (
            "ADD_BILLING_PLAN,Cheap,1e3,30,,",
            "ERROR: price (parameter 2) must be an amount such as 9.99, not below 0",
        ),
        (
            "ADD_BILLING_PLAN,Cheap,1,0,,",
            "ERROR: period in days (parameter 3) must be a whole number of at least 1",
        ),
        (
            "ADD_BILLING_PLAN,Cheap,1,30,many,",
            "ERROR: tracker limit (parameter 4) must be a whole number of at least 0",
        ),
    ] {
        assert_eq!(refused(&gateway, cmd, 400), expected, "{cmd}");
    }
    assert_eq!(
        gateway
            .server("GET_BILLING_PLANS")
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn plans_are_edited_and_deleted_only_when_no_one_is_on_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(gateway.server("ADD_BILLING_PLAN,Two,5,30,2,90").body, "1");
    assert_eq!(gateway.server("ADD_BILLING_PLAN,Spare,1,30,,").body, "2");
    ok(&gateway, "ADD_USER,ann@example.com,false");
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,1");
    for imei in ["356307042441013", "356307042441021"] {
        ok(&gateway, &format!("ADD_OBJECT,{imei},Van,false,"));
    }
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441013");

    // Empty and false leave a field as it is.
    ok(&gateway, "EDIT_BILLING_PLAN,1,Two Plus,false,,false,");
    let plan = |id: u64| {
        let plans = gateway.server("GET_BILLING_PLANS").json();
        plans
            .as_array()
            .and_then(|l| l.iter().find(|p| p["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no plan {id} in {plans}"))
    };
    assert_eq!(
        plan(1),
        json!({ "id": 1, "name": "Two Plus", "price": "5", "period_days": 30,
                "tracker_limit": 2, "history_days": 90, "users": 1 })
    );
    // A lowered limit holds at once; the account keeps what it has.
    ok(&gateway, "EDIT_BILLING_PLAN,1,,7.50,365,1,0");
    assert_eq!(
        plan(1),
        json!({ "id": 1, "name": "Two Plus", "price": "7.5", "period_days": 365,
                "tracker_limit": 1, "history_days": null, "users": 1 })
    );
    assert_eq!(
        refused(
            &gateway,
            "ADD_USER_OBJECT,ann@example.com,356307042441021",
            400
        ),
        "ERROR: the user's billing plan allows no more objects (its limit: 1)"
    );
    ok(&gateway, "EDIT_BILLING_PLAN,1,,,,0,");
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441021");

    // A plan someone is on stays; off it, it goes.
    assert_eq!(
        refused(&gateway, "DEL_BILLING_PLAN,1", 400),
        "ERROR: billing plan ID (parameter 1) names a plan still in use (user accounts on it: 1): \
         move them to another plan first (ADD_USER_BILLING_PLAN)"
    );
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,2");
    ok(&gateway, "DEL_BILLING_PLAN,1");
    let plans = gateway.server("GET_BILLING_PLANS").json();
    assert_eq!(plans.as_array().map(Vec::len), Some(1), "{plans}");
    assert_eq!(plans[0]["id"], 2);
    assert_eq!(
        refused(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,1", 400),
        "ERROR: billing plan ID (parameter 2) names no billing plan"
    );

    for (cmd, expected) in [
        (
            "DEL_BILLING_PLAN,1",
            "ERROR: billing plan ID (parameter 1) names no billing plan",
        ),
        (
            "EDIT_BILLING_PLAN,1,Gone,,,,",
            "ERROR: billing plan ID (parameter 1) names no billing plan",
        ),
        (
            "EDIT_BILLING_PLAN,,Nameless,,,,",
            "ERROR: billing plan ID (parameter 1) is missing",
        ),
        (
            "DEL_BILLING_PLAN,two",
            "ERROR: billing plan ID (parameter 1) must be a whole number of at least 1",
        ),
        (
            "EDIT_BILLING_PLAN,2,,-3,,,",
            "ERROR: price (parameter 3) must be an amount such as 9.99, not below 0",
        ),
        (
            "EDIT_BILLING_PLAN,2,,,0,,",
            "ERROR: period in days (parameter 4) must be a whole number of at least 1",
        ),
        (
            "EDIT_BILLING_PLAN,2,,,,,99999999999",
            "ERROR: history days (parameter 6) is too large",
        ),
    ] {
        assert_eq!(refused(&gateway, cmd, 400), expected, "{cmd}");
    }
    // The refused edits changed nothing.
    assert_eq!(
        plan(2),
        json!({ "id": 2, "name": "Spare", "price": "1", "period_days": 30,
                "tracker_limit": null, "history_days": null, "users": 1 })
    );
}

#[test]
fn the_tracker_limit_holds_for_objects_clones_and_registration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    assert_eq!(gateway.server("ADD_BILLING_PLAN,Two,5,30,2,").body, "1");
    let key = user(&gateway, "ann@example.com");
    gateway.provision("other@example.com", "s3cret-pass", "356307042441039");
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,1");
    for imei in ["356307042441013", "356307042441021", "356307042441047"] {
        ok(&gateway, &format!("ADD_OBJECT,{imei},Van,false,"));
    }
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441013");
    // A clone takes a place too.
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441039");
    assert_eq!(
        refused(
            &gateway,
            "ADD_USER_OBJECT,ann@example.com,356307042441021",
            400
        ),
        "ERROR: the user's billing plan allows no more objects (its limit: 2)"
    );
    // What the account already holds is no addition.
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441013");
    let registered = call(
        &gateway,
        "tracker/register",
        &key,
        register_body("356307042441054", "+491701111111"),
    );
    assert_eq!(code(&registered), 221, "{registered}");
    let quick = call(
        &gateway,
        "tracker/register_quick",
        &key,
        json!({ "label": "Quick", "group_id": 0, "imei": "356307042441021" }),
    );
    assert_eq!(code(&quick), 221, "{quick}");

    // A place freed is a place again.
    ok(&gateway, "DEL_USER_OBJECT,ann@example.com,356307042441039");
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441021");
    let list = call(&gateway, "tracker/list", &key, json!({}));
    assert_eq!(list["list"].as_array().map(Vec::len), Some(2), "{list}");
    // Off the plan, the account is unlimited.
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,0");
    ok(&gateway, "ADD_USER_OBJECT,ann@example.com,356307042441047");
}

#[test]
fn the_store_removes_history_older_than_the_plan_keeps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| c.store.history_sweep_secs = 1);
    let imei = "356307042441013";
    let (key, tracker) = gateway.provision("ann@example.com", "s3cret-pass", imei);
    let (other_key, other) = gateway.provision("bob@example.com", "s3cret-pass", "356307042441021");
    assert_eq!(gateway.server("ADD_BILLING_PLAN,Week,1,30,,7").body, "1");
    ok(&gateway, "ADD_USER_BILLING_PLAN,ann@example.com,1");

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let day = 86_400_000;
    let store = |imei: &str| {
        let mut device = Device::connect(gateway.teltonika);
        assert_eq!(device.login(imei), Some(1));
        for start in [now - 20 * day, now - 10 * day, now - day] {
            let records = drive(start, 2);
            assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 2]));
        }
    };
    store(imei);
    store("356307042441021");
    let points = |key: &str, tracker: u64, from_days: i64| -> usize {
        let answer = call(
            &gateway,
            "track/read",
            key,
            json!({ "tracker_id": tracker, "from": format_datetime(now - from_days * day - 60_000),
                    "to": format_datetime(now + 60_000), "filter": false }),
        );
        answer["list"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer}"))
            .len()
    };
    // The store's sweep, not a read, removes Ann's old points.
    let deadline = Instant::now() + Duration::from_secs(30);
    while points(&key, tracker, 30) > 2 {
        assert!(Instant::now() < deadline, "old points are still there");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(points(&key, tracker, 2), 2, "the last week stays");
    assert_eq!(points(&other_key, other, 30), 6, "no plan, no limit");
}
