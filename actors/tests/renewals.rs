//! Renewals on a real store, with the time passed in: each period is
//! charged once, missed periods are passed over, an account that cannot
//! pay is suspended until a payment covers the price, and a plan with a
//! debt limit lets the balance go that far below zero first.

use trackgate_actors::renewals::{RenewalClock, Settled, settle, settle_all};
use trackgate_store::*;

const DAY: i64 = 1_000;
const CLOCK: RenewalClock = RenewalClock { day_ms: DAY };
const T0: i64 = 1_700_000_000_000;

fn money(text: &str) -> Money {
    Money::parse(text).expect("an amount")
}

/// A user on a new plan costing `price` per 2-day period with `unpaid`,
/// owning one tracker; the user starts with `balance`.
fn account(
    store: &EmbeddedStore,
    login: &str,
    price: &str,
    unpaid: UnpaidPolicy,
    balance: &str,
) -> (UserId, TrackerId) {
    let plan = store
        .create_plan(NewBillingPlan {
            name: format!("plan of {login}"),
            price: money(price),
            period_days: 2,
            tracker_limit: None,
            history_days: None,
            dealer: None,
            unpaid,
        })
        .expect("plan");
    let user = store
        .create_user(NewUser {
            login: login.into(),
            password_hash: String::new(),
            created_ms: 0,
        })
        .expect("user");
    store
        .update_user(&User {
            plan: Some(plan.id),
            ..user.clone()
        })
        .expect("on the plan");
    let tracker = store
        .create_tracker(NewTracker {
            device_id: format!("{login}-device"),
            label: "van".into(),
            model: "teltonika".into(),
            owner: Some(user.id),
            created_ms: 0,
        })
        .expect("tracker");
    pay(store, user.id, balance);
    (user.id, tracker.id)
}

fn pay(store: &EmbeddedStore, user: UserId, amount: &str) {
    if amount != "0" {
        store
            .append_transaction(
                NewTransaction {
                    user,
                    time_ms: 0,
                    amount: money(amount),
                    kind: TransactionType::Payment,
                    description: "paid in".into(),
                    tracker: None,
                    made_by: None,
                },
                None,
            )
            .expect("payment");
    }
}

fn charges(store: &EmbeddedStore, user: UserId) -> usize {
    store
        .transactions(user, i64::MIN, i64::MAX, 0, usize::MAX)
        .expect("ledger")
        .iter()
        .filter(|t| t.kind == TransactionType::Charge)
        .count()
}

fn suspended(store: &EmbeddedStore, tracker: TrackerId) -> bool {
    store
        .tracker(tracker)
        .expect("read")
        .expect("kept")
        .suspended
}

#[test]
fn each_period_is_charged_once_and_an_unpaid_one_suspends_until_paid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("store");
    let (user, van) = account(
        &store,
        "renewing@example.com",
        "10",
        UnpaidPolicy::Block,
        "25",
    );

    assert_eq!(
        settle(&store, user, T0, CLOCK).unwrap(),
        Settled::Paid,
        "the first period at once"
    );
    assert_eq!(
        settle(&store, user, T0 + 2 * DAY - 1, CLOCK).unwrap(),
        Settled::Nothing
    );
    assert_eq!(store.balance(user).unwrap(), money("15"));
    assert_eq!(
        settle(&store, user, T0 + 2 * DAY, CLOCK).unwrap(),
        Settled::Paid,
        "the second"
    );
    assert_eq!(
        settle(&store, user, T0 + 2 * DAY, CLOCK).unwrap(),
        Settled::Nothing,
        "once"
    );
    assert_eq!(
        (store.balance(user).unwrap(), charges(&store, user)),
        (money("5"), 2)
    );

    let unpaid = settle(&store, user, T0 + 4 * DAY, CLOCK).unwrap();
    assert_eq!(
        unpaid,
        Settled::Suspended {
            trackers: vec![van]
        }
    );
    assert!(suspended(&store, van));
    assert_eq!(
        (store.balance(user).unwrap(), charges(&store, user)),
        (money("5"), 2),
        "nothing charged"
    );
    assert_eq!(
        settle(&store, user, T0 + 4 * DAY + 1, CLOCK).unwrap(),
        Settled::Nothing,
        "still unpaid, nothing new"
    );

    pay(&store, user, "4.99");
    assert_eq!(
        settle(&store, user, T0 + 5 * DAY, CLOCK).unwrap(),
        Settled::Nothing,
        "9.99 cannot pay 10"
    );
    assert!(suspended(&store, van));
    pay(&store, user, "0.01");
    assert_eq!(
        settle(&store, user, T0 + 5 * DAY, CLOCK).unwrap(),
        Settled::Paid
    );
    assert!(!suspended(&store, van), "lifted by the payment's settle");
    assert_eq!(store.balance(user).unwrap(), Money::ZERO);

    // Ten periods later, with money: one charge for the current period.
    pay(&store, user, "100");
    assert_eq!(
        settle(&store, user, T0 + 24 * DAY, CLOCK).unwrap(),
        Settled::Paid
    );
    assert_eq!(
        settle(&store, user, T0 + 25 * DAY, CLOCK).unwrap(),
        Settled::Nothing
    );
    assert_eq!(
        (store.balance(user).unwrap(), charges(&store, user)),
        (money("90"), 4)
    );
    let renewal = store.renewal(user).unwrap().expect("recorded");
    assert_eq!(
        (renewal.anchor_ms, renewal.paid_periods, renewal.suspended),
        (T0, 13, false)
    );
}

#[test]
fn a_debt_limit_lets_the_balance_go_below_zero_that_far() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("store");
    let limit = UnpaidPolicy::Debt { limit: money("15") };
    let (user, van) = account(&store, "debtor@example.com", "10", limit, "0");
    assert_eq!(settle(&store, user, T0, CLOCK).unwrap(), Settled::Paid);
    assert_eq!(store.balance(user).unwrap(), money("-10"));
    assert!(!suspended(&store, van));
    assert!(matches!(
        settle(&store, user, T0 + 2 * DAY, CLOCK).unwrap(),
        Settled::Suspended { .. }
    ));
    assert_eq!(
        store.balance(user).unwrap(),
        money("-10"),
        "-20 is past the limit"
    );
    assert!(suspended(&store, van));
}

#[test]
fn leaving_the_plan_ends_the_renewal_and_the_suspension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("store");
    let (user, van) = account(&store, "leaver@example.com", "3", UnpaidPolicy::Block, "0");
    let (rich, _) = account(&store, "rich@example.com", "3", UnpaidPolicy::Block, "3");
    let closed = settle_all(&store, T0, CLOCK).unwrap();
    assert_eq!(closed, vec![van], "only the account that cannot pay");
    assert_eq!(store.balance(rich).unwrap(), Money::ZERO);
    let account = store.user(user).unwrap().expect("kept");
    store
        .update_user(&User {
            plan: None,
            ..account
        })
        .unwrap();
    assert!(settle_all(&store, T0 + 1, CLOCK).unwrap().is_empty());
    assert_eq!(store.renewal(user).unwrap(), None);
    assert!(!suspended(&store, van));
    assert_eq!(charges(&store, user), 0);
}
