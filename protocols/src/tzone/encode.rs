//! The answer TZone devices expect once a packet is stored.

use bytes::Bytes;

use crate::datetime::civil;

/// `@ACK,<index>#@UTC time:<yyyy-MM-dd HH:mm:ss>`: the packet's index in
/// decimal and the server's time `now_ms`, UTC. No line end.
pub fn ack(index: u16, now_ms: i64) -> Bytes {
    let (y, mo, d, h, mi, s) = civil(now_ms);
    Bytes::from(format!(
        "@ACK,{index}#@UTC time:{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"
    ))
}
