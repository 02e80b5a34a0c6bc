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

impl LimitsConfig {
    /// The store's table-file share for a limit of `limit`.
    pub fn store_files_for(&self, limit: u64) -> u64 {
        match self.store_files {
            0 => (limit / 16).clamp(64, 900),
            n => n.max(10),
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
        let limit = match self.open_files {
            0 => limit,
            n => n.min(limit),
        };
        let store_files = self.store_files_for(limit);
        let spare = if self.spare_files == 0 {
            128
        } else {
            self.spare_files
        };
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
    fn a_configured_limit_below_the_process_one_wins() {
        let limits = LimitsConfig {
            open_files: 2_000,
            ..LimitsConfig::default()
        };
        assert_eq!(limits.budget(20_000, 0, 0, 0).expect("room").limit, 2_000);
        assert_eq!(limits.budget(1_500, 0, 0, 0).expect("room").limit, 1_500);
    }
}
