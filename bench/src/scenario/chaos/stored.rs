//! What the gateway stored, read from its data directory once it has exited.
//!
//! The store is opened with the `trackgate-store` crate's own
//! [`EmbeddedStore`], the way the gateway opens it (`<data dir>/store`, its
//! write-ahead log inside), so every point is read exactly, by tracker, with
//! no API paging, time windows or rendering in between. Opening it replays
//! the log if the gateway left one, as the gateway would on its next start.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use serde::{Deserialize, Serialize};
use trackgate_protocols::record::FixSource;
use trackgate_store::{AccountStore, EmbeddedStore, StoreError, TrackStore};

use super::verify::RecordId;

/// The device index given to points of a tracker no device of the run
/// is: no record has it, so they count as unexpected.
pub const NO_DEVICE: u32 = u32::MAX;

/// What the store held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreScan {
    /// Trackers in the store.
    pub trackers: u64,
    /// Trackers whose device id is no device of the run.
    pub foreign_trackers: u64,
    /// Points with a position.
    pub points: u64,
    /// Location-less records (status and heartbeats some protocols store,
    /// e.g. GT06's battery voltage); not records the devices sent as positions.
    pub status_records: u64,
}

/// Reads every point in `data_dir`'s store. `devices` maps the id the
/// gateway knows a device by to its index in the run. Returns what was
/// found and one id per point with a position.
pub fn read(
    data_dir: &Path,
    devices: &HashMap<String, u32>,
) -> Result<(StoreScan, Vec<RecordId>), StoreError> {
    let store = EmbeddedStore::open(&data_dir.join("store"))?;
    let mut scan = StoreScan::default();
    let mut ids = Vec::new();
    for tracker in store.trackers()? {
        // A clone shows another tracker's points and has none of its own.
        if tracker.clone_of.is_some() {
            continue;
        }
        scan.trackers += 1;
        let device = devices.get(&tracker.device_id).copied().unwrap_or_else(|| {
            scan.foreign_trackers += 1;
            NO_DEVICE
        });
        store.scan_track(tracker.id, i64::MIN, i64::MAX, &mut |point| {
            if point.record.source == FixSource::None {
                scan.status_records += 1;
            } else {
                scan.points += 1;
                ids.push(RecordId {
                    device,
                    fix_ms: point.record.fix_time_ms,
                });
            }
            ControlFlow::Continue(())
        })?;
    }
    Ok((scan, ids))
}
