//! Where a device's live side is: a session of this node, of another
//! gateway node, or none. Every handler that needs a connected device's
//! session or state asks here (or `trackgate_cluster::Cluster` directly),
//! so a device held by another node answers as if it were held here.
//!
//! On a single node these read the local registry and nothing else. In a
//! cluster whose link is down, a device this node does not hold cannot be
//! placed: the call fails with a clear "cluster unavailable" error in its
//! surface's own format.

use trackgate_cluster::{Holder, Unreachable};
use trackgate_store::TrackerId;

use crate::ApiState;
use crate::error::ApiError;
use crate::server::ServerError;

/// Who holds `source`'s device (User API, async handlers).
pub async fn holder(state: &ApiState, source: TrackerId) -> Result<Holder, ApiError> {
    match state.cluster.holder(source).await {
        Holder::Unreachable(why) => Err(ApiError::unreachable(&why)),
        holder => Ok(holder),
    }
}

/// Who holds `source`'s device, from a blocking thread (Panel API).
pub fn holder_blocking(state: &ApiState, source: TrackerId) -> Result<Holder, ApiError> {
    match state.cluster.holder_blocking(source) {
        Holder::Unreachable(why) => Err(ApiError::unreachable(&why)),
        holder => Ok(holder),
    }
}

/// Who holds `source`'s device, from a blocking thread (Server API).
pub fn server_holder(state: &ApiState, source: TrackerId) -> Result<Holder, ServerError> {
    match state.cluster.holder_blocking(source) {
        Holder::Unreachable(why) => Err(ServerError::unreachable(&why)),
        holder => Ok(holder),
    }
}

impl ServerError {
    /// Another gateway node had to be asked and could not be (503).
    pub fn unreachable(why: &Unreachable) -> Self {
        Self::new(
            crate::error::ServerKind::Unavailable,
            format!("cluster unavailable: {why}; try again later"),
        )
    }
}
