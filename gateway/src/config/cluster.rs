//! The `[cluster]` section: gateway nodes sharing one store and a NATS
//! server. No NATS url (the default) = a single node, with no NATS at all.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::ConfigError;

/// How this node joins its cluster, if it is one of several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterSection {
    /// NATS servers (`nats://host:port`); empty = a single node.
    pub nats_urls: Vec<String>,
    /// This node's id, unique in the cluster (the Server API's server id).
    pub node_id: u64,
    /// This node's name, as the Server API lists it.
    pub node_name: String,
    /// What every subject starts with.
    pub subject_prefix: String,
    /// How often the node announces itself, in milliseconds.
    pub heartbeat_ms: u64,
    /// How long a call to another node may take, in milliseconds.
    pub call_timeout_ms: u64,
}

impl Default for ClusterSection {
    fn default() -> Self {
        Self {
            nats_urls: Vec::new(),
            node_id: trackgate_cluster::SINGLE_NODE,
            node_name: trackgate_cluster::SINGLE_NAME.into(),
            subject_prefix: "trackgate".into(),
            heartbeat_ms: 2_000,
            call_timeout_ms: 2_000,
        }
    }
}

impl ClusterSection {
    /// Whether this node is one of several.
    pub fn is_enabled(&self) -> bool {
        !self.nats_urls.is_empty()
    }

    /// The settings the cluster link runs with; `api_address` is where this
    /// node's API listens (announced to the others).
    pub fn settings(&self, api_address: String) -> trackgate_cluster::ClusterConfig {
        trackgate_cluster::ClusterConfig {
            nats_urls: self.nats_urls.clone(),
            node_id: self.node_id,
            node_name: self.node_name.clone(),
            subject_prefix: self.subject_prefix.clone(),
            heartbeat: Duration::from_millis(self.heartbeat_ms),
            call_timeout: Duration::from_millis(self.call_timeout_ms),
            api_address,
        }
    }

    /// Applies the `TRACKGATE_CLUSTER_*` overrides read through `var`.
    pub(super) fn apply_env(
        &mut self,
        var: &impl Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        fn number(name: &str, value: &str) -> Result<u64, ConfigError> {
            value.trim().parse().map_err(|_| ConfigError::Env {
                name: name.to_owned(),
                message: format!("cannot parse {value:?}"),
            })
        }
        if let Some(v) = var("TRACKGATE_CLUSTER_NATS_URLS") {
            self.nats_urls = v
                .split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(v) = var("TRACKGATE_CLUSTER_NODE_ID") {
            self.node_id = number("TRACKGATE_CLUSTER_NODE_ID", &v)?;
        }
        if let Some(v) = var("TRACKGATE_CLUSTER_NODE_NAME") {
            self.node_name = v.trim().to_owned();
        }
        if let Some(v) = var("TRACKGATE_CLUSTER_SUBJECT_PREFIX") {
            self.subject_prefix = v.trim().to_owned();
        }
        if let Some(v) = var("TRACKGATE_CLUSTER_HEARTBEAT_MS") {
            self.heartbeat_ms = number("TRACKGATE_CLUSTER_HEARTBEAT_MS", &v)?;
        }
        if let Some(v) = var("TRACKGATE_CLUSTER_CALL_TIMEOUT_MS") {
            self.call_timeout_ms = number("TRACKGATE_CLUSTER_CALL_TIMEOUT_MS", &v)?;
        }
        Ok(())
    }

    /// Refuses what would break the cluster's subjects or clocks.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: &str| ConfigError::Invalid {
            section: "cluster".into(),
            message: message.into(),
        };
        if self.node_id == 0 {
            return Err(invalid("node_id must be 1 or more"));
        }
        let prefix_ok = !self.subject_prefix.is_empty()
            && self.subject_prefix.split('.').all(|token| {
                !token.is_empty()
                    && token
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
        if !prefix_ok {
            return Err(invalid(
                "subject_prefix must be dot-separated tokens of letters, digits, '-' and '_'",
            ));
        }
        if self.heartbeat_ms < 100 {
            return Err(invalid("heartbeat_ms must be 100 or more"));
        }
        if self.call_timeout_ms < 10 {
            return Err(invalid("call_timeout_ms must be 10 or more"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_by_default_and_read_from_the_environment() {
        let mut section = ClusterSection::default();
        assert!(!section.is_enabled());
        let env = |name: &str| match name {
            "TRACKGATE_CLUSTER_NATS_URLS" => {
                Some("nats://127.0.0.1:4222, nats://127.0.0.1:4223".into())
            }
            "TRACKGATE_CLUSTER_NODE_ID" => Some("3".into()),
            "TRACKGATE_CLUSTER_NODE_NAME" => Some("c".into()),
            "TRACKGATE_CLUSTER_SUBJECT_PREFIX" => Some("fleet.eu".into()),
            "TRACKGATE_CLUSTER_HEARTBEAT_MS" => Some("500".into()),
            "TRACKGATE_CLUSTER_CALL_TIMEOUT_MS" => Some("750".into()),
            _ => None,
        };
        section.apply_env(&env).expect("valid overrides");
        assert!(section.is_enabled());
        assert_eq!(section.nats_urls.len(), 2);
        assert_eq!((section.node_id, section.node_name.as_str()), (3, "c"));
        section.validate().expect("valid");
        let settings = section.settings("127.0.0.1:8080".into());
        assert_eq!(settings.heartbeat, Duration::from_millis(500));
        assert_eq!(settings.call_timeout, Duration::from_millis(750));
    }

    #[test]
    fn bad_values_are_refused() {
        for bad in [
            ClusterSection {
                node_id: 0,
                ..ClusterSection::default()
            },
            ClusterSection {
                subject_prefix: "a.*".into(),
                ..ClusterSection::default()
            },
            ClusterSection {
                subject_prefix: "a..b".into(),
                ..ClusterSection::default()
            },
            ClusterSection {
                heartbeat_ms: 10,
                ..ClusterSection::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
        let env = |name: &str| (name == "TRACKGATE_CLUSTER_NODE_ID").then(|| "x".to_owned());
        assert!(ClusterSection::default().apply_env(&env).is_err());
    }
}
