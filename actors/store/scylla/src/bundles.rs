//! Bundled devices ([`BundleStore`]).
//!
//! A bundle lives under its id in `bundles`, written only by lightweight
//! transactions: created `IF NOT EXISTS`, changed `IF used = ?` (what the
//! writer read), so it is used once and no update undoes a use. Its IMEI
//! is unique, claimed in `bundle_imeis` as users' logins are; its SIM's
//! phone is indexed in `bundle_phones`, its dealer's bundles in
//! `dealer_bundles`.

use std::collections::BTreeSet;

use trackgate_store::*;

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, bodies, by_ids, decode_body, ids, join, key, not_found, total};
use crate::panel::check_dealer;
use crate::unique::{self, Claims, claim_statements, claims};

/// The claims of bundled IMEIs.
const IMEIS: Claims = claims!("bundle_imeis");

const OWN: &[Stmt] = &[
    Stmt {
        name: "bundles.get",
        cql: "SELECT used, body FROM bundles WHERE id = ?",
    },
    Stmt {
        name: "bundles.body",
        cql: "SELECT body FROM bundles WHERE id = ?",
    },
    // Listing bundles without a dealer filter, an operator listing: scans.
    Stmt {
        name: "bundles.all",
        cql: "SELECT body FROM bundles",
    },
    Stmt {
        name: "bundles.create",
        cql: "INSERT INTO bundles (id, used, body) VALUES (?, ?, ?) IF NOT EXISTS",
    },
    Stmt {
        name: "bundles.change",
        cql: "UPDATE bundles SET used = ?, body = ? WHERE id = ? IF used = ?",
    },
    Stmt {
        name: "bundle_phones.get",
        cql: "SELECT id FROM bundle_phones WHERE phone = ?",
    },
    Stmt {
        name: "bundle_phones.put",
        cql: "INSERT INTO bundle_phones (phone, id) VALUES (?, ?)",
    },
    Stmt {
        name: "bundle_phones.delete",
        cql: "DELETE FROM bundle_phones WHERE phone = ?",
    },
    Stmt {
        name: "dealer_bundles.list",
        cql: "SELECT bundle FROM dealer_bundles WHERE dealer = ?",
    },
    Stmt {
        name: "dealer_bundles.put",
        cql: "INSERT INTO dealer_bundles (dealer, bundle) VALUES (?, ?)",
    },
    Stmt {
        name: "dealer_bundles.delete",
        cql: "DELETE FROM dealer_bundles WHERE dealer = ? AND bundle = ?",
    },
];

const PARTS: &[&[Stmt]] = &[OWN, &claim_statements!("bundle_imeis", "imei")];

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &join::<{ total(PARTS) }>(PARTS);

/// Tries of a contended compare-and-set before it gives up.
const TRIES: u32 = 64;

/// A bundle as stored: its `used` column and the bundle.
fn read(store: &ScyllaStore, id: BundleId) -> Result<Option<(bool, Bundle)>, StoreError> {
    store
        .db()
        .query_one::<(Option<bool>, Option<Vec<u8>>)>("bundles.get", (key(id.0),))?
        .map(|(used, body)| {
            let bundle: Bundle = decode_body(body, "bundle")?;
            Ok((used.unwrap_or(bundle.used.is_some()), bundle))
        })
        .transpose()
}

/// Adds to `writes` the moves of a bundle's phone and dealer index entries
/// from `old` to `new`.
fn reindex(writes: &mut Writes, old: Option<&Bundle>, new: &Bundle) -> Result<(), StoreError> {
    let id = key(new.id.0);
    let old_phone = old.and_then(|o| o.phone.clone());
    if old_phone != new.phone {
        if let Some(phone) = old_phone {
            writes.push_row("bundle_phones.delete", (phone,));
        }
        if let Some(phone) = new.phone.clone() {
            unique::check_name(&phone, "phone")?;
            writes.push_row("bundle_phones.put", (phone, id));
        }
    }
    let old_dealer = old.and_then(|o| o.dealer);
    if old_dealer != new.dealer {
        if let Some(dealer) = old_dealer {
            writes.push_row("dealer_bundles.delete", (key(dealer.0), id));
        }
        if let Some(dealer) = new.dealer {
            writes.push_row("dealer_bundles.put", (key(dealer.0), id));
        }
    }
    Ok(())
}

