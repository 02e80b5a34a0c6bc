//! How a node joins its cluster.

use std::time::Duration;

/// A node's cluster settings (the gateway's `[cluster]` section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    /// The NATS servers to connect to (any one will do; the client moves to
    /// another when one fails).
    pub nats_urls: Vec<String>,
    /// This node's id: unique in the cluster, it breaks ties between claims
    /// and is the Server API's server id.
    pub node_id: u64,
    /// This node's name, as the Server API lists it.
    pub node_name: String,
    /// What every subject starts with (clusters sharing a NATS server keep apart by it).
    pub subject_prefix: String,
    /// How often the node announces itself and its figures.
    pub heartbeat: Duration,
    /// How long a call to another node may take before it is given up.
    pub call_timeout: Duration,
    /// The address this node's HTTP API listens on (announced in heartbeats;
    /// [`crate::Cluster::announce_api`] sets it once the API is bound).
    pub api_address: String,
}

impl ClusterConfig {
    /// Heartbeats missed before a node is listed as not alive.
    pub const MISSED_HEARTBEATS: u32 = 3;

    /// How long after its last heartbeat a node is still alive.
    pub fn alive_for(&self) -> Duration {
        self.heartbeat * Self::MISSED_HEARTBEATS
    }
}
