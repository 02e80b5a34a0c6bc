//! The Panel API's transactions against the running gateway: a dealer
//! pays into and takes from its users' balances (never below zero: 251),
//! lists their ledgers by period and page, sees no other dealer's users
//! (201), and a payment that covers an unpaid period lifts the account's
//! suspension before the call answers.

use crate::support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::panel_api::{admin, all, all_but, call, code, dealer, log_in, post, seed};
use trackgate_api::user::openapi::conform::conforms;
use trackgate_tests::http;

const EVER: (&str, &str) = ("2000-01-01 00:00:00", "2100-01-01 00:00:00");

fn fits(document: &Value, path: &str, answer: &Value) {
    assert_eq!(code(answer), 0, "{path}: {answer}");
    if let Err(why) = conforms(document, path, answer) {
        panic!("{path} does not fit the document: {why}\n{answer}");
    }
}

/// A user of the administrator `hash`'s dealer; its id.
fn user(gateway: &support::Running, hash: &str, login: &str, tariff: Option<u64>) -> u64 {
    let mut body = json!({ "user": { "login": login, "activated": true },
        "password": "user-secret" });
    if let Some(tariff) = tariff {
        body["default_tariff_id"] = json!(tariff);
    }
    let created = call(gateway, "user/create", hash, body);
    created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("user created: {created}"))
}

/// `change_balance` of `amount` for `user`.
fn change(gateway: &support::Running, hash: &str, user: u64, amount: Value) -> Value {
    call(
        gateway,
        "user/transaction/change_balance",
        hash,
        json!({ "user_id": user, "amount": amount, "type": "balance", "text": "at the counter" }),
    )
}

/// The whole ledger of `user`, as `hash` lists it.
fn ledger(gateway: &support::Running, hash: &str, user: u64) -> Value {
    call(
        gateway,
        "user/transaction/list",
        hash,
        json!({ "user_id": user, "from": EVER.0, "to": EVER.1 }),
    )
}

