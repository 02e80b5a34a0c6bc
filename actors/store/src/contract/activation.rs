//! Contract: activation codes.

use super::{expect_err, new_tracker, new_user, ok};
use crate::activation_model::*;
use crate::model::UserId;
use crate::money::Money;
use crate::money_model::{NewTransaction, Renewal, TransactionType};
use crate::operator_model::{BillingPlan, NewBillingPlan};
use crate::panel_model::*;
use crate::ports::Store;

fn plan(store: &dyn Store, name: &str, dealer: Option<DealerId>) -> BillingPlan {
    ok(
        store.create_plan(NewBillingPlan {
            name: name.into(),
            price: Money::parse("5").expect("amount"),
            period_days: 30,
            tracker_limit: None,
            history_days: None,
            dealer,
            unpaid: Default::default(),
        }),
        "create_plan",
    )
}

fn code(code: &str, plan: &BillingPlan, money: &str) -> NewActivationCode {
    NewActivationCode {
        code: code.into(),
        dealer: plan.dealer,
        plan: plan.id,
        bonus_amount: Money::parse("2").expect("amount"),
        money_amount: Money::parse(money).expect("amount"),
        free_days: 7,
        created_ms: 1,
    }
}

fn credit(user: UserId, amount: &str, kind: TransactionType) -> NewTransaction {
    NewTransaction {
        user,
        time_ms: 1_700_000_000_000,
        amount: Money::parse(amount).expect("amount"),
        kind,
        description: "activation code".into(),
        tracker: None,
        made_by: None,
    }
}

