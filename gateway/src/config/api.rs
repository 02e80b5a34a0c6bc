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
    /// Password hashes and verifications running at once; 0 = one per
    /// core. Each holds 19 MiB while it runs.
    pub password_hashes_at_once: usize,
    /// Password hashes that may wait for one of those; beyond, code 15.
    pub password_hashes_waiting: usize,
    /// Failed logins of one login within the window before its further
    /// attempts are refused (code 15) until the window ends.
    pub failed_logins_per_login: u32,
    /// Failed logins from one client address (IPv6: its /64) within the
    /// window before its further attempts are refused.
    pub failed_logins_per_address: u32,
    /// How long the window of failed logins lasts from its first failure, in seconds.
    pub failed_logins_window_secs: u64,
}

impl Default for ApiConfig {
    fn default() -> Self {
        let logins = trackgate_api::auth::ThrottleSettings::default();
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: 0,
            session_ttl_days: 30,
            request_head_timeout_secs: 5,
            request_body_timeout_secs: 30,
            max_connections: 1024,
            max_connections_per_ip: 256,
            password_hashes_at_once: 0,
            password_hashes_waiting: trackgate_api::auth::PasswordSettings::default().waiting,
            failed_logins_per_login: logins.per_login,
            failed_logins_per_address: logins.per_address,
            failed_logins_window_secs: logins.window.as_secs(),
        }
    }
}

/// The longest timeout accepted: an hour.
const MAX_TIMEOUT_SECS: u64 = 3_600;

impl ApiConfig {
    /// The password hashing settings for the API.
    pub fn passwords(&self) -> trackgate_api::auth::PasswordSettings {
        let default = trackgate_api::auth::PasswordSettings::default();
        trackgate_api::auth::PasswordSettings {
            at_once: match self.password_hashes_at_once {
                0 => default.at_once,
                n => n,
            },
            waiting: self.password_hashes_waiting,
        }
    }

    /// The failed login limits for the API.
    pub fn logins(&self) -> trackgate_api::auth::ThrottleSettings {
        trackgate_api::auth::ThrottleSettings {
            per_login: self.failed_logins_per_login,
            per_address: self.failed_logins_per_address,
            window: Duration::from_secs(self.failed_logins_window_secs),
        }
    }

    /// Timeouts 1 s to an hour (0 would turn actix-web's head timeout
    /// off); at least one connection in total and per address; at least
    /// one failed login before a refusal, in a window of 1 s to a day.
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
        if self.failed_logins_per_login == 0 || self.failed_logins_per_address == 0 {
            return Err(invalid(
                "failed_logins_per_login and failed_logins_per_address must be at least 1".into(),
            ));
        }
        if !(1..=86_400).contains(&self.failed_logins_window_secs) {
            return Err(invalid(
                "failed_logins_window_secs must be 1 to 86400".into(),
            ));
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

    /// HTTP workers and each one's share of `total` connections (
    /// [`ApiConfig::max_connections`], or less when the open-file limit
    /// cut it): actix-web bounds connections per worker, so the total is
    /// divided (rounded down) and there are never more workers than
    /// connections, which keeps the sum at or under the total.
    pub fn workers_and_share(&self, cores: usize, total: usize) -> (usize, usize) {
        let workers = if self.workers == 0 {
            cores
        } else {
            self.workers
        };
        let total = total.max(1);
        let workers = workers.clamp(1, total);
        (workers, total / workers)
    }
}
