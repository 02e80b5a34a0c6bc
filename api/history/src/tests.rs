//! The history calls over a real (embedded) store, with hand-built tracks.

use trackgate_protocols::{FixSource, Record};
use trackgate_store::{
    AccountStore, CommitBatch, EmbeddedStore, NewTracker, StoredPoint, TrackStore, TrackerId,
};

use super::list::{ListOptions, Track, list};
use super::read::{ReadOptions, read};
use super::{Rules, Window};

/// 2024-03-01 00:00:00 UTC, seconds.
const T0: i64 = 1_709_251_200;

/// A record `north_m` metres north of a point near Riga at `T0 + secs`,
/// at `speed` km/h, received `late_s` seconds after its fix.
fn fix(secs: i64, north_m: f64, speed: f64, late_s: i64) -> StoredPoint {
    let mut record = Record::at((T0 + secs) * 1000, 56.95 + north_m / 111_195.0, 24.1);
    record.speed_kmh = speed;
    record.satellites = Some(9);
    StoredPoint {
        tracker: TrackerId(0),
        received_ms: (T0 + secs + late_s) * 1000,
        record,
    }
}

/// Drives north at 36 km/h from `from_m`, a fix every 10 s, `start..=end` s.
fn drive(start: i64, end: i64, from_m: f64) -> Vec<StoredPoint> {
    (start..=end)
        .step_by(10)
        .map(|s| fix(s, from_m + (s - start) as f64 * 10.0, 36.0, 1))
        .collect()
}

fn stand(start: i64, end: i64, at_m: f64) -> Vec<StoredPoint> {
    (start..=end)
        .step_by(10)
        .map(|s| fix(s, at_m, 0.0, 1))
        .collect()
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: EmbeddedStore,
    tracker: TrackerId,
}

fn store_with(points: Vec<StoredPoint>) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("open");
    let tracker = store
        .create_tracker(NewTracker {
            device_id: "history-1".into(),
            label: "van".into(),
            model: "teltonika".into(),
            owner: None,
            created_ms: 0,
        })
        .expect("tracker")
        .id;
    let points = points
        .into_iter()
        .map(|p| StoredPoint { tracker, ..p })
        .collect();
    store
        .commit(&CommitBatch {
            points,
            states: Vec::new(),
        })
        .expect("commit");
    Fixture {
        _dir: dir,
        store,
        tracker,
    }
}

impl Fixture {
    fn window(&self, filter: bool) -> Window {
        Window {
            tracker: self.tracker,
            from_ms: T0 * 1000,
            to_ms: (T0 + 86_400) * 1000,
            include_lbs: true,
            filter,
        }
    }

    fn list(&self, filter: bool, options: ListOptions) -> Vec<Track> {
        list(
            &self.store,
            &self.window(filter),
            &Rules::default(),
            &options,
        )
        .expect("list")
        .tracks
    }

    fn read(
        &self,
        filter: bool,
        track_id: Option<i64>,
        limit: Option<usize>,
    ) -> super::read::ReadResult {
        let options = ReadOptions {
            track_id,
            point_limit: limit,
            max_points: 100_000,
        };
        read(
            &self.store,
            &self.window(filter),
            &Rules::default(),
            &options,
        )
        .expect("read")
    }
}

fn options() -> ListOptions {
    ListOptions {
        split: true,
        cluster_singles: false,
        with_points: false,
        point_limit: None,
        max_points: 100_000,
    }
}

/// Two drives around a ten-minute stop, then a 50 m shuffle after another.
fn day() -> Vec<StoredPoint> {
    let mut points = drive(0, 590, 0.0);
    points.extend(stand(600, 1190, 5_900.0));
    points.extend(drive(1200, 1490, 5_900.0));
    points.extend(stand(1500, 2100, 8_800.0));
    // 5 fixes over 40 s, 50 m in all: drift, not a trip.
    points.extend((0..5).map(|i| fix(2110 + i * 10, 8_800.0 + i as f64 * 12.5, 5.0, 1)));
    points.extend(stand(2160, 2800, 8_850.0));
    points
}

fn summary(track: &Track) -> (i64, u64, f64) {
    match track {
        Track::Trip(t, _) | Track::Merged(t, _) => (t.id, t.points, t.length_m),
        Track::Cluster(_) => panic!("a cluster"),
    }
}

#[test]
fn trips_are_listed_and_short_ones_filtered() {
    let f = store_with(day());
    let trips: Vec<_> = f.list(true, options()).iter().map(summary).collect();
    assert_eq!(trips.len(), 2, "{trips:?}");
    assert_eq!((trips[0].0, trips[0].1), (T0, 60));
    assert!((trips[0].2 - 5_900.0).abs() < 1.0);
    assert_eq!((trips[1].0, trips[1].1), (T0 + 1200, 30));
    // Without the filter, the shuffle is a trip too.
    let all = f.list(false, options());
    assert_eq!(all.len(), 3);
    assert_eq!(summary(&all[2]).0, T0 + 2110);
}

