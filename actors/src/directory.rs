//! Who a device is: maps the id a device reports to its tracker, and decides
//! whether it may connect.

use trackgate_protocols::{DeviceId, Protocol};
use trackgate_store::{NewTracker, Store, StoreError, Tracker, TrackerState};

/// The outcome of a login.
#[derive(Debug)]
pub enum Resolution {
    /// The device may connect; here is its tracker and last persisted state.
    Accepted {
        /// The tracker the device is.
        tracker: Box<Tracker>,
        /// Its state as last persisted (default for a new tracker).
        state: Box<TrackerState>,
    },
    /// The device is refused.
    Refused(Refusal),
}

/// Why a device was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No tracker has this device id, and unknown devices are not registered.
    Unknown,
    /// The tracker is blocked (made inactive).
    Blocked,
    /// The tracker's service ended (its expiry passed).
    Expired,
    /// Its owner's account did not pay its billing plan's renewal.
    Unpaid,
    /// The device id is not acceptable (empty, too long, not printable), or
    /// is not a plausible id of the protocol's kind for a new tracker (an
    /// IMEI without its check digit).
    Invalid,
    /// Trackers for unknown devices are being created faster than allowed.
    RateLimited,
    /// Too many unknown devices are waiting for their trackers.
    Busy,
}

impl Refusal {
    /// A short stable label, for metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Blocked => "blocked",
            Self::Expired => "expired",
            Self::Unpaid => "unpaid",
            Self::Invalid => "invalid",
            Self::RateLimited => "rate_limited",
            Self::Busy => "busy",
        }
    }
}

/// Longest device id accepted.
const MAX_DEVICE_ID_LEN: usize = 64;

/// Resolves a device id. Without `register_unknown` it only reads (point
/// reads the store serves from memory); with it, it may create a tracker
/// durably, which blocks: call that off the shard thread.
///
/// With `register_unknown`, an unknown device whose id is plausible for
/// its protocol ([`IdType::is_plausible`](trackgate_protocols::IdType::is_plausible))
/// gets a new tracker labelled with its id and owned by nobody, which an
/// administrator assigns later.
pub fn resolve(
    store: &dyn Store,
    device: &DeviceId,
    protocol: Protocol,
    register_unknown: bool,
    now_ms: i64,
) -> Result<Resolution, StoreError> {
    let id = device.as_str();
    if id.is_empty() || id.len() > MAX_DEVICE_ID_LEN || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Ok(Resolution::Refused(Refusal::Invalid));
    }
    let tracker = match store.tracker_by_device(id)? {
        Some(tracker) => tracker,
        None if register_unknown && !protocol.model().id_type.is_plausible(id) => {
            return Ok(Resolution::Refused(Refusal::Invalid));
        }
        None if register_unknown => {
            let created = store.create_tracker(NewTracker {
                device_id: id.to_owned(),
                label: id.to_owned(),
                model: protocol.name().to_owned(),
                owner: None,
                created_ms: now_ms,
            });
            match created {
                Ok(tracker) => tracker,
                // Another connection registered it a moment ago.
                Err(StoreError::Conflict(_)) => match store.tracker_by_device(id)? {
                    Some(tracker) => tracker,
                    None => return Ok(Resolution::Refused(Refusal::Unknown)),
                },
                Err(error) => return Err(error),
            }
        }
        None => return Ok(Resolution::Refused(Refusal::Unknown)),
    };
    if tracker.blocked {
        return Ok(Resolution::Refused(Refusal::Blocked));
    }
    if tracker.suspended {
        return Ok(Resolution::Refused(Refusal::Unpaid));
    }
    if !tracker.is_active_at(now_ms) {
        return Ok(Resolution::Refused(Refusal::Expired));
    }
    let state = trackgate_store::current_state(store, tracker.id)?.unwrap_or_default();
    Ok(Resolution::Accepted {
        tracker: Box::new(tracker),
        state: Box::new(state),
    })
}
