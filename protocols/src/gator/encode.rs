//! The answer Gator devices expect, and packets for tests.

use bytes::Bytes;

pub use super::framing::packet;

/// The answer's packet type.
pub const ANSWER: u8 = 0x21;

/// The answer to a packet: `24 24 21 00 05`, the packet's checksum byte,
/// its type, `00`, the XOR of the answer from its type on, and `0D`.
pub fn answer(checksum: u8, kind: u8) -> Bytes {
    let mut out = vec![0x24, 0x24, ANSWER, 0x00, 0x05, checksum, kind, 0x00];
    out.push(crate::checksum::xor8(&out[2..]));
    out.push(super::framing::END);
    Bytes::from(out)
}
