//! A format 5 store opens as format 6 with nothing lost, and takes
//! activation codes at once.

use super::migrate::CURRENT_VERSION;
use super::*;
use crate::activation_model::*;
use crate::activation_ports::ActivationStore;
use crate::bundle_model::{BundleFilter, NewBundle};
use crate::model::*;
use crate::money::Money;
use crate::money_model::{NewTransaction, TransactionType};
use crate::money_ports::{BundleStore, LedgerStore};
use crate::operator_model::{NewBillingPlan, UnpaidPolicy};
use crate::operator_ports::OperatorStore;
use crate::panel_model::NewDealer;
use crate::panel_ports::DealerStore;
use crate::ports::AccountStore;

#[test]
fn a_format_5_store_opens_as_format_6_with_everything_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (user, tracker, dealer, plan, bundle) = {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let user = store
            .create_user(NewUser {
                login: "five@example.com".into(),
                password_hash: String::new(),
                created_ms: 1,
            })
            .unwrap();
        let tracker = store
            .create_tracker(NewTracker {
                device_id: "356307042440005".into(),
                label: "Five".into(),
                model: "teltonika".into(),
                owner: Some(user.id),
                created_ms: 2,
            })
            .unwrap();
        let dealer = store
            .create_dealer(NewDealer {
                name: "Five".into(),
                credits: 3,
                use_credits: false,
                tracker_limit: None,
                created_ms: 3,
                parent: None,
            })
            .unwrap();
        let plan = store
            .create_plan(NewBillingPlan {
                name: "Five".into(),
                price: Money::parse("4.5").unwrap(),
                period_days: 30,
                tracker_limit: None,
                history_days: None,
                dealer: Some(dealer.id),
                unpaid: UnpaidPolicy::Block,
            })
            .unwrap();
        store
            .append_transaction(
                NewTransaction {
                    user: user.id,
                    time_ms: 4,
                    amount: Money::parse("8").unwrap(),
                    kind: TransactionType::Payment,
                    description: "before".into(),
                    tracker: None,
                    made_by: None,
                },
                None,
            )
            .unwrap();
        let bundle = store
            .import_bundles(vec![NewBundle {
                imei: "356307042440013".into(),
                iccid: None,
                phone: None,
                model: None,
                dealer: Some(dealer.id),
                order_id: None,
                created_ms: 5,
            }])
            .unwrap()
            .remove(0);
        // What format 5 wrote is this, less the (empty) codes keyspace.
        let mut batch = store.durable_batch();
        store.write_format_version(&mut batch, 5).unwrap();
        batch.commit().unwrap();
        (user, tracker, dealer, plan, bundle)
    };
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    const { assert!(CURRENT_VERSION >= 6) };
    assert_eq!(store.user(user.id).unwrap(), Some(user.clone()));
    assert_eq!(store.tracker(tracker.id).unwrap(), Some(tracker.clone()));
    assert_eq!(store.dealer(dealer.id).unwrap(), Some(dealer));
    assert_eq!(store.plan(plan.id).unwrap(), Some(plan.clone()));
    assert_eq!(store.balance(user.id).unwrap(), Money::parse("8").unwrap());
    let bundles = store.bundles(&BundleFilter::default(), 0, 10).unwrap();
    assert_eq!(bundles.0, vec![bundle]);

    // Codes work at once, and the next transaction follows the old ones.
    assert!(store.activation_codes(None).unwrap().is_empty());
    store
        .create_activation_codes(vec![NewActivationCode {
            code: "5550001".into(),
            dealer: plan.dealer,
            plan: plan.id,
            bonus_amount: Money::ZERO,
            money_amount: Money::parse("2").unwrap(),
            free_days: 0,
            created_ms: 6,
        }])
        .unwrap();
    let activated = store
        .activate_code(Activation {
            code: "5550001".into(),
            by: CodeUse {
                tracker: tracker.id,
                user: user.id,
                time_ms: 7,
            },
            credits: vec![NewTransaction {
                user: user.id,
                time_ms: 7,
                amount: Money::parse("2").unwrap(),
                kind: TransactionType::Payment,
                description: "code".into(),
                tracker: Some(tracker.id),
                made_by: None,
            }],
            plan: None,
            renewal: None,
        })
        .unwrap();
    assert_eq!(activated.transactions[0].balance_after.to_string(), "10");
    assert_eq!(store.transactions(user.id, 0, 10, 0, 10).unwrap().len(), 2);
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    let kept = store.activation_code("5550001").unwrap().expect("kept");
    assert_eq!(kept.used.map(|u| u.tracker), Some(tracker.id));
}
