//! How the User API writes trackers and points (states: [`super::state_view`]).
//!
//! Field names and shapes follow seed 003.

use serde_json::{Value, json};
use trackgate_actors::protocols::{FixSource, Record};
use trackgate_actors::store::{GroupId, TagBinding, Tracker};

use crate::time::{format_date, format_datetime};

/// The tracker object, in no group and without tags.
pub fn tracker(t: &Tracker) -> Value {
    tracker_with(t, None, &[])
}

/// The tracker object with its group (`group_id` 0 for none) and tag bindings.
pub fn tracker_with(t: &Tracker, group: Option<GroupId>, tags: &[TagBinding]) -> Value {
    let tag_bindings: Vec<Value> = tags
        .iter()
        .map(|b| json!({ "tag_id": b.tag.0, "ordinal": b.ordinal }))
        .collect();
    json!({
        "id": t.id.0,
        "label": t.label,
        "clone": false,
        "group_id": group.map_or(0, |g| g.0),
        "source": {
            "id": t.id.0,
            "device_id": t.device_id,
            "model": t.model,
            "blocked": t.blocked,
            "tariff_id": null,
            "status_listing_id": null,
            "creation_date": format_date(t.created_ms),
            "tariff_end_date": t.expires,
            "phone": t.phone,
        },
        "tag_bindings": tag_bindings,
    })
}

/// A track point, as `track/read` and `get_last_gps_point` write it.
pub fn point(r: &Record) -> Value {
    let mut value = json!({
        "lat": r.latitude,
        "lng": r.longitude,
        "alt": r.altitude_m.round() as i64,
        "satellites": r.satellites.unwrap_or(0),
        "get_time": format_datetime(r.fix_time_ms),
        "heading": r.course_deg.round() as i64,
        "speed": r.speed_kmh.round() as i64,
    });
    if r.source == FixSource::Lbs {
        value["gsm_lbs"] = Value::Bool(true);
    }
    value
}