/// One field of each entry of a list answer.
fn column(answer: &Value, field: &str) -> Vec<Value> {
    answer["list"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {answer}"))
        .iter()
        .map(|t| t[field].clone())
        .collect()
}

#[test]
fn a_dealer_changes_and_lists_its_users_balances_never_below_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        admin(store, "north-admin", Some(north), all());
        admin(store, "south-admin", Some(south), all());
        admin(
            store,
            "north-clerk",
            Some(north),
            all_but(&[("transactions", "create")]),
        );
    });
    let gateway = support::start(dir.path(), |_| {});
    let document: Value = http::get(gateway.api, "/v2/panel/openapi.json").json();
    let north = log_in(&gateway, "north-admin");
    let south = log_in(&gateway, "south-admin");
    let clerk = log_in(&gateway, "north-clerk");
    let ada = user(&gateway, &north, "ada@example.com", None);
    let bob = user(&gateway, &north, "bob@example.com", None);

    let paid = change(&gateway, &north, ada, json!(20.5));
    fits(&document, "user/transaction/change_balance", &paid);
    assert_eq!(code(&change(&gateway, &north, ada, json!("-5.25"))), 0);
    let overdrawn = change(&gateway, &north, ada, json!(-15.26));
    assert_eq!(code(&overdrawn), 251, "15.25 left: {overdrawn}");
    assert_eq!(
        code(&change(&gateway, &north, ada, json!(-15.25))),
        0,
        "down to 0"
    );
    let bonus = call(
        &gateway,
        "user/transaction/change_balance",
        &north,
        json!({ "user_id": ada, "amount": 1, "type": "bonus", "text": "a welcome gift" }),
    );
    assert_eq!(code(&bonus), 0, "{bonus}");

    let listed = ledger(&gateway, &north, ada);
    fits(&document, "user/transaction/list", &listed);
    assert_eq!(
        column(&listed, "amount"),
        [json!(20.5), json!(-5.25), json!(-15.25), json!(1)],
        "exact amounts, oldest first: {listed}"
    );
    assert_eq!(
        column(&listed, "new_balance"),
        [json!(20.5), json!(15.25), json!(0), json!(1)]
    );
    assert_eq!(
        column(&listed, "old_balance"),
        [json!(0), json!(20.5), json!(15.25), json!(0)]
    );
    // The user object shows the balance the ledger ends on, and
    // user/list orders by it.
    let read = call(&gateway, "user/read", &north, json!({ "user_id": ada }));
    assert_eq!(read["value"]["balance"], json!(1), "{read}");
    let cy = user(&gateway, &north, "cy@example.com", None);
    assert_eq!(code(&change(&gateway, &north, cy, json!(3))), 0);
    let by_balance = call(
        &gateway,
        "user/list",
        &north,
        json!({ "order_by": "balance", "ascending": false, "filter": "example.com" }),
    );
    let logins = column(&by_balance, "login");
    let at = |login: &str| logins.iter().position(|l| l == login).expect(login);
    assert!(
        at("cy@example.com") < at("ada@example.com")
            && at("ada@example.com") < at("bob@example.com"),
        "3, then 1, then 0: {by_balance}"
    );
    assert_eq!(
        column(&listed, "type"),
        [
            json!("payment"),
            json!("payment"),
            json!("payment"),
            json!("bonus")
        ]
    );
    let first = &listed["list"][0];
    assert_eq!(
        (
            first["subtype"].clone(),
            first["user_id"].clone(),
            first["tracker_id"].clone(),
            first["description"].clone(),
        ),
        (
            json!("partner"),
            json!(ada),
            json!(0),
            json!("at the counter")
        ),
        "{listed}"
    );
    assert!(first["dealer_id"].is_u64(), "{listed}");
    assert_eq!(ledger(&gateway, &north, bob)["list"], json!([]));

    // Periods and pages.
    let list = |body: Value| call(&gateway, "user/transaction/list", &north, body);
    let paged = list(
        json!({ "user_id": ada, "from": EVER.0, "to": EVER.1, "offset": 1,
        "limit": 2 }),
    );
    assert_eq!(column(&paged, "amount"), [json!(-5.25), json!(-15.25)]);
    let future = list(json!({ "user_id": ada, "from": "2099-01-01 00:00:00", "to": EVER.1 }));
    assert_eq!(future["list"], json!([]));
    for (body, parameter) in [
        (
            json!({ "user_id": ada, "from": EVER.1, "to": EVER.0 }),
            "to",
        ),
        (
            json!({ "user_id": ada, "from": "yesterday", "to": EVER.1 }),
            "from",
        ),
        (json!({ "user_id": ada, "from": EVER.0 }), "to"),
        (
            json!({ "user_id": ada, "from": EVER.0, "to": EVER.1, "limit": -1 }),
            "limit",
        ),
        (json!({ "from": EVER.0, "to": EVER.1 }), "user_id"),
    ] {
        let bad = list(body);
        assert_eq!(
            (code(&bad), bad["errors"][0]["parameter"].clone()),
            (7, json!(parameter)),
            "{bad}"
        );
    }

    // What change_balance refuses.
    for (body, parameter) in [
        (
            json!({ "user_id": ada, "amount": 1.234, "text": "too precise" }),
            "amount",
        ),
        (
            json!({ "user_id": ada, "amount": 0, "text": "nothing at all" }),
            "amount",
        ),
        (
            json!({ "user_id": ada, "amount": "ten", "text": "not a number" }),
            "amount",
        ),
        (
            json!({ "user_id": ada, "text": "no amount here" }),
            "amount",
        ),
        (
            json!({ "user_id": ada, "amount": 1, "text": "abc" }),
            "text",
        ),
        (
            json!({ "user_id": ada, "amount": 1, "type": "cash", "text": "other type" }),
            "type",
        ),
    ] {
        let bad = call(&gateway, "user/transaction/change_balance", &north, body);
        assert_eq!(
            (code(&bad), bad["errors"][0]["parameter"].clone()),
            (7, json!(parameter)),
            "{bad}"
        );
    }

    // Tenancy, permissions and su.
    assert_eq!(code(&change(&gateway, &south, ada, json!(5))), 201);
    assert_eq!(code(&ledger(&gateway, &south, ada)), 201);
    assert_eq!(code(&change(&gateway, &north, 9_999, json!(5))), 201);
    assert_eq!(code(&change(&gateway, &clerk, ada, json!(5))), 13);
    assert_eq!(code(&ledger(&gateway, &clerk, ada)), 0, "a clerk reads");
    let as_ada = |path: &str, body: Value| {
        let mut body = body;
        body["su"] = json!("ada@example.com");
        call(&gateway, path, &north, body)
    };
    let own = as_ada(
        "user/transaction/list",
        json!({ "user_id": ada, "from": EVER.0, "to": EVER.1 }),
    );
    assert_eq!(column(&own, "amount").len(), 4, "{own}");
    let other = as_ada(
        "user/transaction/list",
        json!({ "user_id": bob, "from": EVER.0, "to": EVER.1 }),
    );
    assert_eq!(code(&other), 201);
    let pay_self = as_ada(
        "user/transaction/change_balance",
        json!({ "user_id": ada, "amount": 100, "text": "paying myself" }),
    );
    assert_eq!(code(&pay_self), 13);
    assert_eq!(column(&ledger(&gateway, &north, ada), "amount").len(), 4);

    // Text output.
    let text = post(
        &gateway,
        "user/transaction/list",
        &json!({ "hash": north, "user_id": ada, "from": EVER.0, "to": EVER.1, "out": "text" }),
    );
    let lines: Vec<&str> = text.body.lines().collect();
    assert!(
        lines.contains(&"list.0.amount=20.5") && lines.contains(&"list.1.new_balance=15.25"),
        "{}",
        text.body
    );
}

