//! The answer GlobalSat devices expect to a `GS…` message.

use bytes::Bytes;

/// `ACK` and CR: the answer to every `GS…` message that decodes.
pub const ACK: &[u8] = b"ACK\r";

/// The answer as bytes to write.
pub fn ack() -> Bytes {
    Bytes::from_static(ACK)
}
