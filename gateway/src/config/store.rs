//! The `[store]` section: what the embedded store does on its own.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_store::EmbeddedOptions;

/// The store's own upkeep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// How often points older than their owner's billing plan keeps are
    /// removed, in seconds (the first time within a minute of starting);
    /// 0 = never.
    pub history_sweep_secs: u64,
    /// Entries of the Server API's audit log kept; older ones are dropped.
    pub audit_entries: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        let defaults = EmbeddedOptions::default();
        Self {
            history_sweep_secs: defaults.history_sweep_every.map_or(0, |d| d.as_secs()),
            audit_entries: defaults.audit_entries,
        }
    }
}

impl StoreConfig {
    /// These settings on top of `options`.
    pub fn apply(&self, options: EmbeddedOptions) -> EmbeddedOptions {
        EmbeddedOptions {
            history_sweep_every: (self.history_sweep_secs > 0)
                .then(|| Duration::from_secs(self.history_sweep_secs)),
            audit_entries: self.audit_entries.max(1),
            ..options
        }
    }
}
