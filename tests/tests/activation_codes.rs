//! `tracker/register` with an activation code, against the running
//! gateway: an unknown, used or other dealer's code is 227 and registers
//! nothing; a valid one is used once by the new tracker and credits its
//! money (`payment`) and bonus (`bonus`) in the ledger; an account without
//! a tariff goes on the code's, whose first period is charged at once,
//! or after the code's free days.

use crate::support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::panel_api::{admin, all, call as panel, code as panel_code, dealer, log_in, seed};
use support::user_api::{call, code, listed, register_body};
use trackgate_store::{Money, TransactionType, UserId};

/// A user of the caller's dealer (activated, no tariff unless one is
/// named); its id and a User API session.
fn customer(
    gateway: &support::Running,
    admin: &str,
    login: &str,
    tariff: Option<u64>,
) -> (UserId, String) {
    let mut body = json!({ "user": { "login": login, "activated": true },
        "password": "user-secret" });
    if let Some(tariff) = tariff {
        body["default_tariff_id"] = json!(tariff);
    }
    let created = panel(gateway, "user/create", admin, body);
    let id = created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"));
    let session = panel(
        gateway,
        "user/session/create",
        admin,
        json!({ "user_id": id }),
    );
    let hash = session["hash"].as_str().expect("a session").to_owned();
    (UserId(id), hash)
}

/// One code on `tariff` carrying `money`, `bonus` and `free_days`.
fn one_code(
    gateway: &support::Running,
    admin: &str,
    tariff: u64,
    money: &str,
    bonus: u32,
    free_days: u32,
) -> String {
    let before = codes(gateway, admin);
    let made = panel(
        gateway,
        "dealer/activation_code/create",
        admin,
        json!({ "count": 1, "tariff_id": tariff, "money_amount": money,
            "bonus_amount": bonus, "free_days": free_days }),
    );
    assert_eq!(made["count"], 1, "{made}");
    codes(gateway, admin)
        .into_iter()
        .find(|c| !before.iter().any(|b| b["code"] == c["code"]))
        .and_then(|c| c["code"].as_str().map(str::to_owned))
        .expect("the new code")
}

fn codes(gateway: &support::Running, admin: &str) -> Vec<Value> {
    panel(gateway, "dealer/activation_code/list", admin, json!({}))["list"]
        .as_array()
        .cloned()
        .expect("list")
}

fn with_code(imei: &str, phone: &str, code: &str) -> Value {
    let mut body = register_body(imei, phone);
    body["activation_code"] = json!(code);
    body
}

/// The user's ledger as `(type, amount)`, oldest first.
fn ledger(gateway: &support::Running, user: UserId) -> Vec<(&'static str, String)> {
    gateway
        .store
        .transactions(user, i64::MIN, i64::MAX, 0, usize::MAX)
        .expect("ledger")
        .into_iter()
        .map(|t| (t.kind.name(), t.amount.to_string()))
        .collect()
}

fn entry(kind: TransactionType, amount: &str) -> (&'static str, String) {
    (kind.name(), amount.to_owned())
}

