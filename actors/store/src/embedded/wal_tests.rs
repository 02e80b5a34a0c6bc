//! Tests of the track write-ahead log as the store uses it: recovery of
//! commits that never reached fjall, and deletions that the log must not undo.

use trackgate_protocols::Record;

use super::wal::{Entries, Wal};
use super::*;
use crate::model::*;
use crate::ports::{AccountStore, TrackStore};

fn batch(tracker: TrackerId, times: std::ops::Range<i64>) -> CommitBatch {
    let points: Vec<StoredPoint> = times
        .map(|t| StoredPoint {
            tracker,
            received_ms: t,
            record: Record::at(t, 1.0, 2.0),
        })
        .collect();
    let state = TrackerState {
        last_update_ms: Some(points.len() as i64),
        ..TrackerState::default()
    };
    CommitBatch {
        points,
        states: vec![(tracker, state)],
    }
}

fn wal_segments(dir: &Path) -> Vec<(u64, u64)> {
    wal_files::segments(&dir.join("wal"))
        .unwrap()
        .into_iter()
        .map(|s| {
            let len = std::fs::metadata(dir.join("wal").join(format!("{s:020}.log")))
                .unwrap()
                .len();
            (s, len)
        })
        .collect()
}

#[test]
fn commits_only_in_the_log_are_applied_on_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(EmbeddedStore::open(dir.path()).unwrap());
    assert_eq!(
        wal_segments(dir.path()),
        vec![],
        "a clean close removes the log"
    );

    // As a crash leaves it: two commits logged, neither applied, the
    // second cut short while being written.
    let tracker = TrackerId(5);
    let first = batch(tracker, 0..100);
    let second = batch(tracker, 100..150);
    let mut wal = Wal::create(&dir.path().join("wal"), 7).unwrap();
    for (seq, b) in [(1, &first), (2, &second)] {
        let (points, states) = tracks::encode(b).unwrap();
        let mut record = Entries {
            seq,
            points,
            states,
        }
        .record();
        if seq == 2 {
            record.truncate(record.len() - 10);
        }
        wal.append(&mut record).unwrap();
    }
    drop(wal);
    let logged = wal_segments(dir.path());

    let store = EmbeddedStore::open(dir.path()).unwrap();
    let read = store
        .read_track(tracker, i64::MIN, i64::MAX, usize::MAX)
        .unwrap();
    assert_eq!(
        read, first.points,
        "the whole record is back, the cut one is not"
    );
    assert_eq!(
        store.state(tracker).unwrap(),
        Some(first.states[0].1.clone())
    );
    assert_eq!(
        wal_segments(dir.path()),
        vec![(8, logged[0].1)],
        "the replayed segment is retired; the log goes on in a new one, written over it"
    );

    // New commits continue the sequence and survive a reopen.
    store.commit(&second).unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(
        store.read_track(tracker, 0, 1_000, 1_000).unwrap().len(),
        150
    );
}

#[test]
fn a_damaged_record_before_the_end_refuses_to_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(EmbeddedStore::open(dir.path()).unwrap());
    let wal_dir = dir.path().join("wal");
    let mut wal = Wal::create(&wal_dir, 1).unwrap();
    let (points, states) = tracks::encode(&batch(TrackerId(1), 0..10)).unwrap();
    wal.append(
        &mut Entries {
            seq: 1,
            points,
            states,
        }
        .record(),
    )
    .unwrap();
    drop(wal);
    drop(Wal::create(&wal_dir, 2).unwrap());
    let path = wal_dir.join(format!("{:020}.log", 1));
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[20] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert!(matches!(
        EmbeddedStore::open(dir.path()),
        Err(StoreError::Corrupt(_))
    ));
}

#[test]
fn deleting_a_tracker_checkpoints_past_its_logged_points() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    let tracker = store
        .create_tracker(NewTracker {
            device_id: "359633100000001".into(),
            label: "van".into(),
            model: "teltonika".into(),
            owner: None,
            created_ms: 0,
        })
        .unwrap();
    for n in 0..3 {
        store
            .commit(&batch(tracker.id, n * 10..n * 10 + 10))
            .unwrap();
    }
    assert!(store.delete_tracker(tracker.id).unwrap());
    // Replay after a crash skips everything up to the checkpoint, so the
    // tracker's logged points cannot come back.
    let checkpoint = store.ks.meta.get(apply::CHECKPOINT_KEY).unwrap().unwrap();
    assert!(u64::from_be_bytes(checkpoint.as_ref().try_into().unwrap()) >= 3);
    assert_eq!(store.read_track(tracker.id, 0, 100, 100).unwrap(), vec![]);
    assert_eq!(store.state(tracker.id).unwrap(), None);
}

