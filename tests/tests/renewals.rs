//! Billing plan renewals against the running gateway: a period is charged
//! once, also across a restart on the same data; an account that cannot
//! pay has its trackers refused (User API 208, device login refused, a
//! connected device closed) until a payment covers the price, which lifts
//! it at once.
//!
//! Payments go through `trackgate_api::money::change_balance`, the function
//! the Panel API's `user/transaction/change_balance` calls.

use crate::support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::user_api::{call, code};
use trackgate_api::money::change_balance;
use trackgate_store::*;
use trackgate_tests::device::Device;

const IMEI: &str = "356307042441021";

/// A gateway renewing every second, with plans' days of `day_secs`.
fn gateway(dir: &std::path::Path, day_secs: u64) -> support::Running {
    support::start(dir, |config| {
        config.renewals.every_secs = 1;
        config.renewals.day_secs = day_secs;
    })
}

/// The user's id, as `user/get_info` answers it.
fn user_id(gateway: &support::Running, key: &str) -> UserId {
    let info = call(gateway, "user/get_info", key, json!({}));
    UserId(
        info["user_info"]["id"]
            .as_u64()
            .unwrap_or_else(|| panic!("{info}")),
    )
}

/// Puts `email` on a new plan costing 10 per `days` days; the plan's id.
fn on_plan(gateway: &support::Running, email: &str, days: u32) -> String {
    let plan = gateway.server(&format!("ADD_BILLING_PLAN,Fleet,10,{days},,"));
    assert_eq!(plan.status, 200, "{}", plan.body);
    let assigned = gateway.server(&format!("ADD_USER_BILLING_PLAN,{email},{}", plan.body));
    assert_eq!(assigned.body, "OK");
    plan.body
}

/// Pays `amount` in; the gateway's plans' days are `day_secs` long.
fn pay(gateway: &support::Running, user: UserId, amount: &str, day_secs: u64) {
    let payment = NewTransaction {
        user,
        time_ms: now_ms(),
        amount: Money::parse(amount).expect("an amount"),
        kind: TransactionType::Payment,
        description: "paid at the counter".into(),
        tracker: None,
        made_by: Some("test".into()),
    };
    let clock = trackgate_gateway::config::RenewalsConfig {
        every_secs: 1,
        day_secs,
    };
    change_balance(&*gateway.store, clock.clock(), payment, None, now_ms())
        .expect("the payment is taken");
}

/// Now, in ms since the epoch.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The charges in the user's ledger, and the balance.
fn charged(gateway: &support::Running, user: UserId) -> (usize, String) {
    let ledger = gateway
        .store
        .transactions(user, i64::MIN, i64::MAX, 0, usize::MAX)
        .expect("ledger");
    let charges = ledger
        .iter()
        .filter(|t| t.kind == TransactionType::Charge)
        .count();
    (
        charges,
        gateway.store.balance(user).expect("balance").to_string(),
    )
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

fn state(gateway: &support::Running, key: &str, tracker: u64) -> Value {
    call(
        gateway,
        "tracker/get_state",
        key,
        json!({ "tracker_id": tracker }),
    )
}

#[test]
fn a_period_is_charged_once_also_across_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, user) = {
        let gateway = gateway(dir.path(), 3_600);
        let (key, _) = gateway.provision("payer@example.com", "secret-1", IMEI);
        let user = user_id(&gateway, &key);
        pay(&gateway, user, "25", 3_600);
        on_plan(&gateway, "payer@example.com", 30);
        assert!(
            eventually(Duration::from_secs(5), || charged(&gateway, user).0 == 1),
            "the first period is charged within a tick: {:?}",
            charged(&gateway, user)
        );
        // Ticks go on: the period stays paid once.
        std::thread::sleep(Duration::from_millis(2_500));
        assert_eq!(charged(&gateway, user), (1, "15".into()));
        gateway.stop();
        (key, user)
    };
    let gateway = gateway(dir.path(), 3_600);
    std::thread::sleep(Duration::from_millis(2_500));
    assert_eq!(
        charged(&gateway, user),
        (1, "15".into()),
        "not again after the restart"
    );
    let answer = call(&gateway, "tracker/list", &key, json!({}));
    assert_eq!(answer["success"], true, "{answer}");
}

#[test]
fn an_unpaid_account_is_refused_until_a_payment_lifts_it_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Plans' days of 1 s: a 2-day period passes in 2 s.
    let gateway = gateway(dir.path(), 1);
    let (key, tracker) = gateway.provision("late@example.com", "secret-2", IMEI);
    let user = user_id(&gateway, &key);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1), "active before the plan");
    pay(&gateway, user, "10", 1);
    on_plan(&gateway, "late@example.com", 2);

    // The first period takes the 10; the second finds nothing to pay with.
    assert!(
        eventually(Duration::from_secs(10), || code(&state(
            &gateway, &key, tracker
        )) == 208),
        "208 once the second period is unpaid: {}",
        state(&gateway, &key, tracker)
    );
    assert_eq!(charged(&gateway, user), (1, "0".into()));
    assert!(
        device.is_closed(Duration::from_secs(3)),
        "the connected device is closed"
    );
    let mut refused = Device::connect(gateway.teltonika);
    assert_ne!(refused.login(IMEI), Some(1), "its login is refused");
    let listed = call(&gateway, "tracker/list", &key, json!({}));
    assert_eq!(listed["list"][0]["source"]["blocked"], true, "{listed}");

    pay(&gateway, user, "10", 1);
    assert_eq!(
        state(&gateway, &key, tracker)["success"],
        true,
        "lifted by the payment itself"
    );
    assert_eq!(charged(&gateway, user).0, 2, "which paid the period due");
    let mut back = Device::connect(gateway.teltonika);
    assert_eq!(back.login(IMEI), Some(1), "and the device logs in again");
}
