//! `track/read`: a tracker's points between two times.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use super::auth::UserCall;
use super::{success, view};
use crate::ApiState;
use crate::error::ApiError;
use crate::params::Params;
use crate::time::{Pick, UserZone};

/// Most points one `track/read` reads from the store. A longer period is
/// answered with its first points and `limit_exceeded: true`.
pub const MAX_POINTS: usize = 100_000;

/// `track/read`.
pub async fn read(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let params = &call.params;
    let zone = UserZone::of(&call.user);
    let from = time_param(params, "from", &zone, Pick::Earlier)?;
    let to = time_param(params, "to", &zone, Pick::Later)?;
    if to <= from {
        return Err(ApiError::invalid("to", "must be after from"));
    }
    let point_limit = match params.opt_int("point_limit")? {
        None => None,
        Some(n) if (2..=3000).contains(&n) => Some(n as usize),
        Some(_) => {
            return Err(ApiError::invalid(
                "point_limit",
                "must be between 2 and 3000",
            ));
        }
    };
    let include_lbs = params.opt_bool("include_gsm_lbs")?.unwrap_or(true);
    let store = state.store.clone();
    let id = tracker.id;
    let points = web::block(move || store.read_track(id, from, to, MAX_POINTS + 1)).await??;
    let limit_exceeded = points.len() > MAX_POINTS;
    let records: Vec<_> = points
        .iter()
        .take(MAX_POINTS)
        .map(|p| &p.record)
        .filter(|r| {
            r.valid && (include_lbs || r.source != trackgate_actors::protocols::FixSource::Lbs)
        })
        .collect();
    let list: Vec<Value> = thin(&records, point_limit)
        .into_iter()
        .map(|r| view::point(r, &zone))
        .collect();
    Ok(success(
        json!({ "limit_exceeded": limit_exceeded, "list": list }),
    ))
}

/// A local date/time in the caller's zone.
fn time_param(params: &Params, name: &str, zone: &UserZone, pick: Pick) -> Result<i64, ApiError> {
    zone.parse(params.str(name)?, pick)
        .ok_or_else(|| ApiError::invalid(name, "must be YYYY-MM-DD HH:MM:SS"))
}

/// Keeps at most `limit` points, evenly spaced, always keeping the first and last.
fn thin<'a, T>(items: &[&'a T], limit: Option<usize>) -> Vec<&'a T> {
    match limit {
        Some(limit) if items.len() > limit => {
            let last = items.len() - 1;
            (0..limit).map(|i| items[i * last / (limit - 1)]).collect()
        }
        _ => items.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::thin;

    #[test]
    fn thinning_keeps_ends_and_count() {
        let values: Vec<u32> = (0..100).collect();
        let refs: Vec<&u32> = values.iter().collect();
        let kept = thin(&refs, Some(5));
        assert_eq!(
            kept.iter().map(|v| **v).collect::<Vec<_>>(),
            vec![0, 24, 49, 74, 99]
        );
        assert_eq!(thin(&refs[..3], Some(5)).len(), 3);
        assert_eq!(thin(&refs, None).len(), 100);
    }
}
