//! The `[registration]` section: what registration commands tell devices.

use serde::{Deserialize, Serialize};

/// Where devices are told to report when `tracker/register` or
/// `tracker/replace` sends them their setup commands by SMS.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegistrationConfig {
    /// The host name or public IP address devices reach this gateway at.
    /// Unset (the default): no registration commands can be sent, and a
    /// call that asks for them answers 214 saying so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_host: Option<String>,
    /// Whether commands are sent when a call leaves
    /// `send_register_commands` out.
    pub send_commands: bool,
}

impl RegistrationConfig {
    /// Checks the host: no spaces, commas, `#` or `;` (they would break
    /// the devices' command syntax), at most 253 bytes.
    pub fn validate(&self) -> Result<(), String> {
        let Some(host) = &self.server_host else {
            return Ok(());
        };
        if host.is_empty()
            || host.len() > 253
            || host
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, ',' | '#' | ';' | ':' | '"'))
        {
            return Err(format!(
                "registration.server_host {host:?} is not a host name or IP address"
            ));
        }
        Ok(())
    }
}
