//! Reducing a track to a number of points that keeps its shape
//! (Douglas–Peucker, by budget).
//!
//! The first and last points are kept. Then, again and again, of all the
//! stretches between kept points the one whose farthest point lies farthest
//! from the straight line between its ends gives up that point, until
//! `limit` points are kept or every remaining point lies on its line (within 10 cm). So the
//! points kept are always the ones that matter most to the drawn shape, and
//! a straight road costs two points however many fixes it has.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::geo::{LatLng, segment_distance_m};

/// A point this close to its stretch's line adds nothing to the shape
/// (and rounding alone can put a point on a straight road this far off).
const ON_THE_LINE_M: f64 = 0.1;

/// A stretch between two kept points and its farthest point.
#[derive(Debug, PartialEq)]
struct Stretch {
    deviation_m: f64,
    first: usize,
    last: usize,
    farthest: usize,
}

impl Eq for Stretch {}

impl Ord for Stretch {
    fn cmp(&self, other: &Self) -> Ordering {
        // Largest deviation first; earlier stretches first among equals,
        // so the result does not depend on the heap's order.
        self.deviation_m
            .total_cmp(&other.deviation_m)
            .then_with(|| other.first.cmp(&self.first))
    }
}

impl PartialOrd for Stretch {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The stretch `first..=last` with its farthest point, or `None` when it
/// has no inner point.
fn stretch(points: &[LatLng], first: usize, last: usize) -> Option<Stretch> {
    if last <= first + 1 {
        return None;
    }
    let (a, b) = (points[first], points[last]);
    let (farthest, deviation_m) = (first + 1..last)
        .map(|i| (i, segment_distance_m(points[i], a, b)))
        .fold(
            (first + 1, -1.0),
            |best, next| {
                if next.1 > best.1 { next } else { best }
            },
        );
    Some(Stretch {
        deviation_m,
        first,
        last,
        farthest,
    })
}

/// At most `limit` (at least 2) of `points`, in order, chosen as the module
/// docs describe; `at` is where a point is.
pub fn simplify<T>(points: Vec<T>, limit: usize, at: impl Fn(&T) -> LatLng) -> Vec<T> {
    let limit = limit.max(2);
    if points.len() <= limit {
        return points;
    }
    let positions: Vec<LatLng> = points.iter().map(at).collect();
    let mut keep = vec![false; points.len()];
    let last = points.len() - 1;
    keep[0] = true;
    keep[last] = true;
    let mut kept = 2;
    let mut heap = BinaryHeap::new();
    heap.extend(stretch(&positions, 0, last));
    while kept < limit {
        let Some(top) = heap.pop() else { break };
        if top.deviation_m <= ON_THE_LINE_M {
            break;
        }
        keep[top.farthest] = true;
        kept += 1;
        heap.extend(stretch(&positions, top.first, top.farthest));
        heap.extend(stretch(&positions, top.farthest, top.last));
    }
    points
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::point::TrackPoint;
    use super::*;

    fn reduce(points: Vec<TrackPoint>, limit: usize) -> Vec<TrackPoint> {
        simplify(points, limit, |p| p.at)
    }

    /// A point `east_m` east and `north_m` north of a fixed origin.
    fn at(secs: i64, east_m: f64, north_m: f64) -> TrackPoint {
        TrackPoint {
            time_ms: secs * 1000,
            at: LatLng {
                lat: north_m / 111_195.0,
                lng: east_m / 111_195.0,
            },
            alt_m: 0.0,
            speed_kmh: 30.0,
            heading_deg: 0.0,
            satellites: 8,
            lbs: false,
            buffered: false,
            event: false,
        }
    }

    fn times(points: &[TrackPoint]) -> Vec<i64> {
        points.iter().map(|p| p.time_ms / 1000).collect()
    }

    /// East 1 km, then north 1 km, then east 1 km: an S of 3 legs, a point
    /// every 100 m; the corners are at 10 s and 20 s.
    fn s_shape() -> Vec<TrackPoint> {
        (0..=30)
            .map(|i| {
                let d = f64::from(i) * 100.0;
                let (e, n) = match i {
                    0..=10 => (d, 0.0),
                    11..=20 => (1_000.0, d - 1_000.0),
                    _ => (d - 1_000.0, 1_000.0),
                };
                at(i64::from(i), e, n)
            })
            .collect()
    }

    #[test]
    fn the_corners_are_what_survive() {
        assert_eq!(times(&reduce(s_shape(), 4)), [0, 10, 20, 30]);
        assert_eq!(times(&reduce(s_shape(), 2)), [0, 30]);
        // One corner short: the first corner found farthest wins, and the
        // order of the points is kept.
        let three = reduce(s_shape(), 3);
        assert_eq!(three.len(), 3);
        assert!(matches!(times(&three)[1], 10 | 20));
    }

    #[test]
    fn straight_lines_give_up_every_inner_point_before_the_limit() {
        // Four legs' worth of budget, but only two corners: four points.
        assert_eq!(
            reduce(s_shape(), 50).len(),
            31,
            "under the limit: untouched"
        );
        assert_eq!(times(&reduce(s_shape(), 20)), [0, 10, 20, 30]);
        let line: Vec<_> = (0..100)
            .map(|i| at(i, f64::from(i as i32) * 10.0, 0.0))
            .collect();
        assert_eq!(times(&reduce(line, 10)), [0, 99]);
    }

    #[test]
    fn a_detour_is_kept_before_noise() {
        // Along a line with 1 m of wobble, and one point 300 m off it.
        let points: Vec<_> = (0..50)
            .map(|i| {
                let north = if i == 20 { 300.0 } else { f64::from(i % 2) };
                at(i64::from(i), f64::from(i) * 50.0, north)
            })
            .collect();
        let kept = reduce(points, 3);
        assert_eq!(times(&kept), [0, 20, 49]);
    }
}
