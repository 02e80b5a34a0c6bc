//! Contract: committing points and states, reading tracks and states.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use trackgate_protocols::Value;

use super::{commit_points, new_tracker, ok, point, times, whole_track};
use crate::model::*;
use crate::ports::Store;

/// Points come back oldest first whatever order they were committed in;
/// both bounds are inclusive; `limit` keeps the oldest; every field
/// round-trips.
pub fn track_is_ordered_bounded_and_limited(store: &dyn Store) {
    let tracker = new_tracker(store, "contract-order", None).id;
    commit_points(
        store,
        vec![point(tracker, 50, 5.0), point(tracker, 10, 1.0)],
    );
    let mut rich = point(tracker, 30, 3.0);
    rich.received_ms = 1_700_000_123_456;
    rich.record.speed_kmh = 42.5;
    rich.record.satellites = Some(9);
    commit_points(
        store,
        vec![
            point(tracker, 40, 4.0),
            rich.clone(),
            point(tracker, 20, 2.0),
        ],
    );

    let all = ok(store.read_track(tracker, 0, 100, 100), "read_track");
    assert_eq!(times(&all), [10, 20, 30, 40, 50]);
    assert!(all.iter().all(|p| p.tracker == tracker));
    assert_eq!(all[2], rich, "a point must round-trip unchanged");

    let read = |from, to, limit| times(&ok(store.read_track(tracker, from, to, limit), "read"));
    assert_eq!(read(20, 40, 100), [20, 30, 40], "bounds are inclusive");
    assert_eq!(read(21, 39, 100), [30]);
    assert_eq!(read(30, 30, 100), [30]);
    assert_eq!(read(0, 100, 2), [10, 20], "limit keeps the oldest");
    assert_eq!(read(25, 100, 1), [30]);
    assert!(read(0, 100, 0).is_empty(), "limit 0");
    assert!(read(40, 20, 100).is_empty(), "from after to");
    assert!(read(51, 1_000, 100).is_empty(), "no points in range");
}

/// A tracker's reads never return another tracker's points, even when
/// their times are equal and the trackers' ids are adjacent.
pub fn trackers_never_mix(store: &dyn Store) {
    let a = new_tracker(store, "contract-mix-a", None).id;
    let b = new_tracker(store, "contract-mix-b", None).id;
    commit_points(
        store,
        vec![
            point(a, 100, 1.0),
            point(b, 100, 2.0),
            point(b, i64::MIN, 2.0),
            point(a, i64::MAX, 1.0),
            point(b, 200, 2.0),
        ],
    );
    let track_a = whole_track(store, a);
    let track_b = whole_track(store, b);
    assert_eq!(times(&track_a), [100, i64::MAX]);
    assert_eq!(times(&track_b), [i64::MIN, 100, 200]);
    assert!(
        track_a
            .iter()
            .all(|p| p.tracker == a && p.record.latitude == 1.0)
    );
    assert!(
        track_b
            .iter()
            .all(|p| p.tracker == b && p.record.latitude == 2.0)
    );
}

/// A record sent again (a lost acknowledgement) is stored once, also when
/// received later and when repeated within one batch; a different record
/// at the same fix time is a separate point.
pub fn resent_point_is_stored_once(store: &dyn Store) {
    let tracker = new_tracker(store, "contract-resend", None).id;
    let original = point(tracker, 1_000, 1.0);
    commit_points(store, vec![original.clone()]);
    let mut resent = original.clone();
    resent.received_ms += 60_000;
    commit_points(store, vec![resent.clone(), resent]);
    let track = whole_track(store, tracker);
    assert_eq!(track.len(), 1, "re-sent record stored twice: {track:?}");
    assert_eq!(track[0].record, original.record);

    let mut other = original.clone();
    other.record.latitude = 2.0;
    commit_points(store, vec![other.clone()]);
    let mut track = whole_track(store, tracker);
    assert_eq!(track.len(), 2, "different content at one time must be kept");
    // Order within one fix time is not part of the contract.
    track.sort_by(|x, y| x.record.latitude.total_cmp(&y.record.latitude));
    assert_eq!(track[0].record, original.record);
    assert_eq!(track[1].record, other.record);
}

