//! Track history: trips and reduced tracks, computed in one pass over the
//! store, for the User API's `track/list` and `track/read`.
//!
//! This is domain logic, not HTTP: it knows the store's ports and the
//! protocols' records, and nothing of actix or JSON. The API turns its
//! results into answers; the benchmarks time it on its own.
//!
//! Points stream out of the store ([`TrackStore::scan_track`]), are cut
//! down to [`TrackPoint`]s, lose their jumps (when filtering) and are split
//! into trips and parkings as they go. Nothing holds more than the points
//! an answer returns.
//!
//! # Layout
//!
//! - [`geo`]: distances and speeds between positions.
//! - [`point`]: the compact point, and when a point counts as buffered.
//! - [`jumps`]: dropping single implausible fixes.
//! - [`trips`]: splitting trips from parkings; what a trip adds up to.
//! - [`simplify`]: reducing a track to a point budget, keeping its shape.
//! - [`walk`]: the pass itself, from the store to classified points.
//! - [`list`]: the trips of a period (`track/list`).
//! - [`read`]: the points of a period or a trip (`track/read`).
//!
//! [`TrackStore::scan_track`]: trackgate_store::TrackStore::scan_track

pub mod geo;
pub mod jumps;
pub mod list;
pub mod point;
pub mod read;
pub mod simplify;
pub mod trips;
pub mod walk;

#[cfg(test)]
mod tests;

pub use point::TrackPoint;
pub use walk::Window;

/// The rules history applies. The defaults are Navixy's default parking
/// detection (3 km/h, 5 minutes) and trackgate's own choices for the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Below this reported speed (km/h) a point is idle.
    pub idle_speed_kmh: f64,
    /// At least this long (ms) without a moving point is a stop.
    pub min_idle_ms: i64,
    /// With `filter`, trips of two or more points shorter than this (metres)
    /// are left out of `track/list`.
    pub min_trip_m: f64,
    /// With `filter`, a fix reached from the last one faster than this
    /// (km/h) is a jump ...
    pub max_speed_kmh: f64,
    /// ... if it is also farther than this (metres).
    pub jump_min_m: f64,
    /// A point received more than this (ms) after its fix time is buffered.
    pub buffered_after_ms: i64,
    /// Single reports within this distance (metres) of a group's first one
    /// join the group, for `cluster_single_reports`.
    pub cluster_radius_m: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            idle_speed_kmh: 3.0,
            min_idle_ms: 5 * 60_000,
            min_trip_m: 100.0,
            max_speed_kmh: 300.0,
            jump_min_m: 200.0,
            buffered_after_ms: 5 * 60_000,
            cluster_radius_m: 500.0,
        }
    }
}
