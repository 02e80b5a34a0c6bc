//! Cutting Gator packets out of a byte stream, and checking them.
//!
//! A packet is `24 24`, its type (1), a length (2, big-endian), the
//! device's pseudo-IP (4), the body, a checksum (1) and `0D`. The length
//! counts every byte after itself, so a packet is `length + 5` bytes. The
//! checksum is the XOR of every byte from the type to the byte before it.
//!
//! [`cut`] takes `length + 5` bytes once the length is buffered, refusing
//! a length too short for the fixed fields or over the frame limit.
//! [`check`] then proves the packet: its `0D` where the length says (the
//! codec closes the connection without it: the next packet's start is
//! unknown) and its checksum.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::{delimited, length};

/// A packet's start marker.
pub const START: [u8; 2] = *b"$$";
/// A packet's last byte.
pub const END: u8 = 0x0D;
/// Bytes before the length counts: marker, type, length.
pub const HEADER_LEN: usize = 5;
/// The smallest length: pseudo-IP, checksum and end, no body.
pub const MIN_LENGTH: usize = 4 + 1 + 1;

/// One checked packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The packet type.
    pub kind: u8,
    /// The device's pseudo-IP, as sent.
    pub id: [u8; 4],
    /// Everything between the pseudo-IP and the checksum.
    pub body: Bytes,
    /// The checksum byte, as sent (the answer repeats it).
    pub checksum: u8,
}

/// How many bytes before the first `$$` in `buf` are not part of a packet
/// (a lone trailing `$` may start one, and is kept).
pub fn garbage_len(buf: &[u8]) -> usize {
    match delimited::find(buf, &START) {
        Some(at) => at,
        None if buf.last() == Some(&b'$') => buf.len() - 1,
        None => buf.len(),
    }
}

/// The whole length of the packet at the front of `buf`, once its length
/// field is buffered.
fn packet_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let len = length::at_least(length::be_u16(buf, 3), MIN_LENGTH)?;
    Ok(len.map(|len| len + HEADER_LEN))
}

/// Cuts the next whole packet from `buf` (which starts with `$$`), or
/// `None` until one is buffered.
/// One whose end marker is not where its length says is an error that
/// closes the stream ([`length::cut_ended`]).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    length::cut_ended(buf, max_len, packet_len, &[END])
}

/// Whether `packet`, as [`cut`] delimited it, ends with `0D`: the proof
/// that its length was right.
pub fn is_bounded(packet: &[u8]) -> bool {
    packet.last() == Some(&END)
}

/// Checks a whole packet (markers, length, end, checksum) and reads its
/// header.
pub fn check(packet: &Bytes) -> Result<Frame, DecodeError> {
    if !packet.starts_with(&START) {
        return Err(DecodeError::malformed("a packet starts with $$"));
    }
    let declared = packet_len(packet)?.ok_or_else(|| DecodeError::malformed("no length"))?;
    if declared != packet.len() {
        return Err(DecodeError::malformed(format!(
            "length says {declared} bytes, the packet has {}",
            packet.len()
        )));
    }
    if !is_bounded(packet) {
        return Err(DecodeError::malformed("a packet ends with 0D"));
    }
    let at = packet.len() - 2;
    let (carried, computed) = (packet[at], crate::checksum::xor8(&packet[2..at]));
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    Ok(Frame {
        kind: packet[2],
        id: [packet[5], packet[6], packet[7], packet[8]],
        body: packet.slice(9..at),
        checksum: carried,
    })
}

/// A whole packet of `kind` from pseudo-IP `id` carrying `body`, with its
/// length, checksum and end.
pub fn packet(kind: u8, id: [u8; 4], body: &[u8]) -> Bytes {
    let length = u16::try_from(4 + body.len() + 2).expect("a short body");
    let mut out = START.to_vec();
    out.push(kind);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&id);
    out.extend_from_slice(body);
    out.push(crate::checksum::xor8(&out[2..]));
    out.push(END);
    Bytes::from(out)
}
