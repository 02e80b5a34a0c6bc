//! Cutting ThinkRace packets out of a byte stream, and checking them.
//!
//! A packet is a 2-byte header (`HA` from devices), the device's 12-byte
//! id, `,`, the type (1), a length (2, big-endian), that many data bytes,
//! and a checksum (2, big-endian): the 16-bit sum of every byte before
//! it. A packet is `length + 20` bytes.
//!
//! The stream has no end marker, so only a checksum that holds proves a
//! packet's end: a packet without its `,` or whose checksum fails loses
//! the stream's position.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length;

/// Bytes around the data: header, id, `,`, type, length, checksum.
pub const OVERHEAD: usize = 20;
/// Where the `,` after the id is.
pub const COMMA_AT: usize = 14;

/// One checked packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The device's id from the header, as sent.
    pub id: [u8; 12],
    /// The packet type.
    pub kind: u8,
    /// The data.
    pub data: Bytes,
}

/// The whole length of the packet at the front of `buf`, once its length
/// field is buffered.
fn packet_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    if buf.len() > COMMA_AT && buf[COMMA_AT] != b',' {
        return Err(DecodeError::malformed("no , after the 12-byte id"));
    }
    Ok(length::be_u16(buf, 16).map(|n| usize::from(n) + OVERHEAD))
}

/// Cuts the next whole packet from `buf`, or `None` until one is buffered.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    length::cut(buf, max_len, packet_len)
}

/// The 16-bit sum of `bytes`.
pub fn sum16(bytes: &[u8]) -> u16 {
    bytes
        .iter()
        .fold(0u16, |acc, &b| acc.wrapping_add(u16::from(b)))
}

/// Checks a whole packet's checksum and reads its header.
pub fn check(packet: &Bytes) -> Result<Frame, DecodeError> {
    if packet.len() < OVERHEAD || packet[COMMA_AT] != b',' {
        return Err(DecodeError::malformed("not a ThinkRace packet"));
    }
    let at = packet.len() - 2;
    let carried = u16::from_be_bytes([packet[at], packet[at + 1]]);
    let computed = sum16(&packet[..at]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    let mut id = [0u8; 12];
    id.copy_from_slice(&packet[2..COMMA_AT]);
    Ok(Frame {
        id,
        kind: packet[15],
        data: packet.slice(18..at),
    })
}

/// A whole device packet (`HA` header) of `kind` from `id` carrying
/// `data`, with its length and checksum.
pub fn packet(id: &[u8; 12], kind: u8, data: &[u8]) -> Bytes {
    let length = u16::try_from(data.len()).expect("short data");
    let mut out = b"HA".to_vec();
    out.extend_from_slice(id);
    out.push(b',');
    out.push(kind);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&sum16(&out).to_be_bytes());
    Bytes::from(out)
}
