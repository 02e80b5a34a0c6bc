//! Cutting Eelink packets out of a byte stream.
//!
//! A packet is `67 67`, the packet type (1), a size (2, big-endian) that
//! counts every byte after itself, then the sequence number (2) and the
//! content. There is no checksum and no end marker, so a stream that does
//! not start with `67 67` cannot be resynchronised: [`cut`] refuses it and
//! the connection ends. A size below 2 (no room for the sequence number) is
//! refused the same way, and a size that would make the packet longer than
//! the frame limit is refused from the header, before the content is
//! buffered.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::length::{self, be_u16};

/// Every packet's start marker.
pub const MARK: [u8; 2] = [0x67, 0x67];
/// Marker, type and size.
pub const HEADER_LEN: usize = 5;

/// One packet with its header read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The packet type (`PID` in Eelink's documents).
    pub kind: u8,
    /// The sequence number the reply must echo.
    pub index: u16,
    /// Everything after the sequence number.
    pub content: Bytes,
}

/// The whole length of the packet at the front of `buf`, once its header
/// is buffered.
pub fn packet_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    let have = buf.len().min(MARK.len());
    if buf[..have] != MARK[..have] {
        return Err(DecodeError::malformed(format!(
            "packet does not start with 67 67: {:02x?}",
            &buf[..have]
        )));
    }
    let Some(size) = be_u16(buf, 3) else {
        return Ok(None);
    };
    if size < 2 {
        return Err(DecodeError::malformed(format!(
            "packet size {size} leaves no room for the sequence number"
        )));
    }
    Ok(Some(HEADER_LEN + usize::from(size)))
}

/// Cuts the next whole packet from `buf`, or `None` until one is buffered.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    if buf.is_empty() {
        return Ok(None);
    }
    length::cut(buf, max_len, packet_len)
}

/// Reads the header of a packet exactly as [`cut`] delimited it.
pub fn parse(frame: &Bytes) -> Result<Packet, DecodeError> {
    match packet_len(frame)? {
        Some(len) if len == frame.len() => Ok(Packet {
            kind: frame[2],
            index: u16::from_be_bytes([frame[5], frame[6]]),
            content: frame.slice(HEADER_LEN + 2..),
        }),
        _ => Err(DecodeError::malformed(format!(
            "{} bytes do not hold one whole packet",
            frame.len()
        ))),
    }
}

/// Splits a run of whole packets (a datagram's body) into packets.
pub fn split(mut bytes: &[u8], max_len: usize) -> Result<Vec<Packet>, DecodeError> {
    let mut packets = Vec::new();
    while !bytes.is_empty() {
        let len = match packet_len(bytes)? {
            Some(len) if len <= bytes.len() => len,
            Some(len) if len > max_len => {
                return Err(DecodeError::Oversize { len, max: max_len });
            }
            _ => {
                return Err(DecodeError::malformed(format!(
                    "packet cut short: {} bytes left",
                    bytes.len()
                )));
            }
        };
        packets.push(parse(&Bytes::copy_from_slice(&bytes[..len]))?);
        bytes = &bytes[len..];
    }
    Ok(packets)
}
