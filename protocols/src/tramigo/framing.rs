//! Cutting Tramigo packets out of a byte stream.
//!
//! The first byte is the packet's protocol, and says where its length is
//! (the whole packet's, in bytes):
//!
//! - `80` (text reports): 2 bytes, little-endian, at offset 6, in a
//!   20-byte header; the text ends with `EOF`.
//! - `02` and `04` (binary reports): 2 bytes, little-endian, at offset 1,
//!   in a 19-byte header.
//! - others (`01`): 2 bytes, big-endian, at offset 6.
//!
//! The header's 16-bit check field is not verified: its algorithm is not
//! published and no common CRC reproduces it. Only the `EOF` of a text
//! packet proves where it ends.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length;

/// The text protocol.
pub const TEXT: u8 = 0x80;
/// The binary protocol answered with a binary acknowledgement.
pub const BINARY: u8 = 0x04;
/// A text packet's header length.
pub const TEXT_HEADER: usize = 20;
/// A binary packet's header length.
pub const BINARY_HEADER: usize = 19;
/// The end of a text packet.
pub const EOF: &[u8] = b"EOF";

/// The whole length of the packet at the front of `buf`, once its length
/// field is buffered.
fn packet_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let Some(&protocol) = buf.first() else {
        return Ok(None);
    };
    let (len, min) = match protocol {
        TEXT => (length::le_u16(buf, 6), TEXT_HEADER),
        0x02 | BINARY => (length::le_u16(buf, 1), BINARY_HEADER),
        _ => (length::be_u16(buf, 6), TEXT_HEADER),
    };
    let Some(len) = len.map(usize::from) else {
        return Ok(None);
    };
    if len < min {
        return Err(DecodeError::malformed(format!(
            "protocol {protocol:#04x} packet of {len} bytes is shorter than its {min}-byte header"
        )));
    }
    Ok(Some(len))
}

/// Cuts the next whole packet from `buf`, or `None` until one is buffered.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    length::cut(buf, max_len, packet_len)
}

/// A text packet: protocol `80`, `index`, type `B0 00` (a report) or
/// `C0 00` (a ping), the length, `01 01`, a zero check field, the device
/// id and time (little-endian), and `text` with `EOF`.
pub fn text_packet(index: u16, kind: u8, id: u32, time: u32, text: &str) -> Bytes {
    let body = [text.as_bytes(), EOF].concat();
    let len = u16::try_from(TEXT_HEADER + body.len()).expect("short text");
    let mut out = vec![TEXT, 0x00];
    out.extend_from_slice(&index.to_be_bytes());
    out.extend_from_slice(&[kind, 0x00]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&[0x01, 0x01, 0x00, 0x00]);
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&time.to_le_bytes());
    out.extend_from_slice(&body);
    Bytes::from(out)
}
