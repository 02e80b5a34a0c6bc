//! `tracker/tariff/change`: the owner's account moves to the new tariff;
//! `charge` charges its first period at once, `repay` gives back the
//! unused part of the old period, both in the ledger (read from the store:
//! the transaction calls are another surface's).

use std::time::Duration;

use serde_json::json;
use trackgate_store::*;

use super::support::user_api::code as user_code;
use super::{World, plan, world};

/// Plans' days last a second here: a 30-day period is 30 s.
const DAY_MS: i64 = 1_000;
const PERIOD_MS: i64 = 30 * DAY_MS;

fn ledger(w: &World, user: UserId) -> Vec<Transaction> {
    w.gateway
        .store
        .transactions(user, i64::MIN, i64::MAX, 0, usize::MAX)
        .expect("ledger")
}

fn balance(w: &World, user: UserId) -> Money {
    w.gateway.store.balance(user).expect("balance")
}

fn money(text: &str) -> Money {
    Money::parse(text).expect("an amount")
}

/// `cents` as an amount.
fn cents(cents: i64) -> Money {
    money(&format!("{}.{:02}", cents / 100, cents % 100))
}

#[test]
fn a_tariff_change_charges_repays_or_starts_uncharged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut plans = (PlanId(0), PlanId(0), PlanId(0));
    let w = world(
        dir.path(),
        |store, seeded| {
            plans = (
                plan(store, "Light", "4", Some(seeded.north), None),
                plan(store, "Mid", "7", Some(seeded.north), None),
                plan(store, "None at all", "1", Some(seeded.north), Some(0)),
            );
        },
        |config| {
            // One pass at the start, none during the test.
            config.renewals.every_secs = 3_600;
            config.renewals.day_secs = 1;
        },
    );
    let (light, mid, empty) = plans;
    let ada = w.ada;
    // The renewal at the start charged Ada's first period of Basic (10).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while ledger(&w, ada).len() < 2 {
        assert!(std::time::Instant::now() < deadline, "never charged");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(balance(&w, ada), money("90"));
    let anchor = w
        .gateway
        .store
        .renewal(ada)
        .expect("renewal")
        .expect("recorded")
        .anchor_ms;
    std::thread::sleep(Duration::from_millis(1_200));

    // repay + charge: the unused part back, the new first period charged.
    let change = |tariff: PlanId, repay: bool, charge: bool| {
        w.ok(
            "tracker/tariff/change",
            &w.north,
            json!({ "tracker_id": w.ada_tracker, "tariff_id": tariff.0,
                "repay": repay, "charge": charge }),
        );
    };
    change(light, true, true);
    let entries = ledger(&w, ada);
    assert_eq!(entries.len(), 4, "{entries:?}");
    let refund = &entries[2];
    assert_eq!(
        (refund.kind, refund.tracker),
        (TransactionType::Correction, Some(TrackerId(w.ada_tracker)))
    );
    let left = anchor + PERIOD_MS - refund.time_ms;
    let expected = cents(1_000 * left / PERIOD_MS);
    assert_eq!(refund.amount, expected, "10 for {left} ms of {PERIOD_MS}");
    assert!(refund.amount > money("9") && refund.amount < money("10"));
    let charge = &entries[3];
    assert_eq!(
        (charge.kind, charge.amount),
        (TransactionType::Charge, money("-4"))
    );
    assert_eq!(
        balance(&w, ada),
        Money(money("86").0 + refund.amount.0),
        "90 + refund - 4"
    );
    let user = w.ok("user/read", &w.north, json!({ "user_id": ada.0 }));
    assert_eq!(user["default_tariff_id"], light.0);
    assert_eq!(w.read(w.ada_tracker)["source"]["tariff_id"], light.0);

    // No charge: the new plan's first period is settled without one.
    let before = balance(&w, ada);
    change(mid, false, false);
    let renewal = w.gateway.store.renewal(ada).expect("renewal").expect("one");
    assert_eq!(
        (renewal.plan, renewal.paid_periods, renewal.suspended),
        (mid, 1, false)
    );
    // Nothing was paid for it, so nothing is repaid.
    change(light, true, false);
    assert_eq!(ledger(&w, ada).len(), 4, "no transaction since");
    assert_eq!(balance(&w, ada), before);

    // Navixy's refusals.
    let refused = |hash: &str, tracker: u64, tariff: u64| {
        w.code(
            "tracker/tariff/change",
            hash,
            json!({ "tracker_id": tracker, "tariff_id": tariff }),
        )
    };
    assert_eq!(refused(&w.north, w.ada_tracker, light.0), 238, "the same");
    assert_eq!(refused(&w.north, w.ada_tracker, w.south_tariff), 239);
    assert_eq!(
        refused(&w.staff, w.ada_tracker, w.south_tariff),
        239,
        "not ada's dealer's"
    );
    assert_eq!(refused(&w.north, w.ada_tracker, 9_999), 239);
    assert_eq!(refused(&w.north, w.ada_tracker, empty.0), 221);
    assert_eq!(refused(&w.south, w.ada_tracker, mid.0), 201);
    assert_eq!(
        w.code(
            "tracker/tariff/change",
            &w.north,
            json!({ "tracker_id": w.ada_tracker }),
        ),
        7
    );
    let su = w.call(
        "tracker/tariff/change",
        &w.north,
        json!({ "tracker_id": w.ada_tracker, "tariff_id": mid.0, "su": "ada@example.com" }),
    );
    assert_eq!(su["status"]["code"], 13, "{su}");
    assert_eq!(ledger(&w, ada).len(), 4, "refusals change nothing");
    w.gateway.stop();
}

#[test]
fn a_charge_the_balance_cannot_pay_suspends_and_clones_and_corrupted_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ids = (PlanId(0), 0, 0);
    let w = world(
        dir.path(),
        |store, seeded| {
            let light = plan(store, "Light", "4", Some(seeded.north), None);
            let clone = store
                .create_clone(seeded.bob_tracker, seeded.ada, 1_700_000_000_000)
                .expect("a clone");
            let mut gone = store
                .tracker(super::tracker(store, "356307042441106", "Gone", seeded.ada))
                .expect("read")
                .expect("tracker");
            gone.corrupted = true;
            store.update_tracker(&gone).expect("corrupt");
            ids = (light, clone.id.0, gone.id.0);
        },
        |config| config.renewals.every_secs = 3_600,
    );
    let (light, clone, gone) = ids;
    for (tracker, expected) in [(clone, 219), (gone, 252)] {
        let answer = w.call(
            "tracker/tariff/change",
            &w.north,
            json!({ "tracker_id": tracker, "tariff_id": light.0 }),
        );
        assert_eq!(answer["status"]["code"], expected, "{answer}");
    }

    // Bob has nothing to pay with: on the new plan, his tracker is refused.
    let hash = w.user_hash(w.bob);
    let state = || {
        w.gateway
            .user(
                "tracker/get_state",
                json!({ "hash": hash, "tracker_id": w.bob_tracker }),
            )
            .json()
    };
    assert_eq!(state()["success"], true);
    w.ok(
        "tracker/tariff/change",
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "tariff_id": light.0, "charge": true }),
    );
    assert_eq!(user_code(&state()), 208);
    assert_eq!(w.read(w.bob_tracker)["source"]["blocked"], true);
    assert!(ledger(&w, w.bob).is_empty(), "nothing charged");
    w.gateway.stop();
}