/// Polls `check` every 50 ms for up to `within`.
fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if check() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_payment_lifts_a_suspension_before_it_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        let north = dealer(store, "North");
        admin(store, "north-admin", Some(north), all());
    });
    // Renewals every second; a plan's day is a second, so a 3600-day
    // period lasts an hour: the test sees one period only.
    let gateway = support::start(dir.path(), |config| {
        config.renewals.every_secs = 1;
        config.renewals.day_secs = 1;
    });
    let north = log_in(&gateway, "north-admin");
    let tariff = call(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": { "name": "Fleet", "price": 10, "period_days": 3600 } }),
    );
    let tariff = tariff["id"].as_u64().expect("a tariff id");
    let late = user(&gateway, &north, "late@example.com", Some(tariff));
    let session = call(
        &gateway,
        "user/session/create",
        &north,
        json!({ "user_id": late }),
    );
    let key = session["hash"].as_str().expect("a hash").to_owned();
    let tracker = support::user_api::registered(&gateway, &key, "356307042441039", "+4917099901");
    let state = || {
        support::user_api::call(
            &gateway,
            "tracker/get_state",
            &key,
            json!({ "tracker_id": tracker }),
        )
    };

    // Balance 0: the first period cannot be paid.
    assert!(
        eventually(
            Duration::from_secs(10),
            || support::user_api::code(&state()) == 208
        ),
        "208 once the period is unpaid: {}",
        state()
    );
    assert_eq!(
        code(&change(&gateway, &north, late, json!(-1))),
        251,
        "nothing to take"
    );
    assert_eq!(code(&change(&gateway, &north, late, json!(10))), 0);
    assert_eq!(state()["success"], true, "lifted by the payment itself");
    let listed = ledger(&gateway, &north, late);
    assert_eq!(
        column(&listed, "type"),
        [json!("payment"), json!("charge")],
        "{listed}"
    );
    assert_eq!(
        (
            listed["list"][1]["amount"].clone(),
            listed["list"][1]["subtype"].clone(),
            listed["list"][1]["new_balance"].clone()
        ),
        (json!(-10), json!("tariff"), json!(0))
    );
}
