//! The store contract against a real ScyllaDB cluster: the same cases the
//! embedded store passes, from the same code.
//!
//! Runs whenever `SCYLLA_URI` names a cluster
//! (`[scylla://][user:password@]host[:port][,...]`), in a keyspace of its
//! own (`SimpleStrategy`, replication factor `SCYLLA_RF` or 1) that it
//! drops afterwards. Without `SCYLLA_URI` the run says, on standard error
//! and in the test's name, that the ScyllaDB half was skipped: it never
//! passes silently as if it had run.

use trackgate_store::contract;
use trackgate_store_scylla::options::parse_uri;
use trackgate_store_scylla::{ScyllaOptions, ScyllaStore};

#[test]
fn scylla_contract_runs_when_scylla_uri_is_set_and_says_skipped_otherwise() {
    let Ok(uri) = std::env::var("SCYLLA_URI") else {
        eprintln!(
            "SKIPPED: the ScyllaDB half of the store contract suite did not run \
             (SCYLLA_URI is not set; set it to a cluster, e.g. SCYLLA_URI=127.0.0.1:9042)"
        );
        return;
    };
    let address = parse_uri(&uri).expect("SCYLLA_URI");
    let rf: u32 = std::env::var("SCYLLA_RF")
        .ok()
        .and_then(|rf| rf.parse().ok())
        .unwrap_or(1);
    let keyspace = format!(
        "tg_contract_{}_{}",
        std::process::id(),
        rand::random::<u32>()
    );
    let options = ScyllaOptions {
        contact_points: address.contact_points,
        credentials: address.credentials,
        keyspace: keyspace.clone(),
        replication: format!("{{'class': 'SimpleStrategy', 'replication_factor': {rf}}}"),
        migrate_on_open: true,
        ..ScyllaOptions::default()
    };
    let store = ScyllaStore::open(options.clone()).expect("opening the ScyllaDB store");
    let status = ScyllaStore::schema_status(options).expect("reading the schema status");
    assert_eq!(
        status.current(),
        status.needed,
        "migrated to this build's schema"
    );
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        contract::run_all("scylla", &store);
    }));
    if let Err(e) = store.drop_keyspace() {
        eprintln!("could not drop test keyspace {keyspace}: {e}");
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
