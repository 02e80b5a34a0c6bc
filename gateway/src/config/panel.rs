//! The `[panel]` section: Panel API sessions, where `authinfo` is accepted
//! from, and the first administrator (docs/panel-api.md).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_api::AllowList;
use trackgate_api::panel::PanelSettings;
use trackgate_api::panel::bootstrap::{self, FirstAdmin};

use super::ConfigError;

/// The Panel API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PanelConfig {
    /// Seconds an `account/auth` session lasts at most (30 days).
    pub session_ttl_secs: u64,
    /// Seconds a session may go unused before it ends; 0 = no idle
    /// timeout (seed 004's panels use 3600).
    pub idle_timeout_secs: u64,
    /// Addresses and CIDR ranges `authinfo=login:password` is accepted from.
    pub authinfo_allowed_ips: Vec<String>,
    /// The first administrator's login, created on start if no
    /// administrator has it; unset = none is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_login: Option<String>,
    /// Its password as an Argon2 PHC string (preferred)...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_password_hash: Option<String>,
    /// ...or the password itself; never printed.
    #[serde(skip_serializing)]
    pub admin_password: Option<String>,
}

impl Default for PanelConfig {
    fn default() -> Self {
        Self {
            session_ttl_secs: 30 * 86_400,
            idle_timeout_secs: 0,
            authinfo_allowed_ips: vec!["127.0.0.1".into(), "::1".into()],
            admin_login: None,
            admin_password_hash: None,
            admin_password: None,
        }
    }
}

impl PanelConfig {
    fn invalid(message: String) -> ConfigError {
        ConfigError::Invalid {
            section: "panel".into(),
            message,
        }
    }

    /// A lifetime of at least a second, an allow-list that reads, and a
    /// first administrator with a usable secret.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.session_ttl_secs == 0 {
            return Err(Self::invalid("session_ttl_secs must be at least 1".into()));
        }
        AllowList::parse(&self.authinfo_allowed_ips).map_err(Self::invalid)?;
        match self.first_admin() {
            Some(admin) => bootstrap::check(&admin).map_err(Self::invalid),
            None if self.admin_password.is_some() || self.admin_password_hash.is_some() => Err(
                Self::invalid("a password is given but no admin_login".into()),
            ),
            None => Ok(()),
        }
    }

    /// The settings for the API.
    pub fn settings(&self) -> Result<PanelSettings, ConfigError> {
        Ok(PanelSettings {
            session_ttl: Duration::from_secs(self.session_ttl_secs.max(1)),
            idle_timeout: (self.idle_timeout_secs > 0)
                .then(|| Duration::from_secs(self.idle_timeout_secs)),
            authinfo_from: AllowList::parse(&self.authinfo_allowed_ips).map_err(Self::invalid)?,
        })
    }

    /// The first administrator, if one is configured.
    pub fn first_admin(&self) -> Option<FirstAdmin> {
        self.admin_login.as_ref().map(|login| FirstAdmin {
            login: login.clone(),
            password_hash: self.admin_password_hash.clone(),
            password: self.admin_password.clone(),
        })
    }
}