#[test]
fn unsplit_trips_merge_into_one() {
    let f = store_with(day());
    let merged = f.list(
        true,
        ListOptions {
            split: false,
            with_points: true,
            ..options()
        },
    );
    let [Track::Merged(trip, points)] = merged.as_slice() else {
        panic!("one merged track: {merged:?}");
    };
    assert_eq!(trip.points, 90);
    assert_eq!(points.len(), 90);
    assert!(
        (trip.length_m - 8_800.0).abs() < 1.0,
        "the stop adds nothing"
    );
    assert_eq!(trip.last.time_ms, (T0 + 1490) * 1000);
}

#[test]
fn neighbouring_single_reports_cluster() {
    // Lone moving fixes an hour apart: two near each other, one 3 km off,
    // then a real drive, then one more single report.
    let mut points = vec![fix(0, 0.0, 20.0, 1), fix(3_600, 100.0, 20.0, 1)];
    points.push(fix(7_200, 3_000.0, 20.0, 1));
    points.extend(drive(10_000, 10_300, 3_000.0));
    points.push(fix(14_000, 6_000.0, 20.0, 1));
    let f = store_with(points);
    let tracks = f.list(
        true,
        ListOptions {
            cluster_singles: true,
            ..options()
        },
    );
    let kinds: Vec<_> = tracks
        .iter()
        .map(|t| match t {
            Track::Cluster(c) => format!("cluster{}", c.reports.len()),
            Track::Trip(t, _) if t.points == 1 => "single".to_owned(),
            _ => "regular".to_owned(),
        })
        .collect();
    assert_eq!(kinds, ["cluster2", "single", "regular", "single"]);
}

#[test]
fn reading_a_trip_by_id_gives_exactly_its_points() {
    let f = store_with(day());
    let second = f.read(true, Some(T0 + 1200), None);
    assert!(second.found);
    let times: Vec<_> = second
        .points
        .iter()
        .map(|p| p.point.time_ms / 1000 - T0)
        .collect();
    assert_eq!(times, (1200..=1490).step_by(10).collect::<Vec<_>>());
    assert!(second.points.iter().all(|p| !p.parking));
    let last = second.points.last().expect("points");
    assert!((last.mileage_km - 2.9).abs() < 0.001);
    // A time inside a trip is no trip's id; nor is a parking time.
    assert!(!f.read(true, Some(T0 + 1300), None).found);
    assert!(!f.read(true, Some(T0 + 700), None).found);
}

#[test]
fn filter_leaves_out_parking_and_jumps() {
    let mut points = day();
    // A fix 20 km off in the middle of the first drive.
    points.push(fix(305, 20_000.0, 36.0, 1));
    let f = store_with(points);
    let filtered = f.read(true, None, None);
    // Both drives and the shuffle (read lists short trips too): no parking.
    assert_eq!(filtered.points.len(), 60 + 30 + 5);
    assert!(filtered.points.iter().all(|p| !p.parking));
    assert!(
        filtered
            .points
            .iter()
            .all(|p| p.point.time_ms != (T0 + 305) * 1000)
    );
    let everything = f.read(false, None, None);
    assert_eq!(everything.points.len(), day().len() + 1);
    let parking = everything.points.iter().filter(|p| p.parking).count();
    assert_eq!(parking, 60 + 61 + 65);
}

#[test]
fn late_points_are_buffered_lbs_can_be_left_out_and_limits_hold() {
    let mut points = drive(0, 290, 0.0);
    // The last minute came from the black box an hour late.
    for p in points.iter_mut().skip(24) {
        p.received_ms += 3_600_000;
    }
    let mut lbs = fix(295, 2_950.0, 36.0, 1);
    lbs.record.source = FixSource::Lbs;
    points.push(lbs);
    let f = store_with(points);
    let read = f.read(true, None, None);
    let buffered: Vec<bool> = read.points.iter().map(|p| p.point.buffered).collect();
    assert_eq!(buffered.iter().filter(|b| **b).count(), 6);
    assert!(buffered[24..30].iter().all(|b| *b));
    assert!(read.points[30].point.lbs);
    let mut window = f.window(true);
    window.include_lbs = false;
    let options = ReadOptions {
        track_id: None,
        point_limit: Some(2),
        max_points: 100_000,
    };
    let reduced = super::read::read(&f.store, &window, &Rules::default(), &options).expect("read");
    // A straight drive reduces to its ends; the LBS fix is not among them.
    let ends: Vec<_> = reduced
        .points
        .iter()
        .map(|p| p.point.time_ms / 1000 - T0)
        .collect();
    assert_eq!(ends, [0, 290]);
    let capped = ReadOptions {
        max_points: 10,
        point_limit: None,
        ..options
    };
    let capped = super::read::read(&f.store, &window, &Rules::default(), &capped).expect("read");
    assert!(capped.limit_exceeded);
    assert_eq!(capped.points.len(), 10);
}
