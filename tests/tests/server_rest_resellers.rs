//! Seed 001's resellers against the running gateway: credits spent as
//! their lines' trackers are added, whichever surface adds them, and
//! nothing added at zero; their limits and the lines' own.

use crate::support;

use serde_json::{Value, json};
use support::server_rest::{ok, refused};
use support::user_api::{call, code};

const LINE: &str = "fleet@example.com";

fn reseller(gateway: &support::Running, id: u64) -> Value {
    let list = ok(gateway, "resellers/list", &json!({}));
    list["resellers"]
        .as_array()
        .and_then(|l| l.iter().find(|r| r["id"] == id))
        .cloned()
        .unwrap_or_else(|| panic!("no reseller {id} in {list}"))
}

fn credits(gateway: &support::Running, id: u64) -> i64 {
    reseller(gateway, id)["credits"].as_i64().expect("credits")
}

#[test]
fn trackers_spend_their_resellers_credits_and_none_join_at_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    // The seed's example.
    let dealer = ok(
        &gateway,
        "resellers/new",
        &json!({"data": {"name": "test_reseller", "max_allowed_connections": 10,
            "use_credits": true, "credits": 2}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    let line = ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": LINE, "reseller_id": dealer}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    assert_eq!(
        ok(&gateway, "line/info", &json!({"username": LINE}))["line_info"]["reseller_id"],
        dealer
    );

    // A MAG device given to the line, and an object by the command API:
    // a credit each.
    ok(
        &gateway,
        "mag/new",
        &json!({"data": {"imei": "356307042441013", "user_id": line}}),
    );
    assert_eq!(credits(&gateway, dealer), 1);
    assert_eq!(
        gateway.server("ADD_OBJECT,356307042441021,Van,false,").body,
        "OK"
    );
    assert_eq!(
        gateway
            .server(&format!("ADD_USER_OBJECT,{LINE},356307042441021"))
            .body,
        "OK"
    );
    assert_eq!(credits(&gateway, dealer), 0);

    // At zero nothing joins, by any way, and nothing is half made.
    assert_eq!(
        refused(
            &gateway,
            "mag/new",
            &json!({"data": {"imei": "356307042441039", "user_id": line}}),
        ),
        "the user's reseller has no credits left"
    );
    assert_eq!(
        refused(&gateway, "mag/info", &json!({"imei": "356307042441039"})),
        "MAC Address not found"
    );
    assert_eq!(
        gateway
            .server("ADD_OBJECT,356307042441047,Spare,false,")
            .body,
        "OK"
    );
    let refused_cmd = gateway.server(&format!("ADD_USER_OBJECT,{LINE},356307042441047"));
    assert_eq!(
        (refused_cmd.status, refused_cmd.body.as_str()),
        (400, "ERROR: the user's reseller has no credits left")
    );
    let key = gateway.server(&format!("GET_USER_API_KEY,{LINE}")).body;
    let quick = json!({ "label": "Spare", "group_id": 0, "imei": "356307042441047" });
    let answer = call(&gateway, "tracker/register_quick", &key, quick.clone());
    assert_eq!(code(&answer), 251, "{answer}");
    assert_eq!(credits(&gateway, dealer), 0, "never below zero");

    // Credits added: the next tracker joins and spends one.
    let added = ok(
        &gateway,
        "resellers/add_credits",
        &json!({"id": dealer, "credits": 1}),
    );
    assert_eq!(
        (added["modified_id"].clone(), added["credits"].clone()),
        (json!(dealer), json!(1))
    );
    let answer = call(&gateway, "tracker/register_quick", &key, quick);
    assert_eq!(answer["success"], true, "{answer}");
    assert_eq!(credits(&gateway, dealer), 0);
    let listed = reseller(&gateway, dealer);
    assert_eq!(
        (listed["lines"].clone(), listed["trackers"].clone()),
        (json!(1), json!(3))
    );

    assert_eq!(
        refused(
            &gateway,
            "resellers/add_credits",
            &json!({"id": dealer, "credits": -1})
        ),
        "credits cannot take the reseller's credits below zero: it has 0"
    );
    assert_eq!(
        refused(&gateway, "resellers/add_credits", &json!({"id": dealer})),
        "credits is missing"
    );
    assert_eq!(
        refused(
            &gateway,
            "resellers/add_credits",
            &json!({"id": 99, "credits": 1})
        ),
        "Reseller not found"
    );

    // A reseller that does not use credits (found by its name) lets its
    // lines add trackers without them.
    ok(
        &gateway,
        "resellers/update",
        &json!({"username": "test_reseller", "data": {"use_credits": 0}}),
    );
    ok(
        &gateway,
        "mag/new",
        &json!({"data": {"imei": "356307042441039", "user_id": line}}),
    );
    assert_eq!(credits(&gateway, dealer), 0);
    assert_eq!(reseller(&gateway, dealer)["use_credits"], 0);
}

#[test]
fn the_lines_and_the_resellers_limits_hold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let dealer = ok(
        &gateway,
        "resellers/new",
        &json!({"data": {"name": "small", "max_allowed_connections": 2}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    assert_eq!(
        reseller(&gateway, dealer)["use_credits"],
        0,
        "not unless asked"
    );
    let one = ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "one", "reseller_id": dealer, "max_allowed_connections": 1}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    let two = ok(
        &gateway,
        "line/new",
        &json!({"data": {"username": "two", "reseller_id": dealer}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    let mag = |imei: &str, line: u64| json!({"data": {"imei": imei, "user_id": line}});
    ok(&gateway, "mag/new", &mag("356307042441013", one));
    assert_eq!(
        refused(&gateway, "mag/new", &mag("356307042441021", one)),
        "the user's account allows no more objects (its limit: 1)"
    );
    ok(&gateway, "mag/new", &mag("356307042441021", two));
    assert_eq!(
        refused(&gateway, "mag/new", &mag("356307042441039", two)),
        "the user's reseller allows no more objects for its users (its limit: 2 in all)"
    );
    // A tracker without a line is no one's: moving it to a full line is refused.
    ok(
        &gateway,
        "mag/new",
        &json!({"data": {"imei": "356307042441039"}}),
    );
    assert_eq!(
        refused(
            &gateway,
            "mag/update",
            &json!({"imei": "356307042441039", "data": {"user_id": two}}),
        ),
        "the user's reseller allows no more objects for its users (its limit: 2 in all)"
    );
    // Raised, it fits.
    ok(
        &gateway,
        "resellers/update",
        &json!({"id": dealer, "data": {"max_allowed_connections": 0, "name": "bigger"}}),
    );
    ok(
        &gateway,
        "mag/update",
        &json!({"imei": "356307042441039", "data": {"user_id": two}}),
    );
    let listed = reseller(&gateway, dealer);
    assert_eq!(listed["name"], "bigger");
    assert_eq!(listed["max_allowed_connections"], Value::Null);
    assert_eq!(listed["trackers"], 3);

    assert_eq!(
        refused(&gateway, "resellers/new", &json!({"data": {"credits": 3}})),
        "data[name] is missing"
    );
    assert_eq!(
        refused(
            &gateway,
            "resellers/new",
            &json!({"data": {"name": "x", "credits": -3}})
        ),
        "data[credits] must be a whole number, not below zero"
    );
    ok(
        &gateway,
        "resellers/new",
        &json!({"data": {"name": "bigger"}}),
    );
    assert_eq!(
        refused(
            &gateway,
            "resellers/update",
            &json!({"username": "bigger", "data": {}})
        ),
        "username names 2 resellers: give the id"
    );
}
