//! The answer ThinkRace devices expect to their login, and packets for
//! tests.

use bytes::Bytes;

pub use super::framing::packet;

/// The login answer: `HR`, the device's 12-byte id, `,`, type `80`,
/// length 2, data `80 00`, and `00 00` where a checksum would be (the
/// bytes servers answer with, which devices accept).
pub fn login_answer(id: &[u8; 12]) -> Bytes {
    let mut out = b"HR".to_vec();
    out.extend_from_slice(id);
    out.extend_from_slice(&[b',', 0x80, 0x00, 0x02, 0x80, 0x00, 0x00, 0x00]);
    Bytes::from(out)
}
