//! `track/list` (a tracker's trips) and `track/read` (its points), over
//! [`trackgate_history`].

use actix_web::{HttpResponse, web};

use super::view::{ListAnswer, ReadAnswer};
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::time::{Pick, UserZone};
use crate::user::account::auth::UserCall;
use crate::user::success_with;
use trackgate_history::list::{ListOptions, list as list_trips};
use trackgate_history::read::{ReadOptions, read as read_points};
use trackgate_history::{Rules, Window};

/// Most points one answer lists; a period with more answers its first
/// ones and `limit_exceeded: true`.
pub const MAX_POINTS: usize = 100_000;

/// Most points held to reduce to a `point_limit` (about 64 MB): a month of
/// fixes every 3 seconds.
pub const MAX_REDUCED_POINTS: usize = 1_000_000;

/// Longest period one call covers (code 211 beyond).
pub const MAX_SPAN_MS: i64 = 31 * 24 * 3_600_000;

/// `track/list`.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let params = &call.params;
    let zone = UserZone::of(&call.user);
    let window = window(params, tracker.source(), &zone)?;
    let split = bool_param(params, "split", true)?;
    let cluster_singles = bool_param(params, "cluster_single_reports", false)?;
    let count_events = bool_param(params, "count_events", false)?;
    // No geocoder: addresses are empty either way.
    bool_param(params, "omit_addresses", false)?;
    let with_points = bool_param(params, "with_points", false)?;
    let point_limit = point_limit(params)?;
    let options = ListOptions {
        split,
        cluster_singles: cluster_singles && split,
        with_points,
        point_limit,
        max_points: if point_limit.is_some() {
            MAX_REDUCED_POINTS
        } else {
            MAX_POINTS
        },
    };
    let store = state.store.clone();
    let trips =
        web::block(move || list_trips(&*store, &window, &Rules::default(), &options)).await??;
    Ok(success_with(ListAnswer::new(
        &trips,
        count_events,
        with_points,
        &zone,
    )))
}

/// `track/read`.
pub async fn read(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let tracker = call.tracker(&state)?;
    let params = &call.params;
    let zone = UserZone::of(&call.user);
    let window = window(params, tracker.source(), &zone)?;
    let track_id = params.opt_int("track_id")?;
    let simplify = bool_param(params, "simplify", true)?;
    // Navixy reduces to point_limit only when simplifying.
    let point_limit = point_limit(params)?.filter(|_| simplify);
    let options = ReadOptions {
        track_id,
        point_limit,
        max_points: if point_limit.is_some() {
            MAX_REDUCED_POINTS
        } else {
            MAX_POINTS
        },
    };
    let store = state.store.clone();
    let result =
        web::block(move || read_points(&*store, &window, &Rules::default(), &options)).await??;
    if !result.found {
        return Err(ApiError::code(Code::EntityNotFound));
    }
    Ok(success_with(ReadAnswer::new(&result, &zone)))
}

/// The period, tracker and flags both calls share: `from`, `to` (after
/// `from`, at most [`MAX_SPAN_MS`] later: 211), `include_gsm_lbs`, `filter`.
fn window(
    params: &Params,
    tracker: trackgate_store::TrackerId,
    zone: &UserZone,
) -> Result<Window, ApiError> {
    let from_ms = time_param(params, "from", zone, Pick::Earlier)?;
    let to_ms = time_param(params, "to", zone, Pick::Later)?;
    if to_ms <= from_ms {
        return Err(ApiError::invalid("to", "must be after from"));
    }
    if to_ms - from_ms > MAX_SPAN_MS {
        return Err(ApiError::code(Code::TimeSpanTooBig));
    }
    Ok(Window {
        tracker,
        from_ms,
        to_ms,
        include_lbs: bool_param(params, "include_gsm_lbs", true)?,
        filter: bool_param(params, "filter", true)?,
    })
}

/// A local date/time in the caller's zone.
fn time_param(params: &Params, name: &str, zone: &UserZone, pick: Pick) -> Result<i64, ApiError> {
    zone.parse(params.str(name)?, pick)
        .ok_or_else(|| ApiError::invalid(name, "must be YYYY-MM-DD HH:MM:SS"))
}

fn bool_param(params: &Params, name: &str, default: bool) -> Result<bool, ApiError> {
    Ok(params.opt_bool(name)?.unwrap_or(default))
}

fn point_limit(params: &Params) -> Result<Option<usize>, ApiError> {
    match params.opt_int("point_limit")? {
        None => Ok(None),
        Some(n @ 2..=3000) => Ok(Some(n as usize)),
        Some(_) => Err(ApiError::invalid(
            "point_limit",
            "must be between 2 and 3000",
        )),
    }
}
