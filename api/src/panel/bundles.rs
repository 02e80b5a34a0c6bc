//! `tracker/bundle/list`, `read`, `import`, `assign` and `order/assign`:
//! the devices a dealer imports by IMEI before its users register them
//! (see [`super::bundle_view`] for the object).
//!
//! An administrator sees the bundles of its dealer and of the dealers
//! below it (one without a dealer sees all); any other is 201, as a
//! missing one. With `su`, the reads see only the bundles the user
//! registered. An import is all or none: an IMEI already bundled, or
//! given twice, is 247, and so is an ICCID or SIM phone number another
//! bundle has (a SIM is in one device).

use std::sync::Mutex;

use actix_web::web;
use serde_json::{Map, Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{Bundle, BundleFilter, BundleId, Store, StoreError};

use super::bundle_view::{self, Defaults, view};
use super::call::{PanelCall, positive};
use super::listing::Listing;
use super::routes::Answer;
use super::tenancy;
use crate::ApiState;
use crate::error::{ApiError, Code};

/// Held from a uniqueness check to the write it allows, so two calls
/// cannot both find an ICCID or phone number free.
static SIMS: Mutex<()> = Mutex::new(());

/// The orders `tracker/bundle/list` takes: the bundle's own fields, then
/// the names Navixy documents for it (`device_id` is the IMEI, `model`
/// the model code, `creation_date` the import time; `label`, `status` and
/// `comment`, which bundles do not have, order by id).
const ORDERS: &[&str] = &[
    "id",
    "imei",
    "model_code",
    "iccid",
    "assign_time",
    "order_id",
    "device_id",
    "model",
    "phone",
    "creation_date",
    "user_id",
    "label",
    "status",
    "comment",
];

/// Whether the caller sees `bundle`: its dealer's (or a dealer's below),
/// and with `su` only one of those the user registered.
fn sees(state: &ApiState, call: &PanelCall, bundle: &Bundle) -> Result<bool, ApiError> {
    if let Some(me) = &call.as_user
        && bundle.used.is_none_or(|u| u.user != me.id)
    {
        return Ok(false);
    }
    Ok(tenancy::sees(&*state.store, &call.admin, bundle.dealer)?)
}

/// The store's filter for the dealers the administrator sees (`None`:
/// all of them).
fn dealers_seen(store: &dyn Store, call: &PanelCall) -> Result<BundleFilter, StoreError> {
    let Some(own) = call.admin.dealer else {
        return Ok(BundleFilter::default());
    };
    let mut dealers = vec![own];
    for dealer in store.dealers()? {
        if dealer.id != own && store.dealer_sees(own, dealer.id)? {
            dealers.push(dealer.id);
        }
    }
    Ok(BundleFilter {
        dealers: Some(dealers),
        ..BundleFilter::default()
    })
}

/// Every bundle in the store.
fn every_bundle(store: &dyn Store) -> Result<Vec<Bundle>, StoreError> {
    Ok(store.bundles(&BundleFilter::default(), 0, usize::MAX)?.0)
}

/// `clones_filter`: whether the list may hold anything (a bundle is never
/// a clone, so `only_include_clones` lists nothing).
fn clones_allowed(call: &PanelCall) -> Result<bool, ApiError> {
    match call.params.opt_str("clones_filter")? {
        None | Some("not_set" | "exclude_clones") => Ok(true),
        Some("only_include_clones") => Ok(false),
        Some(_) => Err(ApiError::invalid(
            "clones_filter",
            "must be exclude_clones, only_include_clones or not_set",
        )),
    }
}

/// `tracker/bundle/list`: `filter` looks in `id`, `imei`, `model_code`,
/// `iccid` and `assign_time`; ordered and paged as [`Listing`] says.
pub async fn list(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let listing = Listing::read(&call.params, ORDERS)?;
    let any = clones_allowed(&call)?;
    let store = state.store.clone();
    let (list, count) = web::block(move || -> Result<_, ApiError> {
        let (candidates, _) = store.bundles(&dealers_seen(&*store, &call)?, 0, usize::MAX)?;
        let mut kept = Vec::new();
        for bundle in candidates {
            let fields = bundle_view::filtered_fields(&bundle);
            let texts: Vec<&str> = fields.iter().map(String::as_str).collect();
            if any && sees(&state, &call, &bundle)? && listing.keeps(&texts) {
                kept.push(bundle);
            }
        }
        let (page, count) = listing.page(kept, |a, b, by| {
            let order = match by {
                "imei" | "device_id" => a.imei.cmp(&b.imei),
                "model_code" | "model" => a.model.cmp(&b.model),
                "iccid" => a.iccid.cmp(&b.iccid),
                "phone" => a.phone.cmp(&b.phone),
                "assign_time" | "creation_date" => a.created_ms.cmp(&b.created_ms),
                "order_id" => a.order_id.cmp(&b.order_id),
                "user_id" => a.used.map(|u| u.user).cmp(&b.used.map(|u| u.user)),
                _ => std::cmp::Ordering::Equal,
            };
            order.then(a.id.cmp(&b.id))
        });
        Ok((page.iter().map(view).collect::<Vec<Value>>(), count))
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("list".into(), json!(list));
    answer.insert("count".into(), json!(count));
    Ok(answer)
}

/// `tracker/bundle/read`: the bundle of `imei`.
pub async fn read(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let imei = bundle_view::imei(call.params.str("imei")?, "imei")?;
    let bundle = match state.store.bundle_by_imei(&imei)? {
        Some(bundle) if sees(&state, &call, &bundle)? => bundle,
        _ => return Err(ApiError::code(Code::NotFound)),
    };
    let mut answer = Map::new();
    answer.insert("value".into(), view(&bundle));
    Ok(answer)
}

/// A SIM for the uniqueness check: the bundle it is in (none while
/// imported), its ICCID and its phone number.
struct Sim<'a> {
    bundle: Option<BundleId>,
    iccid: Option<&'a str>,
    phone: Option<&'a str>,
}

impl<'a> Sim<'a> {
    fn of(bundle: Option<BundleId>, iccid: Option<&'a str>, phone: Option<&'a str>) -> Self {
        Self {
            bundle,
            iccid,
            phone,
        }
    }

    /// Whether the two share an ICCID or a phone number (with or without
    /// its `+`).
    fn clashes(&self, other: &Sim<'_>) -> bool {
        let number = |p: Option<&str>| p.map(|p| p.trim_start_matches('+').to_owned());
        let same_iccid = self.iccid.is_some() && self.iccid == other.iccid;
        let same_phone = self.phone.is_some() && number(self.phone) == number(other.phone);
        same_iccid || same_phone
    }
}

/// 247 if two of `sims`, or one of them and a bundle of `existing` other
/// than its own, share an ICCID or a phone number.
fn check_sims(sims: &[Sim<'_>], existing: &[Bundle]) -> Result<(), ApiError> {
    for (n, sim) in sims.iter().enumerate() {
        let twice = sims[..n].iter().any(|other| sim.clashes(other));
        let stored = existing
            .iter()
            .filter(|b| Some(b.id) != sim.bundle)
            .any(|b| sim.clashes(&Sim::of(Some(b.id), b.iccid.as_deref(), b.phone.as_deref())));
        if twice || stored {
            return Err(ApiError::code(Code::EntityAlreadyExists));
        }
    }
    Ok(())
}

/// `tracker/bundle/import`: the devices of `imeis`, for the caller's
/// dealer, all or none. `model_code` and `order_id` apply to every device
/// that does not name its own; Navixy's `equip_id` and `factory_preset`
/// are accepted and not kept.
pub async fn import(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let defaults = Defaults::read(&call.params)?;
    call.params.opt_int("equip_id")?;
    call.params.opt_bool("factory_preset")?;
    let devices = bundle_view::devices(&call.params, &defaults, call.admin.dealer, now_ms())?;
    let store = state.store.clone();
    web::block(move || -> Answer {
        let _sims = SIMS.lock().unwrap_or_else(|e| e.into_inner());
        let sims: Vec<Sim<'_>> = devices
            .iter()
            .map(|d| Sim::of(None, d.iccid.as_deref(), d.phone.as_deref()))
            .collect();
        check_sims(&sims, &every_bundle(&*store)?)?;
        let imported = store.import_bundles(devices).map_err(|e| match e {
            StoreError::Conflict(_) => ApiError::code(Code::EntityAlreadyExists),
            StoreError::NotFound(_) => ApiError::code(Code::NotFound),
            other => other.into(),
        })?;
        tracing::info!(devices = imported.len(), "bundles imported by the panel");
        Ok(Map::new())
    })
    .await?
}

/// The bundle `bundle_id` names, if the caller sees it; 201 otherwise.
fn bundle(state: &ApiState, call: &PanelCall) -> Result<Bundle, ApiError> {
    let id = BundleId(positive(&call.params, "bundle_id")?);
    match state.store.bundle(id)? {
        Some(bundle) if sees(state, call, &bundle)? => Ok(bundle),
        _ => Err(ApiError::code(Code::NotFound)),
    }
}

/// `tracker/bundle/assign`: gives the bundle `bundle_id` the SIM `iccid`
/// (247 if another bundle has it).
pub async fn assign(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let iccid = bundle_view::iccid(call.params.str("iccid")?, "iccid")?;
    let store = state.store.clone();
    web::block(move || -> Answer {
        let _sims = SIMS.lock().unwrap_or_else(|e| e.into_inner());
        let mut bundle = bundle(&state, &call)?;
        let sim = Sim::of(Some(bundle.id), Some(&iccid), None);
        check_sims(&[sim], &every_bundle(&*store)?)?;
        bundle.iccid = Some(iccid);
        store.update_bundle(&bundle)?;
        Ok(Map::new())
    })
    .await?
}

/// `tracker/bundle/order/assign`: puts the bundle `bundle_id` in the
/// order `order_id` (absent, null or 0: in none).
pub async fn assign_order(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let order = bundle_view::order_id(&call.params, "order_id")?;
    let store = state.store.clone();
    web::block(move || -> Answer {
        let mut bundle = bundle(&state, &call)?;
        bundle.order_id = order;
        store.update_bundle(&bundle)?;
        Ok(Map::new())
    })
    .await?
}