/// Whether bundle `id` exists and has `imei`.
fn holds_imei(store: &ScyllaStore, imei: &str, id: u64) -> Result<bool, StoreError> {
    Ok(bundle(store, BundleId(id))?.is_some_and(|b| b.imei == imei))
}

/// `BundleStore::import_bundles`, all or none: `Conflict` if an IMEI is
/// bundled already or appears twice, `NotFound` if a dealer does not
/// exist. Every IMEI is claimed first (the claims taken are undone if one
/// fails); then the indexes, in one logged batch; then the bundles.
pub(crate) fn import_bundles(
    store: &ScyllaStore,
    new: Vec<NewBundle>,
) -> Result<Vec<Bundle>, StoreError> {
    let db = store.db();
    let mut seen = BTreeSet::new();
    for device in &new {
        unique::check_name(&device.imei, "IMEI")?;
        if !seen.insert(device.imei.as_str()) {
            return Err(StoreError::Conflict(format!(
                "IMEI {:?} twice in one import",
                device.imei
            )));
        }
        unique::check_free(db, &IMEIS, &device.imei, None, "bundled IMEI", |other| {
            holds_imei(store, &device.imei, other)
        })?;
        check_dealer(store, device.dealer)?;
    }
    let mut imported = Vec::with_capacity(new.len());
    for device in new {
        let id = crate::ids::next_id(db, "bundles")?;
        imported.push(Bundle::created(BundleId(id), device));
    }
    let mut claimed: Vec<&Bundle> = Vec::new();
    for bundle in &imported {
        let ok = unique::claim(db, &IMEIS, &bundle.imei, bundle.id.0, |other| {
            holds_imei(store, &bundle.imei, other)
        });
        if !matches!(ok, Ok(true)) {
            for done in claimed {
                unique::release(db, &IMEIS, &done.imei, done.id.0)?;
            }
            ok?;
            return Err(StoreError::Conflict(format!(
                "bundled IMEI {:?}",
                bundle.imei
            )));
        }
        claimed.push(bundle);
    }
    let mut writes = Writes::new();
    for bundle in &imported {
        reindex(&mut writes, None, bundle)?;
    }
    writes.run(db)?;
    for bundle in &imported {
        db.applied(
            "bundles.create",
            (key(bundle.id.0), false, codec::encode(bundle)?),
        )?;
    }
    Ok(imported)
}

/// `BundleStore::bundle`.
pub(crate) fn bundle(store: &ScyllaStore, id: BundleId) -> Result<Option<Bundle>, StoreError> {
    Ok(read(store, id)?.map(|(_, b)| b))
}

/// `BundleStore::bundle_by_imei`.
pub(crate) fn bundle_by_imei(
    store: &ScyllaStore,
    imei: &str,
) -> Result<Option<Bundle>, StoreError> {
    if !unique::keyable(imei) {
        return Ok(None);
    }
    let Some((id, _)) = unique::holder(store.db(), &IMEIS, imei)? else {
        return Ok(None);
    };
    Ok(bundle(store, BundleId(id))?.filter(|b| b.imei == imei))
}

/// The page `offset..offset + limit` of `passed`, and how many passed.
fn page(passed: Vec<Bundle>, offset: usize, limit: usize) -> (Vec<Bundle>, usize) {
    let total = passed.len();
    (passed.into_iter().skip(offset).take(limit).collect(), total)
}

/// `BundleStore::bundles`, by id: with a dealer filter, those dealers'
/// partitions of `dealer_bundles`; without, a scan (an operator listing).
pub(crate) fn bundles(
    store: &ScyllaStore,
    filter: &BundleFilter,
    offset: usize,
    limit: usize,
) -> Result<(Vec<Bundle>, usize), StoreError> {
    let db = store.db();
    let mut found: Vec<Bundle> = match &filter.dealers {
        Some(dealers) => {
            let mut listed = Vec::new();
            for dealer in dealers.iter().collect::<BTreeSet<_>>() {
                listed.extend(ids(db, "dealer_bundles.list", (key(dealer.0),))?);
            }
            listed.sort_unstable();
            listed.dedup();
            by_ids(db, "bundles.body", &listed, "bundle")?
        }
        None => bodies(db, "bundles.all", (), "bundle")?,
    };
    found.sort_by_key(|b| b.id);
    found.retain(|b| filter.passes(b));
    Ok(page(found, offset, limit))
}

