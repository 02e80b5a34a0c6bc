//! Bundled devices in registration: a device a dealer imported by IMEI
//! (`BundleStore`) is taken over by the user who registers it, once.
//!
//! What a registration with a bundle checks (docs/decisions.md):
//! - a bundle already used is 224 (its device id is taken);
//! - a bundle of a dealer the caller's dealer is not (nor below) is as if
//!   it were not there: 258;
//! - an `iccid` given must be the bundle's SIM: 226 otherwise;
//! - an `iccid` given for a device with no bundle is 258 (the caller
//!   registers a bundle, and there is none).
//!
//! Without a bundle and without `iccid`, registration is as before.

use trackgate_store::{Bundle, Store, Tracker, UserId};

use crate::error::{ApiError, Code};

/// The `iccid` parameter: printable, 3 to 20 characters (Navixy's rule).
pub(super) fn iccid(value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if (3..=20).contains(&value.chars().count()) && value.chars().all(|c| c.is_ascii_graphic()) {
        Ok(value.to_owned())
    } else {
        Err(ApiError::invalid(
            "iccid",
            "must be 3 to 20 printable characters",
        ))
    }
}

/// The bundle `user` may take over for `device_id`, checked as the module
/// docs say; `None` when there is none and none was asked for.
pub(super) fn for_user(
    store: &dyn Store,
    user: UserId,
    device_id: &str,
    iccid: Option<&str>,
) -> Result<Option<Bundle>, ApiError> {
    let bundle = store.bundle_by_imei(device_id)?;
    let Some(bundle) = bundle else {
        return match iccid {
            Some(_) => Err(ApiError::code(Code::BundleNotFound)),
            None => Ok(None),
        };
    };
    if bundle.used.is_some() {
        return Err(ApiError::code(Code::DeviceIdAlreadyInUse));
    }
    if let Some(seller) = bundle.dealer {
        let buyer = store.user(user)?.and_then(|u| u.dealer);
        let allowed = match buyer {
            Some(buyer) => store.dealer_sees(seller, buyer)?,
            None => false,
        };
        if !allowed {
            return Err(ApiError::code(Code::BundleNotFound));
        }
    }
    if let Some(given) = iccid
        && bundle.iccid.as_deref() != Some(given)
    {
        return Err(ApiError::code(Code::WrongIccid));
    }
    Ok(Some(bundle))
}

/// The bundle's SIM and model on the tracker it became (what the caller
/// gave wins for the phone), and the bundle marked used by it.
pub(super) fn take_over(
    store: &dyn Store,
    bundle: &Bundle,
    tracker: &mut Tracker,
    user: UserId,
) -> Result<(), ApiError> {
    if tracker.phone.is_none() {
        tracker.phone.clone_from(&bundle.phone);
    }
    if tracker.model.is_empty()
        && let Some(model) = &bundle.model
    {
        tracker.model.clone_from(model);
    }
    store.update_tracker(tracker)?;
    store.use_bundle(bundle.id, tracker.id, user, trackgate_actors::now_ms())?;
    Ok(())
}

/// 241 if `phone` is the number of a SIM bundled with a device other than
/// `own` (the tracker's own device id).
pub(crate) fn check_not_bundled_sim(
    store: &dyn Store,
    phone: &str,
    own: &str,
) -> Result<(), ApiError> {
    let digits = phone.trim_start_matches('+');
    for candidate in [phone, digits, &format!("+{digits}")] {
        if let Some(bundle) = store.bundle_by_phone(candidate)?
            && bundle.imei != own
        {
            return Err(ApiError::code(Code::BundledSim));
        }
    }
    Ok(())
}