/// Codes are created all or none and unique, read, listed by dealer,
/// updated while unused, and used once: atomically with the transactions
/// they bring, the plan and the renewal.
pub fn activation_codes_are_created_listed_updated_and_used_once(store: &dyn Store) {
    let dealer = ok(
        store.create_dealer(NewDealer {
            name: "contract-activation-dealer".into(),
            credits: 0,
            use_credits: false,
            tracker_limit: None,
            created_ms: 1,
            parent: None,
        }),
        "create_dealer",
    );
    let own = plan(store, "contract-activation-plan", Some(dealer.id));
    let other = plan(store, "contract-activation-other", Some(dealer.id));
    let created = ok(
        store.create_activation_codes(vec![
            code("9100000001", &own, "10"),
            code("9100000002", &own, "0"),
        ]),
        "create",
    );
    assert_eq!(created.len(), 2);
    assert!(created.iter().all(|c| c.used.is_none()));
    assert_eq!(
        ok(store.activation_code("9100000001"), "read"),
        Some(created[0].clone())
    );
    assert_eq!(ok(store.activation_code("9100000009"), "read"), None);
    assert_eq!(ok(store.activation_code("not digits"), "read"), None);

    // All or none: a code that exists, or one twice, or not digits.
    for again in [
        vec![code("9100000003", &own, "0"), code("9100000001", &own, "0")],
        vec![code("9100000004", &own, "0"), code("9100000004", &own, "0")],
        vec![code("91000x0005", &own, "0")],
    ] {
        expect_err(store.create_activation_codes(again), "Conflict", "repeat");
    }
    assert_eq!(ok(store.activation_code("9100000003"), "read"), None);
    let mut missing_plan = code("9100000006", &own, "0");
    missing_plan.plan = crate::operator_model::PlanId(u64::MAX);
    expect_err(
        store.create_activation_codes(vec![missing_plan]),
        "NotFound",
        "plan",
    );

    let listed = ok(store.activation_codes(Some(&[dealer.id])), "list");
    assert_eq!(listed, created);
    assert!(
        ok(store.activation_codes(Some(&[DealerId(u64::MAX)])), "list").is_empty(),
        "another dealer's codes are not listed"
    );
    assert!(ok(store.activation_codes(None), "list all").len() >= 2);

    // Used once, with its transactions in the same write.
    let user = new_user(store, "contract-activation-user");
    let tracker = new_tracker(store, "contract-activation-dev", Some(user.id));
    let by = CodeUse {
        tracker: tracker.id,
        user: user.id,
        time_ms: 1_700_000_000_000,
    };
    let free = Renewal {
        plan: own.id,
        anchor_ms: 1_700_000_000_000,
        paid_periods: 1,
        suspended: false,
    };
    // A renewal other than the one expected refuses the whole use.
    let stale = Activation {
        code: "9100000001".into(),
        by,
        credits: vec![credit(user.id, "10", TransactionType::Payment)],
        plan: Some(own.id),
        renewal: Some(RenewalChange {
            expected: Some(free),
            new: free,
        }),
    };
    expect_err(store.activate_code(stale), "Conflict", "stale renewal");
    assert_eq!(ok(store.balance(user.id), "balance"), Money::ZERO);
    assert_eq!(ok(store.user(user.id), "user").and_then(|u| u.plan), None);
    let activated = ok(
        store.activate_code(Activation {
            code: "9100000001".into(),
            by,
            credits: vec![
                credit(user.id, "10", TransactionType::Payment),
                credit(user.id, "2", TransactionType::Bonus),
            ],
            plan: Some(own.id),
            renewal: Some(RenewalChange {
                expected: None,
                new: free,
            }),
        }),
        "activate",
    );
    // The account went on the plan, with the renewal, in the same write.
    let account = ok(store.user(user.id), "user").expect("kept");
    assert_eq!(account.plan, Some(own.id));
    assert_eq!(ok(store.renewal(user.id), "renewal"), Some(free));
    assert_eq!(activated.code.used, Some(by));
    let after: Vec<String> = activated
        .transactions
        .iter()
        .map(|t| t.balance_after.to_string())
        .collect();
    assert_eq!(after, ["10", "12"]);
    assert!(activated.transactions[0].id < activated.transactions[1].id);
    assert_eq!(
        ok(store.balance(user.id), "balance"),
        Money::parse("12").expect("amount")
    );
    let ledger = ok(
        store.transactions(user.id, i64::MIN, i64::MAX, 0, 10),
        "ledger",
    );
    assert_eq!(ledger, activated.transactions);
    assert_eq!(
        ok(store.activation_code("9100000001"), "read").and_then(|c| c.used),
        Some(by)
    );
    let twice = Activation {
        code: "9100000001".into(),
        by,
        credits: vec![credit(user.id, "10", TransactionType::Payment)],
        plan: None,
        renewal: None,
    };
    expect_err(store.activate_code(twice), "Conflict", "used twice");
    assert_eq!(
        ok(store.balance(user.id), "balance"),
        Money::parse("12").expect("amount"),
        "a refused use credits nothing"
    );
    let unknown = Activation {
        code: "9100000009".into(),
        by,
        credits: Vec::new(),
        plan: None,
        renewal: None,
    };
    expect_err(store.activate_code(unknown), "NotFound", "unknown code");
    let someone_else = Activation {
        code: "9100000002".into(),
        by,
        credits: vec![credit(UserId(u64::MAX), "1", TransactionType::Bonus)],
        plan: None,
        renewal: None,
    };
    expect_err(
        store.activate_code(someone_else),
        "Conflict",
        "another user's transaction",
    );
    assert_eq!(
        ok(store.activation_code("9100000002"), "read").and_then(|c| c.used),
        None,
        "a refused use leaves the code unused"
    );

    // Updates change unused codes of the dealers named only.
    let terms = CodeTerms {
        plan: other.id,
        bonus_amount: Some(Money::parse("3").expect("amount")),
        free_days: None,
    };
    let codes = ["9100000001", "9100000002", "9100000009"].map(String::from);
    let elsewhere = ok(
        store.update_activation_codes(&codes, Some(&[DealerId(u64::MAX)]), &terms),
        "update elsewhere",
    );
    assert!(elsewhere.is_empty(), "another dealer's codes stay");
    let changed = ok(
        store.update_activation_codes(&codes, Some(&[dealer.id]), &terms),
        "update",
    );
    assert_eq!(changed.len(), 1, "the used and the unknown code stay");
    let updated = ok(store.activation_code("9100000002"), "read").expect("kept");
    assert_eq!(
        (
            updated.plan,
            updated.bonus_amount.to_string(),
            updated.free_days
        ),
        (other.id, "3".to_owned(), 7)
    );
    assert_eq!(
        ok(store.activation_code("9100000001"), "read").map(|c| c.plan),
        Some(own.id),
        "a used code keeps its terms"
    );
    let gone_plan = CodeTerms {
        plan: crate::operator_model::PlanId(u64::MAX),
        ..terms
    };
    expect_err(
        store.update_activation_codes(&codes, None, &gone_plan),
        "NotFound",
        "missing plan",
    );
}