#[test]
fn a_code_is_used_once_and_credits_what_it_carries() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        admin(store, "north-admin", Some(north), all());
        admin(store, "south-admin", Some(south), all());
    });
    // Plans' days last a second, so free days pass while the test waits.
    let gateway = support::start(dir.path(), |config| {
        config.renewals.every_secs = 1;
        config.renewals.day_secs = 1;
    });
    let north = log_in(&gateway, "north-admin");
    let south = log_in(&gateway, "south-admin");
    let tariff = panel(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": { "name": "Basic", "price": "9.5", "period_days": 30 } }),
    )["id"]
        .as_u64()
        .expect("tariff");
    let south_tariff = panel(
        &gateway,
        "tariff/create",
        &south,
        json!({ "tariff": { "name": "Southern", "price": 1 } }),
    )["id"]
        .as_u64()
        .expect("tariff");
    let paid = one_code(&gateway, &north, tariff, "20", 3, 0);
    let southern = one_code(&gateway, &south, south_tariff, "1", 0, 0);
    let (ada, key) = customer(&gateway, &north, "ada@example.com", None);

    // Unknown, malformed and another dealer's codes: 227, nothing registered.
    for wrong in ["0000000000", "12ab", southern.as_str()] {
        let answer = call(
            &gateway,
            "tracker/register",
            &key,
            with_code("356307042441013", "79123122312", wrong),
        );
        assert_eq!(code(&answer), 227, "{wrong}: {answer}");
        assert_eq!(answer["status"]["description"], "Wrong activation code");
    }
    assert!(listed(&gateway, &key).is_empty());
    assert!(ledger(&gateway, ada).is_empty());

    let registered = call(
        &gateway,
        "tracker/register",
        &key,
        with_code("356307042441013", "79123122312", &paid),
    );
    let tracker = registered["value"]["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{registered}"));
    // The tracker's tariff is the account's, in the User API as in the
    // Panel API.
    assert_eq!(
        registered["value"]["source"]["tariff_id"], tariff,
        "{registered}"
    );
    let got = call(
        &gateway,
        "tracker/get",
        &key,
        json!({ "tracker_id": tracker }),
    );
    assert_eq!(got["value"]["source"]["tariff_id"], tariff, "{got}");
    let listed = call(&gateway, "tracker/list", &key, json!({}));
    assert_eq!(listed["list"][0]["source"]["tariff_id"], tariff, "{listed}");
    // Paid in, the bonus, then the tariff's first period at once.
    assert_eq!(
        ledger(&gateway, ada),
        [
            entry(TransactionType::Payment, "20"),
            entry(TransactionType::Bonus, "3"),
            entry(TransactionType::Charge, "-9.5"),
        ]
    );
    assert_eq!(
        gateway.store.balance(ada).expect("balance"),
        Money::parse("13.5").expect("amount")
    );
    let read = panel(&gateway, "user/read", &north, json!({ "user_id": ada.0 }));
    assert_eq!(
        read["default_tariff_id"], tariff,
        "the code's tariff: {read}"
    );
    let used = codes(&gateway, &north)
        .into_iter()
        .find(|c| c["code"] == paid.as_str())
        .expect("listed");
    assert_eq!(
        (used["activated"].clone(), used["device_id"].clone()),
        (json!(true), json!(tracker))
    );
    assert!(used["activation_date"].is_string(), "{used}");

    // Used: 227 for anyone, and the ledger does not move.
    let again = call(
        &gateway,
        "tracker/register",
        &key,
        with_code("356307042441021", "79123122313", &paid),
    );
    assert_eq!(code(&again), 227, "{again}");
    assert_eq!(ledger(&gateway, ada).len(), 3);
    // A used code is not changed by update either.
    let update = json!({ "codes": [paid], "tariff_id": tariff, "bonus_amount": 50 });
    let updated = panel(&gateway, "dealer/activation_code/update", &north, update);
    assert_eq!(
        (panel_code(&updated), updated["count"].clone()),
        (0, json!(0))
    );

    // Free days: no charge now; the first one comes once they have passed.
    let free = one_code(&gateway, &north, tariff, "20", 0, 3);
    let (bob, bob_key) = customer(&gateway, &north, "bob@example.com", None);
    let answer = call(
        &gateway,
        "tracker/register",
        &bob_key,
        with_code("356307042441039", "79123122314", &free),
    );
    assert_eq!(answer["success"], true, "{answer}");
    let registered_at = Instant::now();
    assert_eq!(
        ledger(&gateway, bob),
        [entry(TransactionType::Payment, "20")]
    );
    let deadline = registered_at + Duration::from_secs(10);
    while ledger(&gateway, bob).len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        registered_at.elapsed() >= Duration::from_secs(2),
        "not charged within the free days"
    );
    assert_eq!(
        ledger(&gateway, bob),
        [
            entry(TransactionType::Payment, "20"),
            entry(TransactionType::Charge, "-9.5"),
        ],
        "charged once the free days passed"
    );

    // An account on a tariff keeps it; the code's money still comes.
    let other = panel(
        &gateway,
        "tariff/create",
        &north,
        json!({ "tariff": { "name": "Free", "price": 0 } }),
    )["id"]
        .as_u64()
        .expect("tariff");
    let kept = one_code(&gateway, &north, tariff, "0", 2, 0);
    let (cy, cy_key) = customer(&gateway, &north, "cy@example.com", Some(other));
    let answer = call(
        &gateway,
        "tracker/register",
        &cy_key,
        with_code("356307042441047", "79123122315", &kept),
    );
    assert_eq!(answer["success"], true, "{answer}");
    assert_eq!(ledger(&gateway, cy), [entry(TransactionType::Bonus, "2")]);
    let read = panel(&gateway, "user/read", &north, json!({ "user_id": cy.0 }));
    assert_eq!(read["default_tariff_id"], other);
    gateway.stop();
}
