//! The entities trackgate stores.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use trackgate_protocols::{Record, Value};

use crate::operator_model::{PlanId, Privilege};
use crate::panel_model::DealerId;
use crate::secret::SecretDigest;

/// A tracker's id (Navixy's `tracker_id`, aka `object_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TrackerId(pub u64);

/// A user account's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub u64);

/// Fields of a user to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    /// Login, unique (the e-mail address for Server API users).
    pub login: String,
    /// Password hash in PHC string form (argon2), or empty when no password is set.
    pub password_hash: String,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Assigned id.
    pub id: UserId,
    /// Login, unique.
    pub login: String,
    /// Password hash (PHC string), or empty.
    pub password_hash: String,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// A blocked user cannot log in (the Server API's "active" flag is
    /// its opposite).
    pub blocked: bool,
    /// IANA time zone name the user's date/times are shown in.
    pub time_zone: String,
    /// A name to show besides the login (seed 000's "username"); not a
    /// second login.
    pub username: Option<String>,
    /// What the user may do in the User API.
    pub privilege: Privilege,
    /// The manager (another user) this user is assigned to.
    pub manager: Option<UserId>,
    /// When the account expires, ms since the epoch: from then on it is
    /// refused as a blocked one is. `None` = never.
    pub expires_ms: Option<i64>,
    /// The billing plan the account is on.
    pub plan: Option<PlanId>,
    /// The dealer (reseller) that owns the account.
    pub dealer: Option<DealerId>,
    /// Trackers the account may hold, whatever its plan allows (seed
    /// 001's `max_allowed_connections`); `None` = no limit of its own.
    pub tracker_limit: Option<u32>,
    /// Addresses and CIDR ranges the account may be used from (seed 001's
    /// `allowed_ips`), as text; empty = from anywhere.
    pub allowed_ips: Vec<String>,
    /// The operator's notes on the account.
    pub notes: String,
}

/// Time zone of a newly created user.
pub const DEFAULT_TIME_ZONE: &str = "UTC";

impl User {
    /// A user as [`AccountStore::create_user`](crate::AccountStore::create_user)
    /// makes it from `new`: active, never expiring, an ordinary user with
    /// no manager, plan, dealer or limit of its own, usable from anywhere,
    /// in UTC.
    pub fn created(id: UserId, new: NewUser) -> Self {
        Self {
            id,
            login: new.login,
            password_hash: new.password_hash,
            created_ms: new.created_ms,
            blocked: false,
            time_zone: DEFAULT_TIME_ZONE.into(),
            username: None,
            privilege: Privilege::User,
            manager: None,
            expires_ms: None,
            plan: None,
            dealer: None,
            tracker_limit: None,
            allowed_ips: Vec::new(),
            notes: String::new(),
        }
    }

    /// Whether the account may be used at `now_ms`: not blocked, and not
    /// past its expiry.
    pub fn is_active_at(&self, now_ms: i64) -> bool {
        !self.blocked && self.expires_ms.is_none_or(|at| now_ms < at)
    }
}

/// Fields of a tracker to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTracker {
    /// The device's own id (IMEI), unique among trackers.
    pub device_id: String,
    /// Display label.
    pub label: String,
    /// Device model code, e.g. `teltonika`.
    pub model: String,
    /// Owning user, if assigned.
    pub owner: Option<UserId>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
}

/// A tracker: one device known to the gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracker {
    /// Assigned id.
    pub id: TrackerId,
    /// The device's own id (IMEI), unique among trackers.
    pub device_id: String,
    /// Display label.
    pub label: String,
    /// Device model code.
    pub model: String,
    /// Owning user, if assigned.
    pub owner: Option<UserId>,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// A blocked tracker's connections are refused and its API calls answer
    /// 208 (the Server API's "active" flag is its opposite).
    pub blocked: bool,
    /// The SIM's phone number, if known.
    pub phone: Option<String>,
    /// When the tracker's service ends, ms since the epoch: from then on it
    /// is refused as a blocked one is. `None` = never.
    pub expires_ms: Option<i64>,
    /// The GPRS access point of the tracker's SIM, if known.
    pub apn: Option<Apn>,
    /// Set once the tracker is corrupted (`tracker/corrupt`): it is gone
    /// from its user's account, its device id no longer names a device, and
    /// its history stays readable to the operator.
    pub corrupted: bool,
    /// For a clone (the same device in another user's account): the
    /// tracker it copies, whose device, points, state and commands it
    /// shows. `None` for a tracker of its own.
    pub clone_of: Option<TrackerId>,
    /// When the tracker last moved to another device (`tracker/replace`),
    /// ms since the epoch.
    pub replaced_ms: Option<i64>,
    /// Set while its owner's account has not paid its billing plan's
    /// renewal: refused as a blocked one is, and cleared (by the renewal
    /// that gets paid) without touching `blocked`, the operator's own flag.
    pub suspended: bool,
}

