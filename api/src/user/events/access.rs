//! Which trackers a live-push client may watch: the one place the push
//! channel decides tenancy, through the same checks as the other calls
//! (`owned_tracker` for one tracker, the user's tracker list for "all").

use serde_json::json;
use trackgate_actors::store::{Tracker, User};

use crate::ApiState;
use crate::error::ApiError;
use crate::params::Params;
use crate::user::auth::owned_tracker;

/// What the subscription answer says of one requested tracker.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// The user's, not blocked: its changes are pushed.
    Normal(Tracker),
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

/// Whether `user` may watch tracker `id`.
pub fn access(state: &ApiState, user: &User, id: i64) -> Result<Access, ApiError> {
    if id <= 0 {
        return Ok(Access::Unknown);
    }
    let params = Params::from_json(json!({ "tracker_id": id }));
    match owned_tracker(state, user, &params) {
        Ok(tracker) => Ok(Access::Normal(tracker)),
        Err(e) if e.code == 208 => Ok(Access::Blocked),
        Err(e) if e.code == 201 => Ok(Access::Unknown),
        Err(e) => Err(e),
    }
}

/// Every tracker `user` may watch, with its access (the "all" target).
pub fn all(state: &ApiState, user: &User) -> Result<Vec<(i64, Access)>, ApiError> {
    Ok(state
        .store
        .user_trackers(user.id)?
        .into_iter()
        .map(|t| {
            let id = i64::try_from(t.id.0).unwrap_or(i64::MAX);
            let access = if t.blocked {
                Access::Blocked
            } else {
                Access::Normal(t)
            };
            (id, access)
        })
        .collect())
}
