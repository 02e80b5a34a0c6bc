//! The trips of a period, as `track/list` lists them.
//!
//! Trips come from [`walk`]; then, in this order: with `filter`, trips of
//! two or more points shorter than [`Rules::min_trip_m`] are left out
//! (GPS drift while parked, a car moved a few metres); with
//! `cluster_single_reports`, runs of neighbouring single reports become
//! clusters; without `split`, everything left is merged into one track.

use std::ops::ControlFlow;

use trackgate_store::{StoreError, TrackStore};

use super::geo::{LatLng, distance_m};
use super::simplify::simplify;
use super::trips::{Step, TripSummary};
use super::walk::walk;
use super::{Rules, TrackPoint, Window};

/// How to list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListOptions {
    /// One track per trip (`true`) or everything merged into one.
    pub split: bool,
    /// Group neighbouring single reports into clusters.
    pub cluster_singles: bool,
    /// Collect each track's points.
    pub with_points: bool,
    /// Reduce each track's points to this many (see [`simplify`]).
    pub point_limit: Option<usize>,
    /// Most points collected (`with_points`) before the answer is cut short.
    pub max_points: usize,
}

/// One entry of the list.
#[derive(Debug, Clone, PartialEq)]
pub enum Track {
    /// A trip: `regular`, or `single_report` when it is one point.
    Trip(TripSummary, Vec<TrackPoint>),
    /// Every trip of the period as one (`split=false`).
    Merged(TripSummary, Vec<TrackPoint>),
    /// Neighbouring single reports.
    Cluster(Cluster),
}

/// Single reports grouped by place.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The reports, oldest first.
    pub reports: Vec<TripSummary>,
}

impl Cluster {
    /// Every report located by cell towers.
    pub fn all_lbs(&self) -> bool {
        self.reports.iter().all(TripSummary::all_lbs)
    }

    /// The positions of the reports.
    pub fn positions(&self) -> impl Iterator<Item = LatLng> + '_ {
        self.reports.iter().map(|r| r.first.at)
    }
}

/// The list, and whether it was cut short.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrackList {
    /// The tracks, oldest first.
    pub tracks: Vec<Track>,
    /// More than `max_points` points were asked for: the list ends early.
    pub limit_exceeded: bool,
}

/// Lists `window`'s trips.
pub fn list<S: TrackStore + ?Sized>(
    store: &S,
    window: &Window,
    rules: &Rules,
    options: &ListOptions,
) -> Result<TrackList, StoreError> {
    let mut trips: Vec<(TripSummary, Vec<TrackPoint>)> = Vec::new();
    let mut points = Vec::new();
    let mut collected = 0;
    let mut limit_exceeded = false;
    walk(store, window, rules, &mut |step| {
        match step {
            Step::Trip(_, point) if options.with_points => {
                collected += 1;
                if collected > options.max_points {
                    limit_exceeded = true;
                    return ControlFlow::Break(());
                }
                points.push(point);
            }
            Step::End(trip) => {
                let short = trip.points > 1 && trip.length_m < rules.min_trip_m;
                let trip_points = std::mem::take(&mut points);
                if !(window.filter && short) {
                    trips.push((trip, trip_points));
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    })?;
    let reduce = |points: Vec<TrackPoint>| match options.point_limit {
        Some(limit) => simplify(points, limit, |p| p.at),
        None => points,
    };
    let tracks = if options.split {
        let mut tracks: Vec<Track> = trips
            .into_iter()
            .map(|(trip, points)| Track::Trip(trip, reduce(points)))
            .collect();
        if options.cluster_singles {
            tracks = cluster(tracks, rules.cluster_radius_m);
        }
        tracks
    } else {
        let mut trips = trips.into_iter();
        match trips.next() {
            None => Vec::new(),
            Some((mut merged, mut all)) => {
                for (trip, points) in trips {
                    merged.merge(&trip);
                    all.extend(points);
                }
                vec![Track::Merged(merged, reduce(all))]
            }
        }
    };
    Ok(TrackList {
        tracks,
        limit_exceeded,
    })
}

/// Groups runs of single reports, each within `radius_m` of its group's
/// first, into clusters; a group of one stays a single report.
fn cluster(tracks: Vec<Track>, radius_m: f64) -> Vec<Track> {
    let mut out = Vec::with_capacity(tracks.len());
    let mut group: Vec<(TripSummary, Vec<TrackPoint>)> = Vec::new();
    let flush = |group: &mut Vec<(TripSummary, Vec<TrackPoint>)>, out: &mut Vec<Track>| {
        if group.len() > 1 {
            let reports = group.drain(..).map(|(trip, _)| trip).collect();
            out.push(Track::Cluster(Cluster { reports }));
        } else {
            out.extend(
                group
                    .drain(..)
                    .map(|(trip, points)| Track::Trip(trip, points)),
            );
        }
    };
    for track in tracks {
        match track {
            Track::Trip(trip, points) if trip.points == 1 => {
                let near = group
                    .first()
                    .is_none_or(|(first, _)| distance_m(first.first.at, trip.first.at) <= radius_m);
                if !near {
                    flush(&mut group, &mut out);
                }
                group.push((trip, points));
            }
            other => {
                flush(&mut group, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut group, &mut out);
    out
}
