//! The gateway's nodes, as the operator describes them (seed 001's
//! servers): a name and the addresses devices and peers reach each at.
//!
//! What a node is doing (its connections, its rates) is live and never
//! stored; the description is, so that it outlives restarts and, with a
//! shared store, every node of a cluster lists every other.

use serde::{Deserialize, Serialize};

use crate::ports::StoreError;

/// A node's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NodeId(pub u64);

/// How the operator describes a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Its id.
    pub id: NodeId,
    /// A name to show.
    pub name: String,
    /// The address devices reach it at (seed 001's `server_ip`), if set.
    pub server_ip: Option<String>,
    /// The address other nodes reach it at over a private network (seed
    /// 001's `vpn_ip`), if set.
    pub vpn_ip: Option<String>,
}

/// Nodes' descriptions.
pub trait NodeStore: Send + Sync {
    /// Writes a node's description (creating or replacing it).
    fn put_node(&self, node: &Node) -> Result<(), StoreError>;
    /// A node's description, if one was written.
    fn node(&self, id: NodeId) -> Result<Option<Node>, StoreError>;
    /// Every node described, by id.
    fn nodes(&self) -> Result<Vec<Node>, StoreError>;
}
