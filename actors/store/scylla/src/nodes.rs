//! Nodes' descriptions ([`NodeStore`]): the `nodes` table, one row per
//! node keyed by its id, the description in `body`.
//!
//! Node ids are the operator's, up to `u64::MAX`: the `bigint` key holds
//! their 64 bits as they are (`values::key`), and the list is sorted by
//! the ids themselves.

use trackgate_store::{Node, NodeId, StoreError};

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::values::{id, key};

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "nodes.put",
        cql: "INSERT INTO nodes (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "nodes.get",
        cql: "SELECT body FROM nodes WHERE id = ?",
    },
    // An operator's listing: the whole (small) table, in token order.
    Stmt {
        name: "nodes.all",
        cql: "SELECT id, body FROM nodes",
    },
];

/// Writes a node's description, creating or replacing it.
pub(crate) fn put_node(store: &ScyllaStore, node: &Node) -> Result<(), StoreError> {
    store
        .db()
        .execute("nodes.put", (key(node.id.0), codec::encode(node)?))
        .map(|_| ())
}

/// A node's description, if one was written.
pub(crate) fn node(store: &ScyllaStore, node_id: NodeId) -> Result<Option<Node>, StoreError> {
    let row: Option<(Option<Vec<u8>>,)> = store.db().query_one("nodes.get", (key(node_id.0),))?;
    row.and_then(|(body,)| body)
        .map(|body| decode(node_id.0, &body))
        .transpose()
}

/// Every node described, by id (the table is scanned: it holds one row
/// per gateway node).
pub(crate) fn nodes(store: &ScyllaStore) -> Result<Vec<Node>, StoreError> {
    let rows: Vec<(i64, Option<Vec<u8>>)> = store.db().query("nodes.all", ())?;
    from_rows(rows)
}

/// The nodes of `nodes.all` rows, sorted by id.
fn from_rows(rows: Vec<(i64, Option<Vec<u8>>)>) -> Result<Vec<Node>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for (column, body) in rows {
        let node_id = id(column);
        let body = body.ok_or_else(|| StoreError::Corrupt(format!("node {node_id}: no body")))?;
        out.push(decode(node_id, &body)?);
    }
    out.sort_by_key(|node| node.id);
    Ok(out)
}

/// A node's body, which must name the id it is stored under.
fn decode(node_id: u64, body: &[u8]) -> Result<Node, StoreError> {
    let node: Node = codec::decode(body, "node")?;
    if node.id.0 != node_id {
        return Err(StoreError::Corrupt(format!(
            "node {node_id}: the body names node {}",
            node.id.0
        )));
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(node_id: u64, name: &str) -> Node {
        Node {
            id: NodeId(node_id),
            name: name.into(),
            server_ip: Some("192.0.2.1".into()),
            vpn_ip: None,
        }
    }

    fn row(node: &Node) -> (i64, Option<Vec<u8>>) {
        (key(node.id.0), Some(codec::encode(node).unwrap()))
    }

    #[test]
    fn rows_list_by_unsigned_id() {
        let nodes = [
            node(u64::MAX, "last"),
            node(1, "first"),
            node(u64::MAX - 1, "next to last"),
            node(1 << 63, "middle"),
        ];
        let listed = from_rows(nodes.iter().map(row).collect()).unwrap();
        let ids: Vec<u64> = listed.iter().map(|n| n.id.0).collect();
        assert_eq!(ids, [1, 1 << 63, u64::MAX - 1, u64::MAX]);
        assert_eq!(listed[0], nodes[1], "bodies round-trip");
    }

    #[test]
    fn a_bad_row_is_corrupt() {
        let good = node(5, "a");
        for bad in [
            (key(5), None),
            (key(5), Some(vec![1, 2])),
            (key(6), Some(codec::encode(&good).unwrap())),
        ] {
            assert!(
                matches!(from_rows(vec![bad.clone()]), Err(StoreError::Corrupt(_))),
                "{bad:?}"
            );
        }
    }
}
