//! The one pass over a period's points: store → points → jumps → trips.

use std::ops::ControlFlow;

use trackgate_store::{StoreError, TrackStore, TrackerId};

use super::Rules;
use super::jumps::JumpFilter;
use super::point::TrackPoint;
use super::trips::{Splitter, Step};

/// Whose points, over which period, and which of them count.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// The tracker.
    pub tracker: TrackerId,
    /// First fix time, ms since the epoch (inclusive).
    pub from_ms: i64,
    /// Last fix time, ms since the epoch (inclusive).
    pub to_ms: i64,
    /// Whether cell-tower fixes count.
    pub include_lbs: bool,
    /// Whether jumps are dropped.
    pub filter: bool,
}

/// Walks the window's points in time order and hands `visit` every point,
/// classified as trip or parking, and every trip's end, until the points
/// end or `visit` answers `Break`.
pub fn walk<S: TrackStore + ?Sized>(
    store: &S,
    window: &Window,
    rules: &Rules,
    visit: &mut dyn FnMut(Step) -> ControlFlow<()>,
) -> Result<(), StoreError> {
    let mut jumps = window
        .filter
        .then(|| JumpFilter::new(rules.max_speed_kmh, rules.jump_min_m));
    let mut splitter = Splitter::new(rules.idle_speed_kmh, rules.min_idle_ms);
    let mut passed = Vec::new();
    let mut steps = Vec::new();
    let mut stopped = false;
    store.scan_track(
        window.tracker,
        window.from_ms,
        window.to_ms,
        &mut |stored| {
            let Some(point) = TrackPoint::from_stored(&stored, rules.buffered_after_ms) else {
                return ControlFlow::Continue(());
            };
            if point.lbs && !window.include_lbs {
                return ControlFlow::Continue(());
            }
            match &mut jumps {
                Some(jumps) => jumps.push(point, &mut passed),
                None => passed.push(point),
            }
            for point in passed.drain(..) {
                splitter.push(point, &mut steps);
            }
            let flow = hand_out(&mut steps, visit);
            stopped = flow.is_break();
            flow
        },
    )?;
    if !stopped {
        splitter.finish(&mut steps);
        let _ = hand_out(&mut steps, visit);
    }
    Ok(())
}

fn hand_out(
    steps: &mut Vec<Step>,
    visit: &mut dyn FnMut(Step) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for step in steps.drain(..) {
        visit(step)?;
    }
    ControlFlow::Continue(())
}
