//! Contract: sub-dealers, balances and the ledger, and renewals.

use super::{expect_err, new_tracker, new_user, ok};
use crate::model::*;
use crate::money::Money;
use crate::money_model::*;
use crate::operator_model::PlanId;
use crate::panel_model::*;
use crate::ports::Store;

fn money(text: &str) -> Money {
    Money::parse(text).expect("an amount")
}

#[track_caller]
fn dealer(store: &dyn Store, name: &str, parent: Option<DealerId>) -> Dealer {
    ok(
        store.create_dealer(NewDealer {
            name: name.into(),
            credits: 0,
            use_credits: false,
            tracker_limit: None,
            created_ms: 1,
            parent,
        }),
        "create_dealer",
    )
}

/// A dealer sees itself and its sub-dealers at any depth, never its
/// parents or siblings; parents must exist and never form a cycle.
pub fn sub_dealers_see_down_never_up(store: &dyn Store) {
    let top = dealer(store, "contract-top", None);
    let mid = dealer(store, "contract-mid", Some(top.id));
    let low = dealer(store, "contract-low", Some(mid.id));
    let other = dealer(store, "contract-other", Some(top.id));
    assert_eq!(
        ok(store.dealer(low.id), "dealer").map(|d| d.parent),
        Some(Some(mid.id))
    );
    let sees =
        |viewer: &Dealer, target: &Dealer| ok(store.dealer_sees(viewer.id, target.id), "sees");
    for (viewer, target, expected) in [
        (&top, &low, true),
        (&top, &top, true),
        (&mid, &low, true),
        (&low, &mid, false),
        (&mid, &top, false),
        (&mid, &other, false),
        (&other, &low, false),
    ] {
        assert_eq!(
            sees(viewer, target),
            expected,
            "{} sees {}",
            viewer.name,
            target.name
        );
    }
    assert!(!ok(
        store.dealer_sees(top.id, DealerId(u64::MAX)),
        "sees missing"
    ));

    let missing_parent = store.create_dealer(NewDealer {
        name: "contract-orphan".into(),
        credits: 0,
        use_credits: false,
        tracker_limit: None,
        created_ms: 1,
        parent: Some(DealerId(u64::MAX)),
    });
    expect_err(missing_parent, "NotFound", "a parent that does not exist");
    for (parent, what) in [(low.id, "below itself"), (top.id, "itself")] {
        let cycle = Dealer {
            parent: Some(parent),
            ..top.clone()
        };
        expect_err(store.update_dealer(&cycle), "Conflict", what);
    }
    assert_eq!(
        ok(store.dealer(top.id), "dealer"),
        Some(top.clone()),
        "a refused parent is not kept"
    );
    let moved = Dealer {
        parent: Some(other.id),
        ..low.clone()
    };
    ok(
        store.update_dealer(&moved),
        "a sub-dealer moves to another parent",
    );
    assert!(!sees(&mid, &low) && sees(&other, &low) && sees(&top, &low));
}

fn transaction(user: UserId, time_ms: i64, amount: &str, kind: TransactionType) -> NewTransaction {
    NewTransaction {
        user,
        time_ms,
        amount: money(amount),
        kind,
        description: format!("{} of {amount}", kind.name()),
        tracker: None,
        made_by: Some("contract".into()),
    }
}

/// Transactions change the balance exactly, each with the balance it left;
/// one refused by its floor changes neither; they list by time with paging.
pub fn ledger_adds_up_to_the_balance(store: &dyn Store) {
    let user = new_user(store, "contract-ledger@example.com").id;
    assert_eq!(ok(store.balance(user), "balance"), Money::ZERO);
    expect_err(
        store.balance(UserId(u64::MAX)),
        "NotFound",
        "a missing user's balance",
    );
    let missing = transaction(UserId(u64::MAX), 1, "1", TransactionType::Payment);
    expect_err(
        store.append_transaction(missing, None),
        "NotFound",
        "a missing user",
    );

    let paid = ok(
        store.append_transaction(
            transaction(user, 2_000, "10.10", TransactionType::Payment),
            None,
        ),
        "payment",
    );
    assert_eq!(
        (paid.balance_after, paid.balance_before()),
        (money("10.1"), Money::ZERO)
    );
    let charged = ok(
        store.append_transaction(
            transaction(user, 1_000, "-0.20", TransactionType::Charge),
            Some(Money::ZERO),
        ),
        "charge",
    );
    assert_eq!(charged.balance_after, money("9.9"), "exact decimals");
    assert!(charged.id > paid.id);

    let refused = transaction(user, 3_000, "-10", TransactionType::Charge);
    expect_err(
        store.append_transaction(refused.clone(), Some(Money::ZERO)),
        "Conflict",
        "below the floor",
    );
    assert_eq!(
        ok(store.balance(user), "balance"),
        money("9.9"),
        "a refused change leaves the balance"
    );
    assert_eq!(
        ok(store.transactions(user, i64::MIN, i64::MAX, 0, 10), "list").len(),
        2,
        "and the ledger"
    );
    let debt = ok(
        store.append_transaction(refused, Some(money("-5"))),
        "down to a lower floor",
    );
    assert_eq!(debt.balance_after, money("-0.1"));
    ok(
        store.append_transaction(transaction(user, 4_000, "1", TransactionType::Bonus), None),
        "bonus",
    );

    let all = ok(
        store.transactions(user, i64::MIN, i64::MAX, 0, usize::MAX),
        "list",
    );
    let times: Vec<i64> = all.iter().map(|t| t.time_ms).collect();
    assert_eq!(times, [1_000, 2_000, 3_000, 4_000], "oldest first, by time");
    assert_eq!(all[0], charged);
    let sum = all
        .iter()
        .fold(Money::ZERO, |sum, t| Money(sum.0 + t.amount.0));
    assert_eq!(
        sum,
        ok(store.balance(user), "balance"),
        "the ledger adds up"
    );
    assert_eq!(all.last().map(|t| t.balance_after), Some(sum));
    let window = ok(store.transactions(user, 2_000, 3_000, 0, 10), "window");
    assert_eq!(
        window.iter().map(|t| t.time_ms).collect::<Vec<_>>(),
        [2_000, 3_000]
    );
    let page = ok(store.transactions(user, i64::MIN, i64::MAX, 1, 2), "page");
    assert_eq!(page, all[1..3]);
    assert!(ok(store.transactions(user, 5, 4, 0, 10), "reversed").is_empty());
    let other = new_user(store, "contract-ledger-other@example.com").id;
    assert!(
        ok(
            store.transactions(other, i64::MIN, i64::MAX, 0, 10),
            "other"
        )
        .is_empty()
    );
}

