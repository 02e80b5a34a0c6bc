//! Track history over a month: `track/list` and `track/read`'s computations
//! on an embedded store filled with 30 days of one tracker's points.
//!
//! The month is a fix every 10 s (259,200 points): each day the vehicle is
//! parked overnight, then makes four drives of 40 to 70 minutes at 30 to
//! 90 km/h, with stops of 30 minutes to a few hours between them. Every
//! record carries the I/O a Teltonika sends (ignition, GSM signal, external
//! voltage), so decoding costs what it does in service. The store is filled
//! once, outside the timed part; what is timed is the scan, the filters,
//! trip splitting and (for reads) reduction, not the JSON. A read by
//! `track_id` scans from just before that trip, not from the month's start.
//!
//! `cargo bench -p trackgate-bench --bench history` runs them.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use trackgate_history::list::{ListOptions, Track, list};
use trackgate_history::read::{ReadOptions, read};
use trackgate_history::{Rules, Window};
use trackgate_protocols::{IoElement, IoKey, IoValue, Record};
use trackgate_store::{
    AccountStore, CommitBatch, EmbeddedStore, NewTracker, StoredPoint, TrackStore, TrackerId,
};

/// 2024-03-01 00:00:00 UTC, ms.
const START_MS: i64 = 1_709_251_200_000;
const DAY_MS: i64 = 86_400_000;
const DAYS: i64 = 30;
const STEP_MS: i64 = 10_000;

/// Drives of a day: (start minute of the day, minutes, km/h).
const DRIVES: [(i64, i64, f64); 4] = [
    (7 * 60 + 30, 45, 60.0),
    (9 * 60, 40, 30.0),
    (13 * 60, 70, 90.0),
    (18 * 60, 50, 45.0),
];

fn io(id: u16, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Uint { value, width },
    }
}

/// The month's points, as the device would report them.
fn month(tracker: TrackerId) -> Vec<StoredPoint> {
    let (mut lat, mut lng) = (56.95_f64, 24.1_f64);
    let mut heading = 0.0_f64;
    let mut points = Vec::with_capacity((DAYS * DAY_MS / STEP_MS) as usize);
    for i in 0..DAYS * DAY_MS / STEP_MS {
        let time = START_MS + i * STEP_MS;
        let minute = (time - START_MS) % DAY_MS / 60_000;
        let speed = DRIVES
            .iter()
            .find(|(start, len, _)| (*start..start + len).contains(&minute))
            .map_or(0.0, |d| d.2);
        if speed > 0.0 {
            // Turn a little every fix; move speed × 10 s.
            heading = (heading + 7.0 * ((i % 13) as f64 - 6.0)).rem_euclid(360.0);
            let metres = speed / 3.6 * 10.0;
            lat += metres * heading.to_radians().cos() / 111_195.0;
            lng += metres * heading.to_radians().sin() / (111_195.0 * lat.to_radians().cos());
        }
        let mut record = Record::at(time, lat, lng);
        record.speed_kmh = speed;
        record.course_deg = heading;
        record.altitude_m = 12.0;
        record.satellites = Some(9);
        record.io = vec![
            io(239, u64::from(speed > 0.0), 1),
            io(21, 4, 1),
            io(66, 12_800, 2),
        ];
        points.push(StoredPoint {
            tracker,
            received_ms: time + 1_500,
            record,
        });
    }
    points
}

fn history(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("open store");
    let tracker = store
        .create_tracker(NewTracker {
            device_id: "bench-history".into(),
            label: "van".into(),
            model: "teltonika".into(),
            owner: None,
            created_ms: START_MS,
        })
        .expect("tracker")
        .id;
    for batch in month(tracker).chunks(5_000) {
        store
            .commit(&CommitBatch {
                points: batch.to_vec(),
                states: Vec::new(),
            })
            .expect("commit");
    }
    let rules = Rules::default();
    let window = |days: i64| Window {
        tracker,
        from_ms: START_MS,
        to_ms: START_MS + days * DAY_MS - 1,
        include_lbs: true,
        filter: true,
    };
    let month_window = window(DAYS);
    let day_window = window(1);
    let trips = list(
        &store,
        &month_window,
        &rules,
        &ListOptions {
            split: true,
            cluster_singles: false,
            with_points: false,
            point_limit: None,
            max_points: 100_000,
        },
    )
    .expect("list");
    assert_eq!(
        trips.tracks.len(),
        DAYS as usize * DRIVES.len(),
        "the month's trips"
    );

    let mut group = c.benchmark_group("history");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let options = ListOptions {
        split: true,
        cluster_singles: false,
        with_points: false,
        point_limit: None,
        max_points: 100_000,
    };
    group.bench_function("list_month", |b| {
        b.iter(|| list(&store, &month_window, &rules, &options).expect("list"))
    });
    let all = ReadOptions {
        track_id: None,
        point_limit: None,
        max_points: 100_000,
    };
    group.bench_function("read_day", |b| {
        b.iter(|| read(&store, &day_window, &rules, &all).expect("read"))
    });
    let reduced = ReadOptions {
        track_id: None,
        point_limit: Some(1_000),
        max_points: 1_000_000,
    };
    group.bench_function("read_month_point_limit_1000", |b| {
        b.iter(|| read(&store, &month_window, &rules, &reduced).expect("read"))
    });
    let last_trip = match trips.tracks.last() {
        Some(Track::Trip(trip, _)) => trip.id,
        other => panic!("the last trip: {other:?}"),
    };
    let one_trip = ReadOptions {
        track_id: Some(last_trip),
        point_limit: None,
        max_points: 100_000,
    };
    group.bench_function("read_last_trip_of_month", |b| {
        b.iter(|| read(&store, &month_window, &rules, &one_trip).expect("read"))
    });
    group.finish();
}

criterion_group!(benches, history);
criterion_main!(benches);
