//! Nodes' descriptions ([`NodeStore`]), one value per node keyed by id,
//! written durably like every account change.

use super::{EmbeddedStore, codec, engine};
use crate::node_ports::{Node, NodeId, NodeStore};
use crate::ports::StoreError;

impl NodeStore for EmbeddedStore {
    fn put_node(&self, node: &Node) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.nodes,
            node.id.0.to_be_bytes(),
            codec::encode(node)?,
        );
        batch.commit().map_err(engine)
    }

    fn node(&self, id: NodeId) -> Result<Option<Node>, StoreError> {
        self.entity(&self.ks.nodes, id.0, "node")
    }

    fn nodes(&self) -> Result<Vec<Node>, StoreError> {
        Self::all(&self.ks.nodes, "node")
    }
}
