//! Splitting a track into trips and parkings, in one pass.
//!
//! A point is *moving* when the device reports a speed of at least
//! [`Rules::idle_speed_kmh`](super::Rules). Two moving points belong to one
//! trip when the second came less than [`Rules::min_idle_ms`](super::Rules)
//! after the first; the idle points between them (a traffic light, a
//! short halt) belong to the trip too. Anything else is a stop: at least
//! that long without a moving point, whether the device kept reporting
//! idle points or went silent. Idle points outside trips are parking.
//!
//! So a trip runs from its first moving point to its last one, and its id
//! is its start time in seconds: the same points give the same trips and
//! ids, whichever call asks.

use super::geo::{LatLng, distance_m};
use super::point::TrackPoint;

/// A point, classified: in trip `id`, or parking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// A point of the trip with this id.
    Trip(i64, TrackPoint),
    /// A point outside every trip.
    Parking(TrackPoint),
    /// The trip with this id is complete.
    End(TripSummary),
}

/// What one trip adds up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TripSummary {
    /// The trip's id: its start time, seconds since the epoch.
    pub id: i64,
    /// The first point.
    pub first: TrackPoint,
    /// The last point.
    pub last: TrackPoint,
    /// How many points.
    pub points: u64,
    /// Length along the points, metres.
    pub length_m: f64,
    /// Highest reported speed, km/h.
    pub max_speed_kmh: f32,
    /// Sum of reported speeds, for the average of a trip without duration.
    speed_sum: f64,
    /// Points the device marked with an event.
    pub events: u64,
    /// Points located by cell towers.
    pub lbs_points: u64,
    /// South-west corner of the points' bounding box.
    pub min: LatLng,
    /// North-east corner of the points' bounding box.
    pub max: LatLng,
}

impl TripSummary {
    fn start(point: TrackPoint) -> Self {
        let mut trip = Self {
            id: point.time_ms.div_euclid(1000),
            first: point,
            last: point,
            points: 0,
            length_m: 0.0,
            max_speed_kmh: 0.0,
            speed_sum: 0.0,
            events: 0,
            lbs_points: 0,
            min: point.at,
            max: point.at,
        };
        trip.add(point);
        trip
    }

    fn add(&mut self, point: TrackPoint) {
        if self.points > 0 {
            self.length_m += distance_m(self.last.at, point.at);
        }
        self.last = point;
        self.points += 1;
        self.max_speed_kmh = self.max_speed_kmh.max(point.speed_kmh);
        self.speed_sum += f64::from(point.speed_kmh);
        self.events += u64::from(point.event);
        self.lbs_points += u64::from(point.lbs);
        self.min.lat = self.min.lat.min(point.at.lat);
        self.min.lng = self.min.lng.min(point.at.lng);
        self.max.lat = self.max.lat.max(point.at.lat);
        self.max.lng = self.max.lng.max(point.at.lng);
    }

    /// Adds `other`, a later trip, as if one (for a merged track); the gap
    /// between them adds no length.
    pub fn merge(&mut self, other: &Self) {
        self.last = other.last;
        self.points += other.points;
        self.length_m += other.length_m;
        self.max_speed_kmh = self.max_speed_kmh.max(other.max_speed_kmh);
        self.speed_sum += other.speed_sum;
        self.events += other.events;
        self.lbs_points += other.lbs_points;
        self.min.lat = self.min.lat.min(other.min.lat);
        self.min.lng = self.min.lng.min(other.min.lng);
        self.max.lat = self.max.lat.max(other.max.lat);
        self.max.lng = self.max.lng.max(other.max.lng);
    }

    /// Average speed, km/h: length over duration; the mean reported speed
    /// when the trip has no duration (a single point).
    pub fn avg_speed_kmh(&self) -> f64 {
        let hours = (self.last.time_ms - self.first.time_ms) as f64 / 3_600_000.0;
        if hours > 0.0 {
            self.length_m / 1000.0 / hours
        } else {
            self.speed_sum / self.points.max(1) as f64
        }
    }

