//! The contract suite on a fresh embedded store, and the store shared
//! across threads the way the gateway shares it.

use std::sync::Arc;
use std::thread;

use trackgate_protocols::Record;
use trackgate_store::{
    CommitBatch, EmbeddedOptions, EmbeddedStore, Store, StoredPoint, TrackerId, contract,
};

#[test]
fn embedded_store_passes_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    // The retention case runs the purge itself, at the time it chooses.
    let options = EmbeddedOptions {
        history_sweep_every: None,
        ..EmbeddedOptions::default()
    };
    let store = EmbeddedStore::open_with(dir.path(), &options).unwrap();
    contract::run_all("embedded", &store);
}

#[test]
fn commits_from_many_threads_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(EmbeddedStore::open(dir.path()).unwrap());
    let writers: Vec<_> = (1..=4u64)
        .map(|tracker| {
            let store = Arc::clone(&store);
            thread::spawn(move || {
                for batch in 0..10i64 {
                    let points = (0..100)
                        .map(|i| StoredPoint {
                            tracker: TrackerId(tracker),
                            received_ms: 0,
                            record: Record::at(batch * 100 + i, 1.0, 2.0),
                        })
                        .collect();
                    store
                        .commit(&CommitBatch {
                            points,
                            states: Vec::new(),
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    for tracker in 1..=4 {
        let track = store
            .read_track(TrackerId(tracker), i64::MIN, i64::MAX, usize::MAX)
            .unwrap();
        let times: Vec<i64> = track.iter().map(|p| p.record.fix_time_ms).collect();
        assert_eq!(times, (0..1_000).collect::<Vec<_>>());
    }
}
