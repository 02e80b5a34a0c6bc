//! The points of a period or of one trip, as `track/read` answers them.
//!
//! Without a trip id: every trip point and, without `filter`, every
//! parking point too (marked). With one: only that trip's points, found
//! with the same rules as `track/list`, so the same period and flags give
//! exactly the trip listed; the scan starts a stop's length before the
//! trip, not at the period's start. Then, if asked, the points are reduced to a
//! budget ([`simplify`]).

use std::ops::ControlFlow;

use trackgate_store::{StoreError, TrackStore};

use super::geo::distance_m;
use super::simplify::simplify;
use super::trips::Step;
use super::walk::walk;
use super::{Rules, TrackPoint, Window};

/// What to read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// Only the points of the trip with this id.
    pub track_id: Option<i64>,
    /// Reduce to this many points (see [`simplify`]).
    pub point_limit: Option<usize>,
    /// Most points held before the answer is cut short.
    pub max_points: usize,
}

/// A point as `track/read` answers it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadPoint {
    /// The point.
    pub point: TrackPoint,
    /// Outside every trip.
    pub parking: bool,
    /// Distance travelled since the answer's first point, km (counted over
    /// every point read, before any reduction).
    pub mileage_km: f64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadResult {
    /// The points, oldest first.
    pub points: Vec<ReadPoint>,
    /// More than `max_points` points: the answer ends early.
    pub limit_exceeded: bool,
    /// Whether the trip asked for was found (always true without one).
    pub found: bool,
}

/// Reads `window`'s points.
pub fn read<S: TrackStore + ?Sized>(
    store: &S,
    window: &Window,
    rules: &Rules,
    options: &ReadOptions,
) -> Result<ReadResult, StoreError> {
    let mut result = ReadResult {
        found: options.track_id.is_none(),
        ..ReadResult::default()
    };
    let mut mileage_m = 0.0;
    let mut push = |result: &mut ReadResult, point: TrackPoint, parking: bool| {
        if let Some(last) = result.points.last() {
            mileage_m += distance_m(last.point.at, point.at);
        }
        if result.points.len() == options.max_points {
            result.limit_exceeded = true;
            return ControlFlow::Break(());
        }
        result.points.push(ReadPoint {
            point,
            parking,
            mileage_km: mileage_m / 1000.0,
        });
        ControlFlow::Continue(())
    };
    // A trip starts after at least `min_idle_ms` without a moving point, so
    // a scan from that long before the trip's id finds it as a whole scan
    // would, and no trip that only looks like it started there.
    let mut window = window.clone();
    if let Some(id) = options.track_id {
        let start_ms = id.saturating_mul(1000).saturating_sub(rules.min_idle_ms);
        window.from_ms = window.from_ms.max(start_ms);
    }
    walk(
        store,
        &window,
        rules,
        &mut |step| match (step, options.track_id) {
            (Step::Trip(id, point), Some(wanted)) if id == wanted => {
                result.found = true;
                push(&mut result, point, false)
            }
            (Step::Trip(_, point), None) => push(&mut result, point, false),
            (Step::Parking(point), None) if !window.filter => push(&mut result, point, true),
            // The trip asked for is complete: nothing later belongs to it.
            (Step::End(trip), Some(wanted)) if trip.id == wanted => ControlFlow::Break(()),
            _ => ControlFlow::Continue(()),
        },
    )?;
    if let Some(limit) = options.point_limit {
        result.points = simplify(result.points, limit, |p| p.point.at);
    }
    Ok(result)
}