impl Tracker {
    /// A tracker as [`AccountStore::create_tracker`](crate::AccountStore::create_tracker)
    /// makes it from `new`: not blocked, no phone, APN or end.
    pub fn created(id: TrackerId, new: NewTracker) -> Self {
        Self {
            id,
            device_id: new.device_id,
            label: new.label,
            model: new.model,
            owner: new.owner,
            created_ms: new.created_ms,
            blocked: false,
            phone: None,
            expires_ms: None,
            apn: None,
            corrupted: false,
            clone_of: None,
            replaced_ms: None,
            suspended: false,
        }
    }

    /// Whether the tracker may be used at `now_ms`: not blocked, not
    /// suspended for an unpaid renewal, and its service not past its end.
    /// For a clone, ask its source.
    pub fn is_active_at(&self, now_ms: i64) -> bool {
        !self.blocked && !self.suspended && self.expires_ms.is_none_or(|at| now_ms < at)
    }

    /// The tracker whose device, points, state and commands these are:
    /// the cloned tracker for a clone, else this one.
    pub fn source(&self) -> TrackerId {
        self.clone_of.unwrap_or(self.id)
    }
}

/// A SIM's GPRS access point settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Apn {
    /// Access point name.
    pub name: String,
    /// User, may be empty.
    pub user: String,
    /// Password, may be empty.
    pub password: String,
}

/// A login session (Navixy `hash`). The store keeps the digest of its
/// hash, never the hash itself: only the caller that created it saw that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The digest of the session hash.
    pub digest: SecretDigest,
    /// Whose session.
    pub user: UserId,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// Expiry time, ms since the epoch.
    pub expires_ms: i64,
}

/// A user's API key, usable as `hash` in the User API. The store keeps
/// the digest of the key, never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    /// The digest of the key.
    pub digest: SecretDigest,
    /// Whose key.
    pub user: UserId,
    /// Creation time, ms since the epoch.
    pub created_ms: i64,
    /// A title the user gave it.
    pub title: String,
}

/// A record as stored on a tracker's track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPoint {
    /// Whose point.
    pub tracker: TrackerId,
    /// When the gateway received it, ms since the epoch.
    pub received_ms: i64,
    /// The decoded record.
    pub record: Record,
}

/// A value of the tracker's state and when it last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timed<T> {
    /// The value.
    pub value: T,
    /// When it was last updated, ms since the epoch.
    pub updated_ms: i64,
}

/// The last known state of a tracker, persisted now and then while its session runs and
/// on disconnect so the API answers for offline trackers and after restarts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrackerState {
    /// The newest record by fix time, whatever its source. Shared, as is
    /// `last_gps` (usually the same record): a session copies its state
    /// with every packet, and a tracker without data should not pay for two
    /// records inline.
    pub last_record: Option<Arc<Timed<Record>>>,
    /// The newest record with a valid GNSS fix (what "last GPS point" answers).
    pub last_gps: Option<Arc<Timed<Record>>>,
    /// When the device last sent anything, ms since the epoch.
    pub last_update_ms: Option<i64>,
    /// When the device was last seen moving, ms since the epoch.
    pub last_moving_ms: Option<i64>,
    /// Every named value's latest reading, by name (shared names: copying
    /// the state copies no string).
    pub values: BTreeMap<Arc<str>, Timed<Value>>,
    /// When the device last connected, ms since the epoch.
    pub connected_ms: Option<i64>,
    /// When the device last disconnected, ms since the epoch (None while connected).
    pub disconnected_ms: Option<i64>,
}

/// Everything one group commit writes, atomically and durably.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommitBatch {
    /// Points to append.
    pub points: Vec<StoredPoint>,
    /// Last states to overwrite.
    pub states: Vec<(TrackerId, TrackerState)>,
}
