//! The `[store]` section: which store the gateway runs on, and that store's
//! settings.
//!
//! `kind = "embedded"` (the default) keeps everything in `data_dir/store`
//! on this machine; `kind = "scylla"` puts it in a ScyllaDB (or Cassandra)
//! cluster that several gateway nodes share, described by `[store.scylla]`
//! (docs/operations.md, "Running on ScyllaDB").

use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_store::EmbeddedOptions;
use trackgate_store_scylla::ScyllaOptions;
use trackgate_store_scylla::options::{parse_consistency, parse_uri, valid_keyspace};

use super::ConfigError;

/// Which store the gateway runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// The embedded store, in the data directory.
    #[default]
    Embedded,
    /// A ScyllaDB cluster.
    Scylla,
}

/// The store's own upkeep, and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// `embedded` or `scylla`.
    pub kind: StoreKind,
    /// How often points older than their owner's billing plan keeps are
    /// removed, in seconds (the first time within a minute of starting);
    /// 0 = never. Embedded store only: on ScyllaDB every point carries its
    /// owner's retention as a TTL.
    pub history_sweep_secs: u64,
    /// Entries of the Server API's audit log kept; older ones are dropped.
    pub audit_entries: u64,
    /// The cluster, when `kind = "scylla"`.
    pub scylla: ScyllaConfig,
}

/// `[store.scylla]`: the cluster and how the gateway uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScyllaConfig {
    /// `host:port` of some of the cluster's nodes (the rest are discovered).
    pub contact_points: Vec<String>,
    /// The keyspace.
    pub keyspace: String,
    /// The keyspace's replication, as CQL, used when `trackgate store
    /// migrate` creates it.
    pub replication: String,
    /// User name, when the cluster requires one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Password (better given as `TRACKGATE_SCYLLA_PASSWORD`); never
    /// printed by `trackgate print-config`.
    #[serde(skip_serializing)]
    pub password: Option<String>,
    /// Consistency of reads and writes (`LOCAL_QUORUM`, `QUORUM`, ...).
    pub consistency: String,
    /// Requests in flight at once from this node.
    pub max_in_flight: usize,
    /// How long one request may take, in milliseconds.
    pub request_timeout_ms: u64,
    /// Apply missing schema migrations when the gateway starts; otherwise a
    /// schema older than the build stops the start with the advice to run
    /// `trackgate store migrate`.
    pub migrate_on_start: bool,
}

impl Default for StoreConfig {
    fn default() -> Self {
        let defaults = EmbeddedOptions::default();
        Self {
            kind: StoreKind::Embedded,
            history_sweep_secs: defaults.history_sweep_every.map_or(0, |d| d.as_secs()),
            audit_entries: defaults.audit_entries,
            scylla: ScyllaConfig::default(),
        }
    }
}

impl Default for ScyllaConfig {
    fn default() -> Self {
        let defaults = ScyllaOptions::default();
        Self {
            contact_points: defaults.contact_points,
            keyspace: defaults.keyspace,
            replication: defaults.replication,
            username: None,
            password: None,
            consistency: "LOCAL_QUORUM".to_owned(),
            max_in_flight: defaults.max_in_flight,
            request_timeout_ms: u64::try_from(defaults.request_timeout.as_millis())
                .unwrap_or(5_000),
            migrate_on_start: false,
        }
    }
}

fn invalid(message: String) -> ConfigError {
    ConfigError::Invalid {
        section: "store.scylla".into(),
        message,
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

    /// Applies `TRACKGATE_STORE` (`embedded` or `scylla`) and the
    /// `TRACKGATE_SCYLLA_*` variables read through `var`.
    pub fn apply_env(&mut self, var: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(kind) = var("TRACKGATE_STORE") {
            self.kind = match kind.trim() {
                "embedded" => StoreKind::Embedded,
                "scylla" => StoreKind::Scylla,
                other => {
                    return Err(ConfigError::Env {
                        name: "TRACKGATE_STORE".into(),
                        message: format!("expected embedded or scylla, got {other:?}"),
                    });
                }
            };
        }
        if let Some(uri) = var("TRACKGATE_SCYLLA_URI") {
            let address = parse_uri(&uri).map_err(|message| ConfigError::Env {
                name: "TRACKGATE_SCYLLA_URI".into(),
                message,
            })?;
            self.scylla.contact_points = address.contact_points;
            if let Some((user, password)) = address.credentials {
                self.scylla.username = Some(user);
                self.scylla.password = Some(password);
            }
        }
        if let Some(keyspace) = var("TRACKGATE_SCYLLA_KEYSPACE") {
            self.scylla.keyspace = keyspace.trim().to_owned();
        }
        if let Some(user) = var("TRACKGATE_SCYLLA_USERNAME") {
            self.scylla.username = Some(user);
        }
        if let Some(password) = var("TRACKGATE_SCYLLA_PASSWORD") {
            self.scylla.password = Some(password);
        }
        if let Some(consistency) = var("TRACKGATE_SCYLLA_CONSISTENCY") {
            self.scylla.consistency = consistency.trim().to_owned();
        }
        Ok(())
    }

    /// Refuses settings that cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.kind == StoreKind::Scylla {
            self.scylla_options()?;
        }
        Ok(())
    }

    /// The ScyllaDB adapter's options: `[store.scylla]`, and the audit
    /// log's length from `[store]`.
    pub fn scylla_options(&self) -> Result<ScyllaOptions, ConfigError> {
        Ok(ScyllaOptions {
            audit_entries: self.audit_entries.max(1),
            ..self.scylla.options()?
        })
    }
}

