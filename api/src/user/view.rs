//! How the User API writes trackers and points (states: [`super::state_view`]).
//!
//! Field names and shapes follow seed 003.

use serde_json::{Value, json};
use trackgate_protocols::{FixSource, Record};
use trackgate_store::{GroupId, PlanId, Store, StoreError, TagBinding, Tracker};

use crate::time::UserZone;

/// A tracker's tariff: its owner's billing plan (trackgate bills
/// accounts, so one plan covers all of an account's trackers, as the
/// Panel API's tracker object also says).
pub fn tariff_of(store: &dyn Store, t: &Tracker) -> Result<Option<PlanId>, StoreError> {
    match t.owner {
        Some(owner) => Ok(store.user(owner)?.and_then(|u| u.plan)),
        None => Ok(None),
    }
}

/// The tracker object with its group (`group_id` 0 for none), tag
/// bindings and tariff ([`tariff_of`]); its dates are the caller's
/// (`zone`).
pub fn tracker_with(
    t: &Tracker,
    group: Option<GroupId>,
    tags: &[TagBinding],
    tariff: Option<PlanId>,
    zone: &UserZone,
) -> Value {
    let tag_bindings: Vec<Value> = tags
        .iter()
        .map(|b| json!({ "tag_id": b.tag.0, "ordinal": b.ordinal }))
        .collect();
    json!({
        "id": t.id.0,
        "label": t.label,
        "clone": t.clone_of.is_some(),
        "group_id": group.map_or(0, |g| g.0),
        "source": {
            "id": t.source().0,
            "device_id": t.device_id,
            "model": t.model,
            // Made inactive, or its service ended (it expired).
            "blocked": !t.is_active_at(trackgate_actors::now_ms()),
            "tariff_id": tariff.map(|p| p.0),
            "status_listing_id": null,
            "creation_date": zone.date(t.created_ms),
            "tariff_end_date": t.expires_ms.map(crate::time::format_date),
            "phone": t.phone,
        },
        "tag_bindings": tag_bindings,
    })
}

/// A track point, as `track/read` and `get_last_gps_point` write it, its
/// time in the caller's `zone`.
pub fn point(r: &Record, zone: &UserZone) -> Value {
    let mut value = json!({
        "lat": r.latitude,
        "lng": r.longitude,
        "alt": r.altitude_m.round() as i64,
        "satellites": r.satellites.unwrap_or(0),
        "get_time": zone.at(r.fix_time_ms).to_string(),
        "heading": r.course_deg.round() as i64,
        "speed": r.speed_kmh.round() as i64,
    });
    if r.source == FixSource::Lbs {
        value["gsm_lbs"] = Value::Bool(true);
    }
    value
}
