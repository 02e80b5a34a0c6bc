//! A format 4 store opens as the current format (through 5) with nothing lost: trackers, dealers
//! and plans keep every field and gain their billing fields' defaults.

use super::migrate::CURRENT_VERSION;
use super::migrate_v5::{DealerV4, PlanV4, TrackerV3};
use super::*;
use crate::bundle_model::BundleFilter;
use crate::model::*;
use crate::money::Money;
use crate::money_ports::{BundleStore, LedgerStore};
use crate::operator_model::{BillingPlan, PlanId, UnpaidPolicy};
use crate::operator_ports::OperatorStore;
use crate::panel_model::{Dealer, DealerId};
use crate::panel_ports::DealerStore;
use crate::ports::AccountStore;

fn old_tracker(id: u64) -> TrackerV3 {
    TrackerV3 {
        id: TrackerId(id),
        device_id: format!("35630704255{id:04}"),
        label: format!("Truck {id}"),
        model: "teltonika".into(),
        owner: None,
        created_ms: 1_600_000_000_000,
        blocked: id == 2,
        phone: Some("+10000000001".into()),
        expires_ms: Some(1_900_000_000_000),
        apn: Some(Apn {
            name: "internet".into(),
            user: String::new(),
            password: String::new(),
        }),
        corrupted: false,
        clone_of: None,
        replaced_ms: Some(5),
    }
}

#[test]
fn format_4_records_gain_billing_fields_and_keep_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let trackers = [old_tracker(1), old_tracker(2)];
    let dealer = DealerV4 {
        id: DealerId(3),
        name: "West".into(),
        credits: 7,
        use_credits: true,
        tracker_limit: Some(40),
        created_ms: 11,
    };
    let plan = PlanV4 {
        id: PlanId(4),
        name: "Monthly".into(),
        price: Money::parse("12.50").unwrap(),
        period_days: 30,
        tracker_limit: Some(3),
        history_days: Some(90),
        dealer: Some(DealerId(3)),
    };
    {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        store
            .write_v4(
                &trackers,
                std::slice::from_ref(&dealer),
                std::slice::from_ref(&plan),
            )
            .unwrap();
        assert!(
            matches!(store.tracker(TrackerId(1)), Err(StoreError::Corrupt(_))),
            "a format 4 tracker is not read as a current one"
        );
    }
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    const { assert!(CURRENT_VERSION >= 6) };
    for old in &trackers {
        let tracker = store.tracker(old.id).unwrap().expect("kept");
        let expected = Tracker {
            suspended: false,
            ..Tracker::from(old.clone())
        };
        assert_eq!(tracker, expected);
        assert_eq!(
            (tracker.label.as_str(), tracker.blocked, tracker.replaced_ms),
            (old.label.as_str(), old.blocked, old.replaced_ms)
        );
        let by_device = store.tracker_by_device(&old.device_id).unwrap();
        assert_eq!(by_device.map(|t| t.id), Some(old.id));
    }
    assert_eq!(
        store.dealer(DealerId(3)).unwrap(),
        Some(Dealer {
            id: DealerId(3),
            name: "West".into(),
            credits: 7,
            use_credits: true,
            tracker_limit: Some(40),
            created_ms: 11,
            parent: None,
        })
    );
    assert_eq!(
        store.plan(PlanId(4)).unwrap(),
        Some(BillingPlan {
            id: PlanId(4),
            name: "Monthly".into(),
            price: Money::parse("12.5").unwrap(),
            period_days: 30,
            tracker_limit: Some(3),
            history_days: Some(90),
            dealer: Some(DealerId(3)),
            unpaid: UnpaidPolicy::Block,
        })
    );
    // The new keyspaces start empty and work.
    assert!(store.renewing_users().unwrap().is_empty());
    assert_eq!(store.bundles(&BundleFilter::default(), 0, 10).unwrap().1, 0);
    drop(store);
    // Opening again migrates nothing twice.
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    assert!(store.tracker(TrackerId(2)).unwrap().expect("kept").blocked);
}
