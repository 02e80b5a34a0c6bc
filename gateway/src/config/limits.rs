//! The `[limits]` section, and how the process's open-file limit is shared
//! out between the store, the API, the device listeners and a spare.
//!
//! Every descriptor the gateway holds counts against one limit
//! (`RLIMIT_NOFILE`). If device connections could take all of them, the
//! store could not open a file and nothing would be acknowledged until a
//! restart. So the limit is shared out once, at start:
//!
//! ```text
//! limit = open at start (listeners, store, log)
//!       + store files (fjall's cache of open table files)
//!       + spare (the write-ahead log's next segment, outbound calls, the unexpected)
//!       + API (2 per connection: the socket and the handle kept to reset it)
//!       + HTTP devices (1 per connection)
//!       + device connection slots (1 per TCP connection, the rest)
//! ```
//!
//! docs/operations.md says how to size them.

use serde::{Deserialize, Serialize};

/// How the open-file limit is shared out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// The open-file limit to work within; 0 = the process's hard limit
    /// (the soft limit is raised to it at start).
    pub open_files: u64,
    /// Table files the store keeps open at most; 0 = a sixteenth of the
    /// limit, between 64 and 900.
    pub store_files: u64,
    /// Descriptors kept free beyond every share; 0 = 128.
    pub spare_files: u64,
}

/// The limit shared out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The open-file limit.
    pub limit: u64,
    /// Open when the budget was made.
    pub at_start: u64,
    /// The store's table files.
    pub store_files: u64,
    /// Kept free.
    pub spare: u64,
    /// The API's connections, two descriptors each.
    pub api: u64,
    /// HTTP device connections.
    pub http_devices: u64,
    /// Device TCP connections: what is left.
    pub device_slots: u64,
}

/// The fewest device connection slots the gateway starts with.
pub const MIN_DEVICE_SLOTS: u64 = 16;

/// The fewest API connections a cut share keeps.
const MIN_API_CONNECTIONS: u64 = 8;
/// The fewest connections a cut share keeps per HTTP device listener.
const MIN_HTTP_CONNECTIONS: u64 = 4;

/// The API's and the HTTP device listeners' connection limits, fitted to
/// the open-file limit before they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shares {
    /// API connections at once.
    pub api_connections: u64,
    /// Connections at once per HTTP device listener.
    pub http_per_listener: u64,
    /// Whether the configured limits were cut to fit.
    pub cut: bool,
}

impl LimitsConfig {
    /// The store's table-file share for a limit of `limit`.
    pub fn store_files_for(&self, limit: u64) -> u64 {
        match self.store_files {
            0 => (limit / 16).clamp(64, 900),
            n => n.max(10),
        }
    }

    /// The limit to work within, given the process's.
    pub fn effective(&self, limit: u64) -> u64 {
        match self.open_files {
            0 => limit,
            n => n.min(limit),
        }
    }

    /// Fits the API's connections (`api_connections`, two descriptors
    /// each) and the HTTP device listeners' (`http_listeners` of
    /// `http_per_listener` each) to `limit`, with `at_start` descriptors
    /// open or about to be (the listeners not bound yet). Together they
    /// may take half of what the store's share and the spare leave; the
    /// device connections keep the other half. Over that, both are cut in
    /// the same proportion, to no fewer than 8 API connections and 4 per
    /// HTTP listener, so that a low limit (a hard limit of 4,096, say)
    /// still starts, with smaller shares, instead of refusing.
    pub fn fit(
        &self,
        limit: u64,
        at_start: u64,
        api_connections: u64,
        http_listeners: u64,
        http_per_listener: u64,
    ) -> Shares {
        let limit = self.effective(limit);
        let room = limit
            .saturating_sub(at_start)
            .saturating_sub(self.store_files_for(limit))
            .saturating_sub(self.spare());
        let wanted = api_connections * 2 + http_listeners * http_per_listener;
        let half = room / 2;
        if wanted <= half {
            return Shares {
                api_connections,
                http_per_listener,
                cut: false,
            };
        }
        let scale = |n: u64| u64::try_from(u128::from(n) * u128::from(half) / u128::from(wanted));
        let api = scale(api_connections).unwrap_or(0);
        let http = scale(http_per_listener).unwrap_or(0);
        Shares {
            api_connections: api.max(MIN_API_CONNECTIONS).min(api_connections),
            http_per_listener: http.max(MIN_HTTP_CONNECTIONS).min(http_per_listener),
            cut: true,
        }
    }

    fn spare(&self) -> u64 {
        if self.spare_files == 0 {
            128
        } else {
            self.spare_files
        }
    }

