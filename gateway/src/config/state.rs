//! The `[state]` section: the thresholds of the trackers' connection and
//! movement statuses in the User API. Defaults are Navixy's.

use serde::{Deserialize, Serialize};
use trackgate_api::user::status::StatusRules;

use super::ConfigError;

/// Status thresholds, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StateConfig {
    /// No data for longer than this: `offline`.
    pub offline_after_secs: u64,
    /// No valid fix for longer than this (but data within
    /// `offline_after_secs`): `idle`.
    pub idle_after_secs: u64,
    /// Stationary for longer than this: `parked` rather than `stopped`.
    pub parked_after_secs: u64,
    /// Registered this long without sending anything: `signal_lost` rather
    /// than `just_registered`.
    pub signal_lost_after_secs: u64,
}

impl Default for StateConfig {
    fn default() -> Self {
        let rules = StatusRules::default();
        let secs = |ms: i64| (ms / 1000) as u64;
        Self {
            offline_after_secs: secs(rules.offline_after_ms),
            idle_after_secs: secs(rules.idle_after_ms),
            parked_after_secs: secs(rules.parked_after_ms),
            signal_lost_after_secs: secs(rules.signal_lost_after_ms),
        }
    }
}

/// The longest threshold accepted: a year.
const MAX_SECS: u64 = 366 * 86_400;

impl StateConfig {
    /// Every threshold 1 s to a year; `idle` before `offline`, or no tracker
    /// could ever be idle.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            section: "state".into(),
            message,
        };
        for (key, secs) in [
            ("offline_after_secs", self.offline_after_secs),
            ("idle_after_secs", self.idle_after_secs),
            ("parked_after_secs", self.parked_after_secs),
            ("signal_lost_after_secs", self.signal_lost_after_secs),
        ] {
            if !(1..=MAX_SECS).contains(&secs) {
                return Err(invalid(format!(
                    "{key} must be 1 to {MAX_SECS}, got {secs}"
                )));
            }
        }
        if self.idle_after_secs >= self.offline_after_secs {
            return Err(invalid(format!(
                "idle_after_secs ({}) must be less than offline_after_secs ({})",
                self.idle_after_secs, self.offline_after_secs
            )));
        }
        Ok(())
    }

    /// The thresholds the API judges statuses by.
    pub fn rules(&self) -> StatusRules {
        let ms = |secs: u64| (secs.min(MAX_SECS) * 1000) as i64;
        StatusRules {
            offline_after_ms: ms(self.offline_after_secs),
            idle_after_ms: ms(self.idle_after_secs),
            parked_after_ms: ms(self.parked_after_secs),
            signal_lost_after_ms: ms(self.signal_lost_after_secs),
        }
    }
}
