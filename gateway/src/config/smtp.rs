//! The `[smtp]` section: the mail server `ADD_USER` sends credentials
//! through. Without a `host` there is none, and `ADD_USER` with "send
//! credentials" answers so and creates nothing.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_api::mail::{SmtpSecurity, SmtpSettings};

use super::ConfigError;

/// An SMTP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    /// The server's host name; unset = no mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Its port.
    pub port: u16,
    /// `starttls` (TLS after `STARTTLS`, required), `tls` (TLS from the
    /// start) or `none` (plain text: a relay on a trusted network).
    pub security: String,
    /// Login, when the server wants one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Its password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The sender of the mail, `Name <address>` or an address.
    pub from: String,
    /// The name given in `EHLO`; unset = `localhost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hello_name: Option<String>,
    /// Seconds to wait for the server at each step.
    pub timeout_secs: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: None,
            port: 587,
            security: "starttls".into(),
            username: None,
            password: None,
            from: "trackgate <trackgate@localhost>".into(),
            hello_name: None,
            timeout_secs: 10,
        }
    }
}

impl SmtpConfig {
    /// The mail settings for the API; `None` without a host.
    pub fn settings(&self) -> Result<Option<SmtpSettings>, ConfigError> {
        let Some(host) = self.host.clone().filter(|h| !h.trim().is_empty()) else {
            return Ok(None);
        };
        let invalid = |message: String| ConfigError::Invalid {
            section: "smtp".into(),
            message,
        };
        let security = match self.security.as_str() {
            "starttls" => SmtpSecurity::StartTls,
            "tls" => SmtpSecurity::Tls,
            "none" => SmtpSecurity::None,
            other => {
                return Err(invalid(format!(
                    "security must be starttls, tls or none, not {other:?}"
                )));
            }
        };
        let credentials = match (&self.username, &self.password) {
            (Some(user), Some(password)) => Some((user.clone(), password.clone())),
            (None, None) => None,
            _ => return Err(invalid("username and password go together".into())),
        };
        Ok(Some(SmtpSettings {
            host,
            port: self.port,
            security,
            credentials,
            from: self.from.clone(),
            hello_name: self.hello_name.clone(),
            timeout: Duration::from_secs(self.timeout_secs.max(1)),
        }))
    }
}
