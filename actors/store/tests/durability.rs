//! What survives closing the store, and what survives the process dying.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use trackgate_protocols::Record;
use trackgate_store::*;

fn point(tracker: TrackerId, fix_time_ms: i64) -> StoredPoint {
    StoredPoint {
        tracker,
        received_ms: fix_time_ms + 5,
        record: Record::at(fix_time_ms, 52.0, 13.0),
    }
}

fn batch(tracker: TrackerId, times: std::ops::Range<i64>) -> CommitBatch {
    let points: Vec<_> = times.map(|t| point(tracker, t)).collect();
    let state = TrackerState {
        last_update_ms: points.last().map(|p| p.received_ms),
        ..TrackerState::default()
    };
    CommitBatch {
        points,
        states: vec![(tracker, state)],
    }
}

fn new_user(store: &EmbeddedStore, login: &str) -> User {
    store
        .create_user(NewUser {
            login: login.into(),
            password_hash: String::new(),
            created_ms: 0,
        })
        .unwrap()
}

#[test]
fn everything_is_there_after_reopen_and_ids_continue() {
    let dir = tempfile::tempdir().unwrap();
    let (alice, tracker, deleted_user, committed, command) = {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let alice = new_user(&store, "alice@example.com");
        let deleted_user = new_user(&store, "bob@example.com");
        assert!(store.delete_user(deleted_user.id).unwrap());
        let tracker = store
            .create_tracker(NewTracker {
                device_id: "356307042441013".into(),
                label: "van".into(),
                model: "teltonika".into(),
                owner: Some(alice.id),
                created_ms: 0,
            })
            .unwrap();
        let committed = batch(tracker.id, -500..500);
        store.commit(&committed).unwrap();
        store
            .put_session(&Session {
                digest: SecretDigest::of("0123456789abcdef0123456789abcdef"),
                user: alice.id,
                created_ms: 1,
                expires_ms: 2,
            })
            .unwrap();
        let command = store
            .create_command(NewCommand {
                tracker: tracker.id,
                command: trackgate_protocols::command::Command::EngineBlock(true),
                reliable: true,
                expires_ms: None,
                policy: SendPolicy::WithinSecondsOfInbound(30),
                max_attempts: 3,
                created_ms: 5,
            })
            .unwrap();
        (alice, tracker, deleted_user, committed, command)
    };

    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.user(alice.id).unwrap().as_ref(), Some(&alice));
    assert_eq!(
        store.user_by_login("alice@example.com").unwrap().as_ref(),
        Some(&alice)
    );
    assert_eq!(
        store.tracker_by_device("356307042441013").unwrap().as_ref(),
        Some(&tracker)
    );
    assert_eq!(
        store.user_trackers(alice.id).unwrap(),
        std::slice::from_ref(&tracker)
    );
    assert_eq!(
        store
            .read_track(tracker.id, i64::MIN, i64::MAX, usize::MAX)
            .unwrap(),
        committed.points
    );
    assert_eq!(
        store.state(tracker.id).unwrap(),
        Some(committed.states[0].1.clone())
    );
    assert_eq!(
        store
            .session(&SecretDigest::of("0123456789abcdef0123456789abcdef"))
            .unwrap()
            .map(|s| s.user),
        Some(alice.id)
    );

    // The counter is stored, not derived from the highest live id: the
    // deleted user's id stays retired.
    let carol = new_user(&store, "carol@example.com");
    assert!(carol.id > deleted_user.id && deleted_user.id > alice.id);
    let second = store
        .create_tracker(NewTracker {
            device_id: "356307042441014".into(),
            label: String::new(),
            model: String::new(),
            owner: None,
            created_ms: 0,
        })
        .unwrap();
    assert!(second.id > tracker.id);
    // A queued command survives, and command ids continue too.
    assert_eq!(
        store.tracker_commands(tracker.id).unwrap(),
        vec![command.clone()]
    );
    let next = store
        .create_command(NewCommand {
            tracker: second.id,
            ..command.request.clone()
        })
        .unwrap();
    assert!(next.id > command.id);
}

/// Set in the child process to the directory it writes to.
const CRASH_DIR_VAR: &str = "TRACKGATE_STORE_CRASH_DIR";
/// Printed by the child after each acknowledged commit.
const ACKED: &str = "acked batch";
const BATCHES: i64 = 5;
const BATCH_LEN: i64 = 1_000;
const CRASH_TRACKER: TrackerId = TrackerId(77);

/// The child half of `acked_commits_survive_abort`: commits batches,
/// reports each acknowledgement, and dies without running any destructor.
/// Ignored so a normal run does not list it as a passing test; the parent
/// runs it with `--ignored`. Without the variable set it does nothing.
#[test]
#[ignore = "child process of acked_commits_survive_abort"]
fn crash_child() {
    let Some(dir) = std::env::var_os(CRASH_DIR_VAR) else {
        return;
    };
    let store = EmbeddedStore::open(Path::new(&dir)).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 0..BATCHES {
        store
            .commit(&batch(CRASH_TRACKER, n * BATCH_LEN..(n + 1) * BATCH_LEN))
            .unwrap();
        writeln!(out, "{ACKED} {n}").unwrap();
        out.flush().unwrap();
    }
    std::process::abort();
}

#[test]
fn acked_commits_survive_abort() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CRASH_DIR_VAR, dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success(), "the child must die, not exit");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(6), "killed by SIGABRT");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    // libtest may print its "test crash_child ... " on the same line.
    let acked: Vec<i64> = stdout
        .lines()
        .filter_map(|line| line.split(ACKED).nth(1))
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    assert_eq!(
        acked,
        (0..BATCHES).collect::<Vec<_>>(),
        "child did not ack every batch; stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    // The acknowledged batches are in the track write-ahead log, which the dead
    // process never got to remove; opening replays it.
    let logged: u64 = std::fs::read_dir(dir.path().join("wal"))
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().len())
        .sum();
    assert!(
        logged > 0,
        "the write-ahead log holds the acknowledged batches"
    );

    let store = EmbeddedStore::open(dir.path()).unwrap();
    let track = store
        .read_track(CRASH_TRACKER, i64::MIN, i64::MAX, usize::MAX)
        .unwrap();
    let times: Vec<i64> = track.iter().map(|p| p.record.fix_time_ms).collect();
    assert_eq!(times, (0..BATCHES * BATCH_LEN).collect::<Vec<_>>());
    assert_eq!(
        store
            .state(CRASH_TRACKER)
            .unwrap()
            .and_then(|s| s.last_update_ms),
        Some(BATCHES * BATCH_LEN - 1 + 5)
    );
}
