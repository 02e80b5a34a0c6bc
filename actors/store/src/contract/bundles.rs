//! Contract: bundled devices.

use super::{expect_err, new_tracker, new_user, ok};
use crate::bundle_model::*;
use crate::panel_model::*;
use crate::ports::Store;

fn device(imei: &str, dealer: Option<DealerId>) -> NewBundle {
    NewBundle {
        imei: imei.into(),
        iccid: Some(format!("8901{imei}")),
        phone: None,
        model: Some("fmb920".into()),
        dealer,
        order_id: None,
        created_ms: 1,
    }
}

/// Imports are all or none with unique IMEIs; bundles are read by id, IMEI
/// and phone, listed with filter and paging, reassigned, and used once.
pub fn bundles_are_imported_listed_and_used_once(store: &dyn Store) {
    let seller = ok(
        store.create_dealer(NewDealer {
            name: "contract-bundle-seller".into(),
            credits: 0,
            use_credits: false,
            tracker_limit: None,
            created_ms: 1,
            parent: None,
        }),
        "create_dealer",
    );
    let mut with_sim = device("contract-b-1", Some(seller.id));
    with_sim.phone = Some("contract-b-phone".into());
    let imported = ok(
        store.import_bundles(vec![
            with_sim,
            device("contract-b-2", Some(seller.id)),
            device("contract-b-3", None),
        ]),
        "import",
    );
    assert_eq!(imported.len(), 3);
    assert!(imported.iter().all(|b| b.used.is_none()));
    assert_eq!(
        ok(store.bundle(imported[1].id), "bundle"),
        Some(imported[1].clone())
    );
    assert_eq!(
        ok(store.bundle_by_imei("contract-b-3"), "by imei"),
        Some(imported[2].clone())
    );
    assert_eq!(ok(store.bundle_by_imei("contract-b-none"), "by imei"), None);
    assert_eq!(
        ok(store.bundle_by_phone("contract-b-phone"), "by phone"),
        Some(imported[0].clone())
    );

    let again = vec![device("contract-b-4", None), device("contract-b-1", None)];
    expect_err(
        store.import_bundles(again),
        "Conflict",
        "an IMEI bundled already",
    );
    let twice = vec![device("contract-b-5", None), device("contract-b-5", None)];
    expect_err(store.import_bundles(twice), "Conflict", "an IMEI twice");
    assert_eq!(
        ok(store.bundle_by_imei("contract-b-4"), "all or none"),
        None
    );
    let no_dealer = vec![device("contract-b-6", Some(DealerId(u64::MAX)))];
    expect_err(
        store.import_bundles(no_dealer),
        "NotFound",
        "a missing dealer",
    );

    let sellers = BundleFilter {
        dealers: Some(vec![seller.id]),
        ..BundleFilter::default()
    };
    let (listed, total) = ok(store.bundles(&sellers, 0, 10), "list");
    assert_eq!((listed, total), (imported[..2].to_vec(), 2));
    let (page, total) = ok(store.bundles(&sellers, 1, 1), "page");
    assert_eq!((page, total), (imported[1..2].to_vec(), 2));
    let text = BundleFilter {
        text: Some("contract-b-3".into()),
        ..BundleFilter::default()
    };
    assert_eq!(
        ok(store.bundles(&text, 0, 10), "text").0,
        imported[2..].to_vec()
    );

    let ordered = Bundle {
        order_id: Some(42),
        dealer: Some(seller.id),
        imei: "ignored".into(),
        ..imported[2].clone()
    };
    ok(
        store.update_bundle(&ordered),
        "assign to a dealer and an order",
    );
    let stored = ok(store.bundle(imported[2].id), "bundle").expect("kept");
    assert_eq!(
        (stored.order_id, stored.dealer, stored.imei.as_str()),
        (Some(42), Some(seller.id), "contract-b-3")
    );
    let lost = Bundle {
        id: BundleId(u64::MAX),
        ..stored.clone()
    };
    expect_err(store.update_bundle(&lost), "NotFound", "a missing bundle");

    let user = new_user(store, "contract-bundle-user@example.com");
    let tracker = new_tracker(store, "contract-b-2", Some(user.id));
    let used = ok(
        store.use_bundle(imported[1].id, tracker.id, user.id, 9),
        "use",
    );
    assert_eq!(
        used.used.map(|u| (u.tracker, u.user, u.time_ms)),
        Some((tracker.id, user.id, 9))
    );
    assert_eq!(ok(store.bundle(imported[1].id), "bundle"), Some(used));
    expect_err(
        store.use_bundle(imported[1].id, tracker.id, user.id, 10),
        "Conflict",
        "used twice",
    );
    let unused = BundleFilter {
        unused_only: true,
        ..sellers
    };
    let (left, _) = ok(store.bundles(&unused, 0, 10), "unused");
    assert!(left.iter().all(|b| b.used.is_none()) && left.len() == 2);
}
