//! Tracker bundles: devices imported by IMEI, with their SIM and model,
//! before a user registers them (Navixy's `tracker/bundle`).
//!
//! A dealer imports the devices it sells; a user's `tracker/register`
//! with a bundled IMEI takes the device over: it becomes the user's
//! tracker and the bundle entry is marked used, once.

use serde::{Deserialize, Serialize};

use crate::model::{TrackerId, UserId};
use crate::panel_model::DealerId;

/// A bundle entry's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BundleId(pub u64);

/// A device to import; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBundle {
    /// The device's IMEI, unique among bundles.
    pub imei: String,
    /// The ICCID of the SIM shipped in it, if one is.
    pub iccid: Option<String>,
    /// The phone number of that SIM, if known: a bundled SIM's number,
    /// which no other tracker may take (User API code 241).
    pub phone: Option<String>,
    /// The device model's code, if known.
    pub model: Option<String>,
    /// The dealer it was imported for.
    pub dealer: Option<DealerId>,
    /// The order it belongs to, if any.
    pub order_id: Option<u64>,
    /// When it was imported, ms since the epoch.
    pub created_ms: i64,
}

/// Who took a bundled device over, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleUse {
    /// The tracker it became.
    pub tracker: TrackerId,
    /// The user who registered it.
    pub user: UserId,
    /// When, ms since the epoch.
    pub time_ms: i64,
}

/// A bundled device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// Assigned id.
    pub id: BundleId,
    /// The device's IMEI, unique among bundles.
    pub imei: String,
    /// The ICCID of its SIM, if one is bundled.
    pub iccid: Option<String>,
    /// The phone number of its SIM, if known.
    pub phone: Option<String>,
    /// The device model's code, if known.
    pub model: Option<String>,
    /// The dealer it is assigned to.
    pub dealer: Option<DealerId>,
    /// The order it belongs to, if any.
    pub order_id: Option<u64>,
    /// When it was imported, ms since the epoch.
    pub created_ms: i64,
    /// Set once a user registered it.
    pub used: Option<BundleUse>,
}

impl Bundle {
    /// A bundle as [`BundleStore::import_bundles`](crate::BundleStore::import_bundles)
    /// makes it from `new`: not used.
    pub fn created(id: BundleId, new: NewBundle) -> Self {
        Self {
            id,
            imei: new.imei,
            iccid: new.iccid,
            phone: new.phone,
            model: new.model,
            dealer: new.dealer,
            order_id: new.order_id,
            created_ms: new.created_ms,
            used: None,
        }
    }

    /// Whether `text` is part of its id, IMEI, model or ICCID (the Panel
    /// API's `filter`).
    pub fn matches(&self, text: &str) -> bool {
        self.id.0.to_string().contains(text)
            || self.imei.contains(text)
            || self.model.as_deref().is_some_and(|m| m.contains(text))
            || self.iccid.as_deref().is_some_and(|i| i.contains(text))
    }
}

/// Which bundles [`BundleStore::bundles`](crate::BundleStore::bundles) lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BundleFilter {
    /// Only those of these dealers; `None` = every dealer's.
    pub dealers: Option<Vec<DealerId>>,
    /// Only those [`Bundle::matches`] finds this text in.
    pub text: Option<String>,
    /// Leave out the ones already used.
    pub unused_only: bool,
}

impl BundleFilter {
    /// Whether `bundle` passes.
    pub fn passes(&self, bundle: &Bundle) -> bool {
        self.dealers
            .as_ref()
            .is_none_or(|ds| bundle.dealer.is_some_and(|d| ds.contains(&d)))
            && self.text.as_deref().is_none_or(|t| bundle.matches(t))
            && (!self.unused_only || bundle.used.is_none())
    }
}
