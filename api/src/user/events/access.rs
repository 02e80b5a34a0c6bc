//! Which trackers a live-push client may watch: the one place the push
//! channel decides tenancy, through the one visibility check of the User
//! API ([`Scope`]: a master's trackers, or those bound to a sub-user).

use trackgate_store::{Tracker, TrackerId};

use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::scope::Scope;

/// What the subscription answer says of one requested tracker.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// The user's, not blocked: its changes are pushed.
    Normal(Box<Tracker>),
    /// The user's but blocked: nothing is pushed for it.
    Blocked,
    /// Not in the database, or not the user's.
    Unknown,
}

impl Access {
    /// The status word of the subscription answer.
    pub fn status(&self) -> &'static str {
        match self {
            Self::Normal(_) => "normal",
            Self::Blocked => "blocked",
            Self::Unknown => "unknown",
        }
    }
}

/// Whether the caller (`scope`) may watch tracker `id`.
pub fn access(state: &ApiState, scope: &Scope, id: i64) -> Result<Access, ApiError> {
    let Ok(id) = u64::try_from(id) else {
        return Ok(Access::Unknown);
    };
    match scope.tracker(state, TrackerId(id)) {
        Ok(tracker) => Ok(Access::Normal(Box::new(tracker))),
        Err(e) if e.code == Code::DeviceBlocked => Ok(Access::Blocked),
        Err(e) if e.code == Code::NotFound => Ok(Access::Unknown),
        Err(e) => Err(e),
    }
}

/// Every tracker the caller (`scope`) may watch, with its access (the
/// "all" target).
pub fn all(state: &ApiState, scope: &Scope) -> Result<Vec<(i64, Access)>, ApiError> {
    Ok(scope
        .trackers(state)?
        .into_iter()
        .map(|t| {
            let id = i64::try_from(t.id.0).unwrap_or(i64::MAX);
            let access = if !t.is_active_at(trackgate_actors::now_ms()) {
                Access::Blocked
            } else {
                Access::Normal(Box::new(t))
            };
            (id, access)
        })
        .collect())
}