/// Fix times before 1970 and far in the future sort by time, and bounds
/// work on either side of zero.
pub fn extreme_times_sort_right(store: &dyn Store) {
    let tracker = new_tracker(store, "contract-extreme-times", None).id;
    let year_1 = -62_135_596_800_000;
    let year_9999 = 253_402_300_799_000;
    let sorted = [i64::MIN, year_1, -86_400_000, -1, 0, 1, year_9999, i64::MAX];
    let shuffled = [0, i64::MAX, -1, year_9999, i64::MIN, 1, year_1, -86_400_000];
    commit_points(
        store,
        shuffled.iter().map(|&t| point(tracker, t, 1.0)).collect(),
    );
    assert_eq!(times(&whole_track(store, tracker)), sorted);
    let read = |from, to| times(&ok(store.read_track(tracker, from, to, 100), "read"));
    assert_eq!(read(-1, 1), [-1, 0, 1]);
    assert_eq!(read(i64::MIN, -1), [i64::MIN, year_1, -86_400_000, -1]);
    assert_eq!(read(2, i64::MAX), [year_9999, i64::MAX]);
}

/// A state is absent until committed, then read back as written, and a
/// later commit overwrites it; other trackers' states are untouched.
pub fn state_is_overwritten_and_read(store: &dyn Store) {
    let a = new_tracker(store, "contract-state-a", None).id;
    let b = new_tracker(store, "contract-state-b", None).id;
    assert_eq!(ok(store.state(a), "state"), None);

    let first = TrackerState {
        last_record: Some(std::sync::Arc::new(Timed {
            value: point(a, 1_000, 1.0).record,
            updated_ms: 1_000,
        })),
        last_update_ms: Some(1_000),
        values: BTreeMap::from([(
            "ignition".into(),
            Timed {
                value: Value::Bool(true),
                updated_ms: 1_000,
            },
        )]),
        connected_ms: Some(900),
        ..TrackerState::default()
    };
    let other = TrackerState {
        disconnected_ms: Some(5),
        ..TrackerState::default()
    };
    ok(
        store.commit(&CommitBatch {
            points: vec![point(a, 1_000, 1.0)],
            states: vec![(a, first.clone()), (b, other.clone())],
        }),
        "commit",
    );
    assert_eq!(ok(store.state(a), "state").as_ref(), Some(&first));
    assert_eq!(ok(store.state(b), "state").as_ref(), Some(&other));
    assert_eq!(whole_track(store, a).len(), 1, "points of the same batch");

    let second = TrackerState {
        last_update_ms: Some(2_000),
        disconnected_ms: Some(2_500),
        ..first
    };
    ok(
        store.commit(&CommitBatch {
            points: Vec::new(),
            states: vec![(a, second.clone())],
        }),
        "commit",
    );
    assert_eq!(ok(store.state(a), "state"), Some(second));
    assert_eq!(ok(store.state(b), "state"), Some(other));
}

/// Committing an empty batch succeeds and changes nothing.
pub fn empty_commit_is_ok(store: &dyn Store) {
    let tracker = new_tracker(store, "contract-empty-commit", None).id;
    ok(store.commit(&CommitBatch::default()), "empty commit");
    assert!(whole_track(store, tracker).is_empty());
    assert_eq!(ok(store.state(tracker), "state"), None);
}

/// `scan_track` hands out exactly what `read_track` returns for the same
/// range, in the same order (also several points at one fix time), and
/// stops as soon as the visitor breaks.
pub fn scan_matches_read_and_stops_on_break(store: &dyn Store) {
    let tracker = new_tracker(store, "contract-scan", None).id;
    let mut points: Vec<StoredPoint> = (0..50).map(|i| point(tracker, i * 10, 1.0)).collect();
    // Three different records at one instant.
    points.extend((0..3).map(|i| point(tracker, 200, 2.0 + f64::from(i))));
    commit_points(store, points);

    let scan = |from, to, stop_after: usize| {
        let mut seen = Vec::new();
        ok(
            store.scan_track(tracker, from, to, &mut |p| {
                seen.push(p);
                if seen.len() >= stop_after {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            }),
            "scan_track",
        );
        seen
    };
    let all = scan(i64::MIN, i64::MAX, usize::MAX);
    assert_eq!(all.len(), 53);
    assert_eq!(all, whole_track(store, tracker), "same points, same order");
    assert_eq!(
        scan(200, 210, usize::MAX),
        ok(store.read_track(tracker, 200, 210, 100), "read_track"),
        "bounds are inclusive, one instant's points all come"
    );
    assert_eq!(
        times(&scan(0, 1_000, 3)),
        [0, 10, 20],
        "Break stops the scan"
    );
    assert!(scan(30, 20, usize::MAX).is_empty(), "from after to");
    assert!(
        scan(1_000, 2_000, usize::MAX).is_empty(),
        "no points in range"
    );
}