    /// Every point was located by cell towers.
    pub fn all_lbs(&self) -> bool {
        self.lbs_points == self.points
    }
}

/// The splitter, fed points in time order; see the module docs.
#[derive(Debug)]
pub struct Splitter {
    idle_speed_kmh: f32,
    min_idle_ms: i64,
    trip: Option<TripSummary>,
    /// Idle points since the trip's last moving point: the trip's, if a
    /// moving point follows soon enough; parking otherwise.
    idle: Vec<TrackPoint>,
}

impl Splitter {
    /// A splitter with an idle speed (km/h) and the shortest stop (ms).
    pub fn new(idle_speed_kmh: f64, min_idle_ms: i64) -> Self {
        Self {
            idle_speed_kmh: idle_speed_kmh as f32,
            min_idle_ms,
            trip: None,
            idle: Vec::new(),
        }
    }

    /// Takes the next point; appends to `out` what is now decided.
    pub fn push(&mut self, point: TrackPoint, out: &mut Vec<Step>) {
        let moving = point.speed_kmh >= self.idle_speed_kmh;
        if let Some(trip) = &self.trip
            && point.time_ms - trip.last.time_ms >= self.min_idle_ms
        {
            self.end_trip(out);
        }
        match &mut self.trip {
            Some(trip) if moving => {
                for idle in self.idle.drain(..) {
                    trip.add(idle);
                    out.push(Step::Trip(trip.id, idle));
                }
                trip.add(point);
                out.push(Step::Trip(trip.id, point));
            }
            Some(_) => self.idle.push(point),
            None if moving => {
                let trip = TripSummary::start(point);
                out.push(Step::Trip(trip.id, point));
                self.trip = Some(trip);
            }
            None => out.push(Step::Parking(point)),
        }
    }

    /// Ends the open trip, if any: no more points come.
    pub fn finish(&mut self, out: &mut Vec<Step>) {
        self.end_trip(out);
    }

