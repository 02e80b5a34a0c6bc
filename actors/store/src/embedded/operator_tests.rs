//! The embedded store's own handling of the operator's model: the audit
//! log's bound and the history sweeper thread.

use std::time::{Duration, Instant};

use trackgate_protocols::Record;

use super::*;
use crate::model::*;
use crate::money::Money;
use crate::operator_model::*;
use crate::operator_ports::{AuditStore, OperatorStore};
use crate::ports::{AccountStore, TrackStore};

fn entry(n: u64) -> NewAuditEntry {
    NewAuditEntry {
        time_ms: i64::try_from(n).unwrap(),
        caller: "127.0.0.1".into(),
        command: format!("CMD{n}"),
        status: 200,
        result: "OK".into(),
    }
}

fn options(audit_entries: u64, history_sweep_every: Option<Duration>) -> EmbeddedOptions {
    EmbeddedOptions {
        audit_entries,
        history_sweep_every,
        ..EmbeddedOptions::default()
    }
}

fn commands(store: &EmbeddedStore) -> Vec<String> {
    store
        .audit_log(usize::MAX)
        .unwrap()
        .into_iter()
        .map(|e| e.entry.command)
        .collect()
}

#[test]
fn the_audit_log_keeps_its_newest_entries_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = EmbeddedStore::open_with(dir.path(), &options(3, None)).unwrap();
        for n in 1..=5 {
            assert_eq!(store.append_audit(entry(n)).unwrap().id, n);
        }
        assert_eq!(commands(&store), ["CMD5", "CMD4", "CMD3"]);
    }
    // Ids go on from the newest kept; a lower bound trims on open.
    let store = EmbeddedStore::open_with(dir.path(), &options(2, None)).unwrap();
    assert_eq!(commands(&store), ["CMD5", "CMD4"]);
    assert_eq!(store.append_audit(entry(6)).unwrap().id, 6);
    assert_eq!(commands(&store), ["CMD6", "CMD5"]);
}

#[test]
fn the_sweeper_removes_history_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let every = Some(Duration::from_millis(200));
    let store = EmbeddedStore::open_with(dir.path(), &options(10, every)).unwrap();
    let plan = store
        .create_plan(NewBillingPlan {
            name: "one day".into(),
            price: Money::ZERO,
            period_days: 30,
            tracker_limit: None,
            history_days: Some(1),
            dealer: None,
            unpaid: Default::default(),
        })
        .unwrap();
    let user = store
        .create_user(NewUser {
            login: "sweep@example.com".into(),
            password_hash: String::new(),
            created_ms: 0,
        })
        .unwrap();
    store
        .update_user(&User {
            plan: Some(plan.id),
            ..user.clone()
        })
        .unwrap();
    let tracker = store
        .create_tracker(NewTracker {
            device_id: "sweep-1".into(),
            label: String::new(),
            model: String::new(),
            owner: Some(user.id),
            created_ms: 0,
        })
        .unwrap();
    let now = now_ms();
    let at = |fix_time_ms| StoredPoint {
        tracker: tracker.id,
        received_ms: now,
        record: Record::at(fix_time_ms, 1.0, 2.0),
    };
    store
        .commit(&CommitBatch {
            points: vec![at(now - 3 * 86_400_000), at(now - 60_000)],
            states: Vec::new(),
        })
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = store.read_track(tracker.id, 0, i64::MAX, 10).unwrap();
        if left.len() == 1 {
            assert_eq!(left[0].record.fix_time_ms, now - 60_000);
            break;
        }
        assert!(Instant::now() < deadline, "the old point is still there");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Dropping the store stops the thread.
    drop(store);
}
