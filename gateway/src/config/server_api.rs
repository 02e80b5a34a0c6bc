//! The `[server_api]` section: who may call the Server API (docs/server-api.md).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_api::auth::KeyThrottle;
use trackgate_api::server::access::{KEY_FAILURE_WINDOW, KEY_FAILURES_PER_ADDRESS};

/// The Server API's access control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerApiConfig {
    /// The server key, compared in constant time and written nowhere;
    /// unset = generated on first start, shown once, and its digest kept in
    /// `data_dir/server.key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The secret users' Server API keys (`GET_USER_API_KEY`) are derived
    /// from, as 64 hex digits; unset = generated on first start and kept in
    /// `data_dir/user-keys.secret`. The nodes of a cluster must share one
    /// (set it on each, or copy that file), or a user's key would differ
    /// from node to node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_keys_secret: Option<String>,
    /// Addresses and CIDR ranges allowed to call it.
    pub allowed_ips: Vec<String>,
    /// Wrong keys from one address (IPv6: its /64) within the window
    /// before its further calls are refused (429) until the window ends.
    pub failed_keys_per_address: u32,
    /// How long that window lasts from its first wrong key, in seconds.
    pub failed_keys_window_secs: u64,
}

impl ServerApiConfig {
    /// The limit of wrong keys per address.
    pub fn key_throttle(&self) -> KeyThrottle {
        KeyThrottle::new(
            self.failed_keys_per_address.max(1),
            Duration::from_secs(self.failed_keys_window_secs.clamp(1, 86_400)),
        )
    }
}

impl Default for ServerApiConfig {
    fn default() -> Self {
        Self {
            key: None,
            user_keys_secret: None,
            allowed_ips: vec!["127.0.0.1".into(), "::1".into()],
            failed_keys_per_address: KEY_FAILURES_PER_ADDRESS,
            failed_keys_window_secs: KEY_FAILURE_WINDOW.as_secs(),
        }
    }
}
