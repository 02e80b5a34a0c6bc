//! Dropping jumps: single fixes far away from the points around them.
//!
//! A fix is a jump when reaching it from the last point kept would take an
//! implausible speed (over [`Rules::max_speed_kmh`](super::Rules), and
//! farther than [`Rules::jump_min_m`](super::Rules), so that noise of a few
//! metres between close fixes is not mistaken for one). Cell-tower fixes
//! jump by kilometres; satellite fixes sometimes do, near tall buildings.
//!
//! A real relocation looks the same at first (a device that was switched
//! off while carried away). So a suspect fix is held back until the next
//! fix decides: if the next one is plausible from the last kept point, the
//! suspect was a lone jump and is dropped; if it is plausible from the
//! suspect instead, the device did move, and both are kept. A suspect that
//! nothing follows is dropped.

use super::geo::{distance_m, implied_speed_kmh};
use super::point::TrackPoint;

/// The jump filter, fed points in time order; see the module docs.
#[derive(Debug)]
pub struct JumpFilter {
    max_speed_kmh: f64,
    min_m: f64,
    kept: Option<TrackPoint>,
    suspect: Option<TrackPoint>,
}

impl JumpFilter {
    /// A filter calling anything faster than `max_speed_kmh` over more than
    /// `min_m` a jump.
    pub fn new(max_speed_kmh: f64, min_m: f64) -> Self {
        Self {
            max_speed_kmh,
            min_m,
            kept: None,
            suspect: None,
        }
    }

    fn plausible(&self, from: &TrackPoint, to: &TrackPoint) -> bool {
        distance_m(from.at, to.at) <= self.min_m
            || implied_speed_kmh(from.at, from.time_ms, to.at, to.time_ms) <= self.max_speed_kmh
    }

    /// Takes the next point; appends to `out` the points it lets through
    /// (none, one, or a confirmed suspect and this point).
    pub fn push(&mut self, point: TrackPoint, out: &mut Vec<TrackPoint>) {
        let Some(kept) = self.kept else {
            self.kept = Some(point);
            out.push(point);
            return;
        };
        if self.plausible(&kept, &point) {
            // Any suspect in between was a lone jump.
            self.suspect = None;
            self.kept = Some(point);
            out.push(point);
            return;
        }
        match self.suspect.take() {
            Some(suspect) if self.plausible(&suspect, &point) => {
                out.push(suspect);
                out.push(point);
                self.kept = Some(point);
            }
            // No suspect yet, or one this point does not confirm: this one waits.
            _ => self.suspect = Some(point),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::geo::LatLng;
    use super::*;

    /// A point `north_m` metres north of a fixed origin at `secs`.
    fn at(secs: i64, north_m: f64) -> TrackPoint {
        TrackPoint {
            time_ms: secs * 1000,
            at: LatLng {
                lat: 56.0 + north_m / 111_195.0,
                lng: 24.0,
            },
            alt_m: 0.0,
            speed_kmh: 0.0,
            heading_deg: 0.0,
            satellites: 8,
            lbs: false,
            buffered: false,
            event: false,
        }
    }

    fn run(points: &[TrackPoint]) -> Vec<i64> {
        let mut filter = JumpFilter::new(300.0, 200.0);
        let mut out = Vec::new();
        for p in points {
            filter.push(*p, &mut out);
        }
        out.iter().map(|p| p.time_ms / 1000).collect()
    }

    #[test]
    fn a_lone_jump_is_dropped() {
        // 100 m per 10 s (36 km/h), one fix 5 km off (1,800 km/h).
        let points = [
            at(0, 0.0),
            at(10, 100.0),
            at(20, 5_000.0),
            at(30, 300.0),
            at(40, 400.0),
        ];
        assert_eq!(run(&points), [0, 10, 30, 40]);
    }

    #[test]
    fn two_jumps_in_a_row_both_go() {
        let points = [at(0, 0.0), at(10, 5_000.0), at(20, -7_000.0), at(30, 200.0)];
        assert_eq!(run(&points), [0, 30]);
    }

    #[test]
    fn a_relocation_confirmed_by_the_next_fix_is_kept() {
        // Carried 30 km while switched off for a minute, then driving on.
        let points = [
            at(0, 0.0),
            at(60, 30_000.0),
            at(70, 30_100.0),
            at(80, 30_200.0),
        ];
        assert_eq!(run(&points), [0, 60, 70, 80]);
    }

    #[test]
    fn close_fixes_are_never_jumps_and_a_last_suspect_is_dropped() {
        // 150 m in one second is 540 km/h, but within the noise distance.
        assert_eq!(run(&[at(0, 0.0), at(1, 150.0), at(2, 0.0)]), [0, 1, 2]);
        // Nothing confirms the last fix.
        assert_eq!(run(&[at(0, 0.0), at(10, 100.0), at(20, 9_000.0)]), [0, 10]);
        // A slow relocation is plausible at once.
        assert_eq!(run(&[at(0, 0.0), at(3_600, 100_000.0)]), [0, 3_600]);
    }
}