#[test]
fn the_log_can_live_in_a_directory_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let wal_dir = tempfile::tempdir().unwrap();
    let options = EmbeddedOptions {
        wal_dir: Some(wal_dir.path().to_path_buf()),
        ..EmbeddedOptions::default()
    };
    let tracker = TrackerId(3);
    let store = EmbeddedStore::open_with(dir.path(), &options).unwrap();
    store.commit(&batch(tracker, 0..10)).unwrap();
    let logged: u64 = wal_files::segments(wal_dir.path())
        .unwrap()
        .iter()
        .map(|s| {
            std::fs::metadata(wal_dir.path().join(format!("{s:020}.log")))
                .unwrap()
                .len()
        })
        .sum();
    assert!(logged > 0, "the commit went to the log's own directory");
    assert!(!dir.path().join("wal").exists());
    drop(store);
    let store = EmbeddedStore::open_with(dir.path(), &options).unwrap();
    assert_eq!(store.read_track(tracker, 0, 100, 100).unwrap().len(), 10);
}

#[test]
fn a_store_whose_log_failed_says_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert!(store.writable().is_ok());
    store.log.lock().unwrap().wal.refuse_writes_for_test();
    assert!(store.commit(&batch(TrackerId(1), 0..3)).is_err());
    let refused = store.writable().unwrap_err();
    assert!(refused.to_string().contains("reopened"), "{refused}");
    // Reopened, the store recovers and writes again.
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert!(store.writable().is_ok());
    store.commit(&batch(TrackerId(1), 0..3)).unwrap();
}

/// Logs `seqs` into a new segment `segment`, as a crash leaves them: in the
/// log, not in fjall.
fn log_only(dir: &Path, segment: u64, seqs: &[(u64, &CommitBatch)]) {
    let mut wal = Wal::create(&dir.join("wal"), segment).unwrap();
    for &(seq, batch) in seqs {
        let (points, states) = tracks::encode(batch).unwrap();
        let mut record = Entries {
            seq,
            points,
            states,
        }
        .record();
        wal.append(&mut record).unwrap();
    }
}

/// A store whose first life logged 20 commits of tracker 9 and closed
/// cleanly, leaving its log segment as a spare.
fn after_a_first_life() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path()).unwrap();
    for n in 0..20 {
        store
            .commit(&batch(TrackerId(9), n * 10..n * 10 + 10))
            .unwrap();
    }
    drop(store);
    assert_eq!(wal_files::spares(&dir.path().join("wal")).unwrap().len(), 1);
    dir
}

#[test]
fn a_reused_segment_replays_only_its_new_records() {
    let dir = after_a_first_life();
    let (first, second) = (batch(TrackerId(4), 0..5), batch(TrackerId(4), 5..8));
    // Written over the spare: the first life's 20 records follow these two.
    log_only(dir.path(), 30, &[(21, &first), (22, &second)]);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    let four = store.read_track(TrackerId(4), 0, 100, 100).unwrap();
    assert_eq!(four, [first.points, second.points].concat());
    let nine = store.read_track(TrackerId(9), 0, 1_000, 1_000).unwrap();
    assert_eq!(nine.len(), 200);
    // And the log goes on from commit 22.
    store.commit(&batch(TrackerId(4), 8..9)).unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(
        store.read_track(TrackerId(4), 0, 100, 100).unwrap().len(),
        9
    );
}

#[test]
fn a_gap_in_the_logged_commits_refuses_to_open() {
    let dir = after_a_first_life();
    // Commit 21 is missing: acknowledged data would be lost without a word.
    log_only(dir.path(), 30, &[(22, &batch(TrackerId(4), 0..5))]);
    let refused = EmbeddedStore::open(dir.path());
    assert!(
        matches!(&refused, Err(StoreError::Corrupt(why)) if why.contains("skips from commit 20 to 22")),
        "{:?}",
        refused.err()
    );
}

/// A crash right after the log took a spare for its next segment, before
/// writing anything there: the segment holds only its previous life's
/// records, all at or below the checkpoint, and opening replays none.
#[test]
fn a_spare_taken_but_never_written_replays_nothing() {
    let dir = after_a_first_life();
    log_only(dir.path(), 30, &[]);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    let nine = store.read_track(TrackerId(9), 0, 1_000, 1_000).unwrap();
    assert_eq!(nine.len(), 200);
    store.commit(&batch(TrackerId(4), 0..3)).unwrap();
    drop(store);
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(
        store.read_track(TrackerId(4), 0, 100, 100).unwrap().len(),
        3
    );
}
