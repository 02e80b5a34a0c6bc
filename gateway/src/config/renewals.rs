//! The `[renewals]` section: how often billing plans are renewed, and how
//! long a plan's day is.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_actors::renewals::RenewalClock;

/// Billing plan renewals (`trackgate_actors::renewals`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RenewalsConfig {
    /// How often every account on a priced plan is checked for a period
    /// to charge, in seconds (at least 1): the longest an account waits
    /// past the start of its period to be charged, or suspended.
    pub every_secs: u64,
    /// The length of one of a plan's `period_days`, in seconds. 86400
    /// (a day) in production; tests shorten it so that periods pass in
    /// seconds.
    pub day_secs: u64,
}

impl Default for RenewalsConfig {
    fn default() -> Self {
        Self {
            every_secs: 60,
            day_secs: 86_400,
        }
    }
}

impl RenewalsConfig {
    /// How often the renewals run.
    pub fn every(&self) -> Duration {
        Duration::from_secs(self.every_secs.max(1))
    }

    /// The plans' day.
    pub fn clock(&self) -> RenewalClock {
        RenewalClock {
            day_ms: i64::try_from(self.day_secs.max(1).saturating_mul(1_000)).unwrap_or(i64::MAX),
        }
    }
}