    /// Shares out `limit`, with `at_start` descriptors open now, the API
    /// taking at most `api_connections` and HTTP devices
    /// `http_connections`. Refuses a limit too small to leave
    /// [`MIN_DEVICE_SLOTS`] device connections.
    pub fn budget(
        &self,
        limit: u64,
        at_start: u64,
        api_connections: u64,
        http_connections: u64,
    ) -> Result<Budget, String> {
        let limit = self.effective(limit);
        let store_files = self.store_files_for(limit);
        let spare = self.spare();
        let api = api_connections.saturating_mul(2);
        let taken = at_start + store_files + spare + api + http_connections;
        let device_slots = limit.saturating_sub(taken);
        if device_slots < MIN_DEVICE_SLOTS {
            return Err(format!(
                "an open-file limit of {limit} leaves {device_slots} device connections after \
                 {at_start} open at start, {store_files} store files, {spare} spare, {api} for \
                 {api_connections} API connections and {http_connections} for HTTP devices: \
                 raise the limit (ulimit -n) or lower [api] max_connections, \
                 [devices] http_max_connections or [limits]"
            ));
        }
        Ok(Budget {
            limit,
            at_start,
            store_files,
            spare,
            api,
            http_devices: http_connections,
            device_slots,
        })
    }
}

/// Raises the soft open-file limit to the hard one, and returns it.
pub fn raise_open_file_limit() -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if let Some(hard) = limit.maximum
        && limit.current != Some(hard)
    {
        limit.current = Some(hard);
        if let Err(error) = setrlimit(Resource::Nofile, limit) {
            tracing::warn!(%error, "could not raise the open-file limit to its hard limit");
        }
    }
    getrlimit(Resource::Nofile).current.unwrap_or(1 << 20)
}

/// Descriptors this process has open now.
pub fn open_files_now() -> u64 {
    std::fs::read_dir("/proc/self/fd")
        .map(|dir| dir.count() as u64)
        .unwrap_or(64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_devices_get_what_every_other_share_leaves() {
        let budget = LimitsConfig::default()
            .budget(20_000, 100, 1_024, 1_024)
            .expect("room");
        assert_eq!(budget.store_files, 900);
        assert_eq!(budget.spare, 128);
        assert_eq!(budget.api, 2_048);
        assert_eq!(
            budget.device_slots,
            20_000 - 100 - 900 - 128 - 2_048 - 1_024
        );
    }

    #[test]
    fn a_small_limit_is_shared_with_the_store_share_at_its_floor() {
        let budget = LimitsConfig::default()
            .budget(1_024, 60, 64, 16)
            .expect("room");
        assert_eq!(budget.store_files, 64);
        assert_eq!(budget.device_slots, 1_024 - 60 - 64 - 128 - 128 - 16);
    }

    #[test]
    fn a_limit_too_small_for_the_shares_is_refused_saying_what_to_change() {
        let refused = LimitsConfig::default()
            .budget(512, 60, 1_024, 16)
            .unwrap_err();
        assert!(refused.contains("max_connections"), "{refused}");
    }

    #[test]
    fn shares_that_fit_are_kept_and_others_cut_in_proportion() {
        let limits = LimitsConfig::default();
        let kept = limits.fit(1 << 20, 100, 1_024, 1, 1_024);
        assert_eq!(
            (kept.api_connections, kept.http_per_listener),
            (1_024, 1_024)
        );
        assert!(!kept.cut);
        // A hard limit of 4,096: 4,096 - 100 - 256 store - 128 spare leaves
        // 3,612, half of it for 2,048 + 1,024 wanted.
        let cut = limits.fit(4_096, 100, 1_024, 1, 1_024);
        assert!(cut.cut);
        assert_eq!(cut.api_connections, 1_024 * 1_806 / 3_072);
        assert_eq!(cut.http_per_listener, 1_024 * 1_806 / 3_072);
        let budget = limits
            .budget(4_096, 100, cut.api_connections, cut.http_per_listener)
            .expect("the cut shares fit");
        assert!(budget.device_slots >= 1_806 - 2, "{budget:?}");
        // A very small limit keeps the floors.
        let floor = limits.fit(300, 100, 1_024, 2, 1_024);
        assert_eq!((floor.api_connections, floor.http_per_listener), (8, 4));
    }

    #[test]
    fn a_configured_limit_below_the_process_one_wins() {
        let limits = LimitsConfig {
            open_files: 2_000,
            ..LimitsConfig::default()
        };
        assert_eq!(limits.budget(20_000, 0, 0, 0).expect("room").limit, 2_000);
        assert_eq!(limits.budget(1_500, 0, 0, 0).expect("room").limit, 1_500);
    }
}
