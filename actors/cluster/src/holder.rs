//! Who holds a device, as the API is told, and why another node could not
//! be asked.

use std::sync::Arc;

use trackgate_actors::registry::Entry;
use trackgate_protocols::Protocol;
use trackgate_store::TrackerState;

/// Why another node could not be asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    /// This node has no connection to NATS now.
    #[error("the cluster link (NATS) is down")]
    Disconnected,
    /// The holder did not answer within the call timeout.
    #[error("the node holding the device did not answer in time")]
    TimedOut,
    /// The answer could not be read.
    #[error("unreadable answer from another node: {0}")]
    Garbled(String),
    /// The call failed otherwise.
    #[error("cross-node call failed: {0}")]
    Failed(String),
}

/// A device connected to another node.
#[derive(Debug, Clone)]
pub struct Remote {
    /// The node holding it.
    pub node: u64,
    /// The protocol it speaks there (if this version knows it).
    pub protocol: Option<Protocol>,
    /// Where it connected from.
    pub peer: String,
    /// Its live state.
    pub state: Arc<TrackerState>,
}

/// Who holds a tracker's device.
#[derive(Debug, Clone)]
pub enum Holder {
    /// A session of this node.
    Local(Entry),
    /// A session of another node.
    Remote(Box<Remote>),
    /// No node: the device is offline.
    Offline,
    /// Other nodes cannot be asked now, and this one does not hold it.
    Unreachable(Unreachable),
}

impl Holder {
    /// Whether the device is connected to some node; an error when that
    /// cannot be known.
    pub fn is_online(&self) -> Result<bool, Unreachable> {
        match self {
            Holder::Local(_) | Holder::Remote(_) => Ok(true),
            Holder::Offline => Ok(false),
            Holder::Unreachable(why) => Err(why.clone()),
        }
    }

    /// The live state of a connected device.
    pub fn state(&self) -> Option<Arc<TrackerState>> {
        match self {
            Holder::Local(entry) => Some(entry.state.clone()),
            Holder::Remote(remote) => Some(remote.state.clone()),
            Holder::Offline | Holder::Unreachable(_) => None,
        }
    }

    /// The protocol a connected device speaks.
    pub fn protocol(&self) -> Option<Protocol> {
        match self {
            Holder::Local(entry) => Some(entry.protocol),
            Holder::Remote(remote) => remote.protocol,
            Holder::Offline | Holder::Unreachable(_) => None,
        }
    }
}
