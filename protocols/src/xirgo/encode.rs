//! The answer Xirgo devices expect to a datagram.

use bytes::Bytes;

/// `!UDP_ACK,<event>,<last field>`: the answer to a datagram whose fields
/// (after `$$`) are `fields`. TCP messages get none.
pub fn udp_ack(fields: &[&str]) -> Bytes {
    let event = fields.get(1).copied().unwrap_or_default();
    let last = fields.last().copied().unwrap_or_default();
    Bytes::from(format!("!UDP_ACK,{event},{last}"))
}
