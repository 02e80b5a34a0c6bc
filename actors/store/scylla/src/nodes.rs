//! nodes: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn put_node(store: &ScyllaStore, node: &Node) -> Result<(), StoreError> {
    Err(crate::unbuilt("NodeStore::put_node"))
}

pub(crate) fn node(store: &ScyllaStore, id: NodeId) -> Result<Option<Node>, StoreError> {
    Err(crate::unbuilt("NodeStore::node"))
}

pub(crate) fn nodes(store: &ScyllaStore) -> Result<Vec<Node>, StoreError> {
    Err(crate::unbuilt("NodeStore::nodes"))
}