/// Writes `new` over `old` (compare-and-set on its `used` flag) with its
/// index moves; whether it applied.
fn swap(
    store: &ScyllaStore,
    old_used: bool,
    old: &Bundle,
    new: &Bundle,
) -> Result<bool, StoreError> {
    let applied = store.db().applied(
        "bundles.change",
        (
            new.used.is_some(),
            codec::encode(new)?,
            key(new.id.0),
            old_used,
        ),
    )?;
    if applied {
        let mut writes = Writes::new();
        reindex(&mut writes, Some(old), new)?;
        writes.run(store.db())?;
    }
    Ok(applied)
}

/// `BundleStore::update_bundle`: dealer, order, ICCID, phone and model
/// (its IMEI and use stay); `NotFound` if it (or the dealer) does not exist.
pub(crate) fn update_bundle(store: &ScyllaStore, bundle: &Bundle) -> Result<(), StoreError> {
    check_dealer(store, bundle.dealer)?;
    for _ in 0..TRIES {
        let (used, old) = read(store, bundle.id)?
            .ok_or_else(|| not_found(format_args!("bundle {}", bundle.id.0)))?;
        let updated = Bundle {
            imei: old.imei.clone(),
            used: old.used,
            ..bundle.clone()
        };
        if swap(store, used, &old, &updated)? {
            return Ok(());
        }
    }
    Err(StoreError::engine_state(format!(
        "bundle {}: no write after {TRIES} contended tries",
        bundle.id.0
    )))
}

/// `BundleStore::use_bundle`: `NotFound` if it does not exist, `Conflict`
/// if it is used (by this call's rival, when two race: one wins).
pub(crate) fn use_bundle(
    store: &ScyllaStore,
    id: BundleId,
    tracker: TrackerId,
    user: UserId,
    time_ms: i64,
) -> Result<Bundle, StoreError> {
    let (used, old) = read(store, id)?.ok_or_else(|| not_found(format_args!("bundle {}", id.0)))?;
    let taken = BundleUse {
        tracker,
        user,
        time_ms,
    };
    if used {
        return Err(StoreError::Conflict(format!("bundle {} is used", id.0)));
    }
    let new = Bundle {
        used: Some(taken),
        ..old.clone()
    };
    if swap(store, false, &old, &new)? {
        return Ok(new);
    }
    Err(StoreError::Conflict(format!("bundle {} is used", id.0)))
}

/// `BundleStore::bundle_by_phone`.
pub(crate) fn bundle_by_phone(
    store: &ScyllaStore,
    phone: &str,
) -> Result<Option<Bundle>, StoreError> {
    if !unique::keyable(phone) {
        return Ok(None);
    }
    let Some((id,)) = store
        .db()
        .query_one::<(Option<i64>,)>("bundle_phones.get", (phone,))?
    else {
        return Ok(None);
    };
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(bundle(store, BundleId(crate::kit::id(id)))?.filter(|b| b.phone.as_deref() == Some(phone)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(id: u64, phone: Option<&str>, dealer: Option<u64>) -> Bundle {
        Bundle::created(
            BundleId(id),
            NewBundle {
                imei: format!("35{id}"),
                iccid: None,
                phone: phone.map(str::to_owned),
                model: None,
                dealer: dealer.map(DealerId),
                order_id: None,
                created_ms: 0,
            },
        )
    }

    #[test]
    fn indexes_move_with_the_phone_and_dealer() {
        let old = bundle(1, Some("+1"), Some(2));
        let mut writes = Writes::new();
        reindex(&mut writes, Some(&old), &bundle(1, Some("+9"), None)).unwrap();
        assert_eq!(
            writes.names(),
            [
                "bundle_phones.delete",
                "bundle_phones.put",
                "dealer_bundles.delete"
            ]
        );
        let mut same = Writes::new();
        reindex(&mut same, Some(&old), &old).unwrap();
        assert!(same.is_empty());
        let mut created = Writes::new();
        reindex(&mut created, None, &old).unwrap();
        assert_eq!(created.names(), ["bundle_phones.put", "dealer_bundles.put"]);
    }

    #[test]
    fn pages_count_every_bundle_that_passed() {
        let all: Vec<Bundle> = (1..=5).map(|i| bundle(i, None, None)).collect();
        let (first, total) = page(all.clone(), 0, 2);
        assert_eq!((first.len(), total), (2, 5));
        let (last, total) = page(all.clone(), 4, 10);
        assert_eq!((last[0].id, total), (BundleId(5), 5));
        assert!(page(all, 9, 1).0.is_empty());
    }
}
