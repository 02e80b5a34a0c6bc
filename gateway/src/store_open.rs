//! Opening the store the configuration names.

use std::sync::Arc;

use anyhow::Context as _;
use trackgate_store::{EmbeddedOptions, EmbeddedStore, Store};

use crate::config::Config;

/// Opens the store of `config`, giving it `store_files` of the process's
/// open-file limit.
pub(crate) async fn open(config: &Config, store_files: u64) -> anyhow::Result<Arc<dyn Store>> {
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