fn renewal(plan: PlanId, paid_periods: u64, suspended: bool) -> Renewal {
    Renewal {
        plan,
        anchor_ms: 1_000,
        paid_periods,
        suspended,
    }
}

/// A renewal step charges once, with its record, or suspends the account's
/// trackers when the balance cannot pay; a stale step is refused.
pub fn renewals_charge_once_or_suspend(store: &dyn Store) {
    let user = new_user(store, "contract-renewal@example.com").id;
    let van = new_tracker(store, "contract-renewal-van", Some(user));
    let plan = PlanId(7);
    ok(
        store.append_transaction(transaction(user, 1, "15", TransactionType::Payment), None),
        "pay",
    );
    let step = |expected, paid_periods| RenewalStep {
        user,
        expected,
        paid: renewal(plan, paid_periods, false),
        unpaid: renewal(plan, paid_periods - 1, true),
        charge: Some(transaction(user, 2, "-10", TransactionType::Charge)),
        floor: Money::ZERO,
    };
    let first = ok(store.renew(step(None, 1)), "first period");
    assert!(matches!(first, RenewalOutcome::Paid(Some(ref t)) if t.balance_after == money("5")));
    assert_eq!(
        ok(store.renewal(user), "renewal"),
        Some(renewal(plan, 1, false))
    );
    expect_err(
        store.renew(step(None, 1)),
        "Conflict",
        "the same period again",
    );
    assert_eq!(
        ok(store.balance(user), "balance"),
        money("5"),
        "charged once"
    );
    assert!(ok(store.renewing_users(), "renewing").contains(&user));

    let unpaid = ok(
        store.renew(step(Some(renewal(plan, 1, false)), 2)),
        "second period",
    );
    assert_eq!(unpaid, RenewalOutcome::Unpaid);
    assert_eq!(
        ok(store.renewal(user), "renewal"),
        Some(renewal(plan, 1, true))
    );
    assert_eq!(
        ok(store.balance(user), "balance"),
        money("5"),
        "nothing charged"
    );
    let suspended = ok(store.tracker(van.id), "tracker").expect("kept");
    assert!(suspended.suspended && !suspended.blocked && !suspended.is_active_at(0));

    ok(
        store.append_transaction(transaction(user, 3, "5", TransactionType::Payment), None),
        "pay",
    );
    let paid = ok(
        store.renew(step(Some(renewal(plan, 1, true)), 2)),
        "paid at last",
    );
    assert!(matches!(paid, RenewalOutcome::Paid(Some(_))));
    assert_eq!(ok(store.balance(user), "balance"), Money::ZERO);
    assert!(
        !ok(store.tracker(van.id), "tracker")
            .expect("kept")
            .suspended,
        "lifted"
    );

    let free = RenewalStep {
        charge: None,
        ..step(Some(renewal(plan, 2, false)), 3)
    };
    assert_eq!(ok(store.renew(free), "free"), RenewalOutcome::Paid(None));
    ok(
        store.renew(step(Some(renewal(plan, 3, false)), 4)),
        "unpaid again",
    );
    assert!(
        ok(store.tracker(van.id), "tracker")
            .expect("kept")
            .suspended
    );
    assert!(ok(store.end_renewal(user), "end"), "there was one");
    assert_eq!(ok(store.renewal(user), "renewal"), None);
    assert!(
        !ok(store.tracker(van.id), "tracker")
            .expect("kept")
            .suspended,
        "ending lifts it"
    );
    assert!(!ok(store.end_renewal(user), "end again"));
    let ghost = RenewalStep {
        user: UserId(u64::MAX),
        ..step(None, 1)
    };
    expect_err(store.renew(ghost), "NotFound", "a missing user");
}
