//! Bundled devices ([`BundleStore`]).
//!
//! A bundle lives under its id in `bundles`; `bundle_imeis` maps each IMEI
//! to its id (unique), `bundle_phones` each bundled SIM's number to its id.
//! Every write holds the account lock and commits one durable batch.

use std::collections::BTreeSet;

use fjall::OwnedWriteBatch;

use super::{EmbeddedStore, codec, engine, keys};
use crate::bundle_model::*;
use crate::model::{TrackerId, UserId};
use crate::money_ports::BundleStore;
use crate::ports::StoreError;

/// `meta` key of the next bundle id to hand out.
const NEXT_BUNDLE_ID: &[u8] = b"next_id/bundle";

impl EmbeddedStore {
    /// Adds `bundle` and its phone index entry to `batch`, replacing
    /// `old`'s phone entry.
    fn put_bundle(
        &self,
        batch: &mut OwnedWriteBatch,
        bundle: &Bundle,
        old: Option<&Bundle>,
    ) -> Result<(), StoreError> {
        if let Some(phone) = old.and_then(|o| o.phone.as_deref()) {
            batch.remove(&self.ks.bundle_phones, phone);
        }
        if let Some(phone) = bundle.phone.as_deref() {
            keys::check_name(phone, "phone")?;
            batch.insert(&self.ks.bundle_phones, phone, bundle.id.0.to_be_bytes());
        }
        batch.insert(
            &self.ks.bundles,
            bundle.id.0.to_be_bytes(),
            codec::encode(bundle)?,
        );
        Ok(())
    }

    fn stored_bundle(&self, id: BundleId) -> Result<Bundle, StoreError> {
        self.entity(&self.ks.bundles, id.0, "bundle")?
            .ok_or_else(|| StoreError::NotFound(format!("bundle {}", id.0)))
    }
}

impl BundleStore for EmbeddedStore {
    fn import_bundles(&self, new: Vec<NewBundle>) -> Result<Vec<Bundle>, StoreError> {
        let _lock = self.lock_accounts();
        let mut seen = BTreeSet::new();
        for device in &new {
            keys::check_name(&device.imei, "IMEI")?;
            if !seen.insert(device.imei.as_str()) {
                return Err(StoreError::Conflict(format!(
                    "IMEI {:?} twice in one import",
                    device.imei
                )));
            }
            Self::check_unique(&self.ks.bundle_imeis, &device.imei, None, "bundled IMEI")?;
            self.check_dealer(device.dealer)?;
        }
        let mut batch = self.durable_batch();
        let (mut id, _) = self.next_id(NEXT_BUNDLE_ID)?;
        let mut imported = Vec::with_capacity(new.len());
        for device in new {
            let bundle = Bundle::created(BundleId(id), device);
            batch.insert(
                &self.ks.bundle_imeis,
                bundle.imei.as_str(),
                id.to_be_bytes(),
            );
            self.put_bundle(&mut batch, &bundle, None)?;
            imported.push(bundle);
            id = id
                .checked_add(1)
                .ok_or_else(|| StoreError::engine_state("id space exhausted"))?;
        }
        batch.insert(&self.ks.meta, NEXT_BUNDLE_ID, codec::encode(&id)?);
        batch.commit().map_err(engine)?;
        Ok(imported)
    }

    fn bundle(&self, id: BundleId) -> Result<Option<Bundle>, StoreError> {
        self.entity(&self.ks.bundles, id.0, "bundle")
    }

    fn bundle_by_imei(&self, imei: &str) -> Result<Option<Bundle>, StoreError> {
        if imei.is_empty() || imei.len() > keys::MAX_NAME_LEN {
            return Ok(None);
        }
        self.get_indexed(&self.ks.bundle_imeis, imei, &self.ks.bundles, "bundle")
    }

    fn bundles(
        &self,
        filter: &BundleFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Bundle>, usize), StoreError> {
        let mut total = 0;
        let mut page = Vec::new();
        for bundle in Self::all::<Bundle>(&self.ks.bundles, "bundle")? {
            if !filter.passes(&bundle) {
                continue;
            }
            if total >= offset && page.len() < limit {
                page.push(bundle);
            }
            total += 1;
        }
        Ok((page, total))
    }

    fn update_bundle(&self, bundle: &Bundle) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let old = self.stored_bundle(bundle.id)?;
        self.check_dealer(bundle.dealer)?;
        let updated = Bundle {
            imei: old.imei.clone(),
            used: old.used,
            ..bundle.clone()
        };
        let mut batch = self.durable_batch();
        self.put_bundle(&mut batch, &updated, Some(&old))?;
        batch.commit().map_err(engine)
    }

    fn use_bundle(
        &self,
        id: BundleId,
        tracker: TrackerId,
        user: UserId,
        time_ms: i64,
    ) -> Result<Bundle, StoreError> {
        let _lock = self.lock_accounts();
        let old = self.stored_bundle(id)?;
        if old.used.is_some() {
            return Err(StoreError::Conflict(format!("bundle {} is used", id.0)));
        }
        let used = Bundle {
            used: Some(BundleUse {
                tracker,
                user,
                time_ms,
            }),
            ..old.clone()
        };
        let mut batch = self.durable_batch();
        self.put_bundle(&mut batch, &used, Some(&old))?;
        batch.commit().map_err(engine)?;
        Ok(used)
    }

    fn bundle_by_phone(&self, phone: &str) -> Result<Option<Bundle>, StoreError> {
        if phone.is_empty() || phone.len() > keys::MAX_NAME_LEN {
            return Ok(None);
        }
        self.get_indexed(&self.ks.bundle_phones, phone, &self.ks.bundles, "bundle")
    }
}