impl ScyllaConfig {
    /// The adapter's options these settings describe.
    pub fn options(&self) -> Result<ScyllaOptions, ConfigError> {
        if self.contact_points.is_empty() {
            return Err(invalid("contact_points is empty".into()));
        }
        if !valid_keyspace(&self.keyspace) {
            return Err(invalid(format!(
                "keyspace {:?}: letters, digits and _ only, starting with a letter",
                self.keyspace
            )));
        }
        let consistency = parse_consistency(&self.consistency)
            .ok_or_else(|| invalid(format!("unknown consistency {:?}", self.consistency)))?;
        let credentials = match (&self.username, &self.password) {
            (Some(user), Some(password)) => Some((user.clone(), password.clone())),
            (None, None) => None,
            _ => return Err(invalid("username and password go together".into())),
        };
        if self.max_in_flight == 0 || self.request_timeout_ms == 0 {
            return Err(invalid(
                "max_in_flight and request_timeout_ms must be above 0".into(),
            ));
        }
        Ok(ScyllaOptions {
            contact_points: self.contact_points.clone(),
            keyspace: self.keyspace.clone(),
            replication: self.replication.clone(),
            credentials,
            consistency,
            max_in_flight: self.max_in_flight,
            request_timeout: Duration::from_millis(self.request_timeout_ms),
            migrate_on_open: self.migrate_on_start,
            ..ScyllaOptions::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_environment_picks_scylla_and_its_cluster() {
        let mut store = StoreConfig::default();
        assert_eq!(store.kind, StoreKind::Embedded);
        store
            .apply_env(&env(&[
                ("TRACKGATE_STORE", "scylla"),
                ("TRACKGATE_SCYLLA_URI", "gw:pw@10.0.0.5,10.0.0.6:19042"),
                ("TRACKGATE_SCYLLA_CONSISTENCY", "quorum"),
            ]))
            .unwrap();
        assert_eq!(store.kind, StoreKind::Scylla);
        let options = store.scylla.options().unwrap();
        assert_eq!(
            options.contact_points,
            vec!["10.0.0.5:9042", "10.0.0.6:19042"]
        );
        assert_eq!(options.credentials, Some(("gw".into(), "pw".into())));
        assert_eq!(options.consistency, scylla::statement::Consistency::Quorum);
        store.audit_entries = 500;
        assert_eq!(store.scylla_options().unwrap().audit_entries, 500);
        assert!(
            StoreConfig::default()
                .apply_env(&env(&[("TRACKGATE_STORE", "postgres")]))
                .is_err()
        );
    }

    #[test]
    fn unusable_cluster_settings_are_refused() {
        let mut store = StoreConfig {
            kind: StoreKind::Scylla,
            ..StoreConfig::default()
        };
        assert!(store.validate().is_ok());
        store.scylla.keyspace = "x; DROP".into();
        assert!(
            store
                .validate()
                .unwrap_err()
                .to_string()
                .contains("keyspace")
        );
        store.scylla.keyspace = "trackgate".into();
        store.scylla.consistency = "mostly".into();
        assert!(
            store
                .validate()
                .unwrap_err()
                .to_string()
                .contains("consistency")
        );
        store.scylla.consistency = "LOCAL_ONE".into();
        store.scylla.username = Some("only".into());
        assert!(
            store
                .validate()
                .unwrap_err()
                .to_string()
                .contains("together")
        );
    }
}
