//! The `[api]` section: where the HTTP API listens, and the bounds every
//! API connection and request is held to.

use std::net::SocketAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::ConfigError;

/// The HTTP API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    /// Address the API listens on.
    pub listen: SocketAddr,
    /// HTTP worker threads; 0 = one per core.
    pub workers: usize,
    /// Lifetime of a `user/auth` session, in days.
    pub session_ttl_days: u32,
    /// Seconds a new connection has to send a whole request head; later
    /// the connection is answered 408 and closed.
    pub request_head_timeout_secs: u64,
    /// Seconds a request's body has, from its head, to arrive whole;
    /// later the request is answered 408 and its connection closed.
    pub request_body_timeout_secs: u64,
    /// The most API connections open at once. Each holds two descriptors
    /// (the socket and the duplicate kept to reset it), which is what the
    /// device listeners' descriptor budget counts on.
    pub max_connections: usize,
    /// The most API connections open at once from one address; one more is
    /// closed as soon as it is accepted.
    pub max_connections_per_ip: usize,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: 0,
            session_ttl_days: 30,
            request_head_timeout_secs: 5,
            request_body_timeout_secs: 30,
            max_connections: 1024,
            max_connections_per_ip: 256,
        }
    }
}

/// The longest timeout accepted: an hour.
const MAX_TIMEOUT_SECS: u64 = 3_600;

impl ApiConfig {
    /// Timeouts 1 s to an hour (0 would turn actix-web's head timeout
    /// off); at least one connection in total and per address.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            section: "api".into(),
            message,
        };
        for (key, secs) in [
            ("request_head_timeout_secs", self.request_head_timeout_secs),
            ("request_body_timeout_secs", self.request_body_timeout_secs),
        ] {
            if !(1..=MAX_TIMEOUT_SECS).contains(&secs) {
                return Err(invalid(format!(
                    "{key} must be 1 to {MAX_TIMEOUT_SECS}, got {secs}"
                )));
            }
        }
        for (key, count) in [
            ("max_connections", self.max_connections),
            ("max_connections_per_ip", self.max_connections_per_ip),
        ] {
            if count == 0 {
                return Err(invalid(format!("{key} must be at least 1")));
            }
        }
        Ok(())
    }

    /// How long a request head may take.
    pub fn head_timeout(&self) -> Duration {
        Duration::from_secs(self.request_head_timeout_secs)
    }

    /// How long a request body may take.
    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.request_body_timeout_secs)
    }

    /// HTTP workers and each one's share of [`ApiConfig::max_connections`]:
    /// actix-web bounds connections per worker, so the total is divided
    /// (rounded down) and there are never more workers than connections,
    /// which keeps the sum at or under the total.
    pub fn workers_and_share(&self, cores: usize) -> (usize, usize) {
        let workers = if self.workers == 0 {
            cores
        } else {
            self.workers
        };
        let total = self.max_connections.max(1);
        let workers = workers.clamp(1, total);
        (workers, total / workers)
    }
}
