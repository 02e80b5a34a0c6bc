//! Opening the store the configuration names: the embedded store in the
//! data directory, or a ScyllaDB cluster.

use std::sync::Arc;

use anyhow::Context as _;
use trackgate_store::{EmbeddedOptions, EmbeddedStore, Store};
use trackgate_store_scylla::ScyllaStore;

use crate::config::Config;
use crate::config::store::StoreKind;

/// Opens the store of `config`, giving an embedded store `store_files` of
/// the process's open-file limit.
pub(crate) async fn open(config: &Config, store_files: u64) -> anyhow::Result<Arc<dyn Store>> {
    match config.store.kind {
        StoreKind::Embedded => {
            let data_dir = config.data_dir.clone();
            let options = config.store.apply(EmbeddedOptions {
                wal_dir: config.wal_dir.clone(),
                max_open_files: usize::try_from(store_files).unwrap_or(usize::MAX),
                ..EmbeddedOptions::default()
            });
            let store = tokio::task::spawn_blocking(move || {
                EmbeddedStore::open_with(&data_dir.join("store"), &options)
            })
            .await?
            .context("opening the embedded store")?;
            Ok(Arc::new(store))
        }
        StoreKind::Scylla => {
            let options = config.store.scylla_options()?;
            let keyspace = options.keyspace.clone();
            let points = options.contact_points.join(",");
            let store = tokio::task::spawn_blocking(move || ScyllaStore::open(options))
                .await?
                .with_context(|| format!("opening keyspace {keyspace} on ScyllaDB at {points}"))?;
            tracing::info!(keyspace, contact_points = points, "store: ScyllaDB");
            Ok(Arc::new(store))
        }
    }
}