    fn end_trip(&mut self, out: &mut Vec<Step>) {
        if let Some(trip) = self.trip.take() {
            out.push(Step::End(trip));
        }
        out.extend(self.idle.drain(..).map(Step::Parking));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point `north_m` metres north of a fixed origin at `secs`, at `speed` km/h.
    fn at(secs: i64, north_m: f64, speed: f32) -> TrackPoint {
        TrackPoint {
            time_ms: secs * 1000,
            at: LatLng {
                lat: 56.0 + north_m / 111_195.0,
                lng: 24.0,
            },
            alt_m: 0.0,
            speed_kmh: speed,
            heading_deg: 0.0,
            satellites: 8,
            lbs: false,
            buffered: false,
            event: false,
        }
    }

    /// Driving north at 36 km/h (10 m/s), a point every 10 s, from `start` s.
    fn drive(start: i64, end: i64, from_m: f64) -> Vec<TrackPoint> {
        (start..=end)
            .step_by(10)
            .map(|s| at(s, from_m + (s - start) as f64 * 10.0, 36.0))
            .collect()
    }

    /// Standing at `north_m`, a point every 10 s.
    fn stand(start: i64, end: i64, north_m: f64) -> Vec<TrackPoint> {
        (start..=end)
            .step_by(10)
            .map(|s| at(s, north_m, 0.0))
            .collect()
    }

    /// Runs the splitter with the default 3 km/h and 5 minutes.
    fn split(points: &[TrackPoint]) -> (Vec<TripSummary>, Vec<i64>, Vec<(i64, i64)>) {
        let mut splitter = Splitter::new(3.0, 300_000);
        let mut out = Vec::new();
        for p in points {
            splitter.push(*p, &mut out);
        }
        splitter.finish(&mut out);
        let mut trips = Vec::new();
        let mut parking = Vec::new();
        let mut in_trips = Vec::new();
        for step in out {
            match step {
                Step::End(trip) => trips.push(trip),
                Step::Parking(p) => parking.push(p.time_ms / 1000),
                Step::Trip(id, p) => in_trips.push((id, p.time_ms / 1000)),
            }
        }
        (trips, parking, in_trips)
    }

    #[test]
    fn a_ten_minute_stop_splits_two_drives() {
        let mut points = drive(0, 590, 0.0);
        points.extend(stand(600, 1190, 6_000.0));
        points.extend(drive(1200, 1490, 6_000.0));
        let (trips, parking, in_trips) = split(&points);

        assert_eq!(trips.len(), 2);
        let (first, second) = (&trips[0], &trips[1]);
        assert_eq!((first.id, first.last.time_ms), (0, 590_000));
        assert_eq!(first.points, 60);
        assert!((first.length_m - 5_900.0).abs() < 1.0, "{}", first.length_m);
        assert!((first.avg_speed_kmh() - 36.0).abs() < 0.1);
        assert_eq!(first.max_speed_kmh, 36.0);
        assert_eq!((second.id, second.points), (1200, 30));
        assert!((second.length_m - 2_900.0).abs() < 1.0);
        // Every standing point is parking, and nothing else is.
        assert_eq!(parking, (600..=1190).step_by(10).collect::<Vec<_>>());
        assert_eq!(in_trips.len(), 90);
        assert!(
            in_trips
                .iter()
                .all(|&(id, t)| id == if t < 600 { 0 } else { 1200 })
        );
    }

    #[test]
    fn a_short_halt_stays_inside_the_trip() {
        // Four minutes at a standstill, less than the five a stop needs.
        let mut points = drive(0, 290, 0.0);
        points.extend(stand(300, 530, 2_900.0));
        points.extend(drive(540, 830, 2_900.0));
        let (trips, parking, _) = split(&points);
        assert!(parking.is_empty());
        assert_eq!(trips.len(), 1);
        assert_eq!(trips[0].points, 30 + 24 + 30);
        assert!((trips[0].length_m - 5_800.0).abs() < 1.0);
        // 5.8 km in 830 s, the halt included.
        assert!((trips[0].avg_speed_kmh() - 5.8 / (830.0 / 3600.0)).abs() < 0.05);
    }

    #[test]
    fn silence_as_long_as_a_stop_is_a_stop() {
        // No points at all for 5 minutes between moving points: two trips.
        let mut points = drive(0, 100, 0.0);
        points.extend(drive(400, 500, 5_000.0));
        let (trips, parking, _) = split(&points);
        assert_eq!(trips.iter().map(|t| t.id).collect::<Vec<_>>(), [0, 400]);
        assert!(parking.is_empty());
        // 4 min 50 s of silence is not.
        let mut points = drive(0, 100, 0.0);
        points.extend(drive(390, 500, 1_000.0));
        assert_eq!(split(&points).0.len(), 1);
    }

    #[test]
    fn lone_moving_points_and_trailing_idle_points() {
        // One moving point between long parkings is a one-point trip.
        let mut points = stand(0, 600, 0.0);
        points.push(at(610, 0.0, 12.0));
        points.extend(stand(620, 1300, 0.0));
        let (trips, parking, _) = split(&points);
        assert_eq!(trips.len(), 1);
        assert_eq!((trips[0].id, trips[0].points), (610, 1));
        assert_eq!(trips[0].avg_speed_kmh(), 12.0);
        assert_eq!(parking.len(), points.len() - 1);
        // Idle points after the last moving one end the input: parking,
        // and the trip ends at its last moving point.
        let mut points = drive(0, 100, 0.0);
        points.extend(stand(110, 200, 1_000.0));
        let (trips, parking, _) = split(&points);
        assert_eq!(trips[0].last.time_ms, 100_000);
        assert_eq!(parking, (110..=200).step_by(10).collect::<Vec<_>>());
    }

    #[test]
    fn the_idle_threshold_is_inclusive_for_moving() {
        let points = [at(0, 0.0, 3.0), at(10, 5.0, 2.99), at(20, 10.0, 3.0)];
        let (trips, parking, _) = split(&points);
        assert_eq!(trips.len(), 1);
        assert_eq!(trips[0].points, 3);
        assert!(parking.is_empty());
    }
}
