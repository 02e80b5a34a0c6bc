//! Cutting GT06 packets out of a byte stream, and checking them.
//!
//! A packet is `78 78` + length (1) or `79 79` + length (2), then the
//! protocol number, the content, a serial number (2) and a CRC-16/X-25 (2)
//! over everything from the length to the serial, and finally `0D 0A`. The
//! length counts the protocol number through the CRC.
//!
//! Some firmware sends Wi-Fi/cell packets (`0x69`, `0x17`) whose third byte
//! is the number of access points, not a length, and which carry neither
//! serial nor CRC. So a packet is cut by its length when the two bytes the
//! length points at are `0D 0A`, and otherwise at the first `0D 0A` after
//! the protocol number. [`parse`] then says whether the checksum held.
//!
//! The start markers make the stream self-synchronising: bytes before a
//! marker are skipped, and a marker with no end within the frame limit is
//! dropped so the search resumes after it.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_x25;
use crate::codec::DecodeError;
use crate::framing::delimited::find;

/// The short packet's start marker (1-byte length).
const SHORT: [u8; 2] = [0x78, 0x78];
/// The long packet's start marker (2-byte length).
const LONG: [u8; 2] = [0x79, 0x79];
/// Every packet's end marker.
const END: [u8; 2] = [0x0D, 0x0A];

/// One packet with its envelope removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Whether it came in the `79 79` envelope.
    pub long: bool,
    /// The length field as sent (for the unchecked Wi-Fi packets, the
    /// number of access points).
    pub length: u16,
    /// The protocol number.
    pub kind: u8,
    /// The content between the protocol number and the serial number (or
    /// the end marker, for unchecked packets).
    pub content: Bytes,
    /// The serial number, for packets whose CRC was verified; `None` for
    /// packets that carry no checksum (see the module docs).
    pub serial: Option<u16>,
}

/// Cuts the next whole packet (markers included) from `buf`, or returns
/// `None` until one is buffered. Never fails: garbage is skipped.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Option<Bytes> {
    loop {
        let start = match (find(buf, &SHORT), find(buf, &LONG)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => {
                // Keep a last byte that may begin a marker.
                let keep = usize::from(matches!(buf.last(), Some(0x78 | 0x79)));
                let _ = buf.split_to(buf.len() - keep);
                return None;
            }
        };
        let _ = buf.split_to(start);
        let long = buf.starts_with(&LONG);
        let header = if long { 4 } else { 3 };
        let declared = if long {
            usize::from(u16::from_be_bytes([*buf.get(2)?, *buf.get(3)?])) + 6
        } else {
            usize::from(*buf.get(2)?) + 5
        };
        if declared <= max_len {
            match buf.get(declared - 2..declared) {
                Some(end) if end == END => return Some(buf.split_to(declared).freeze()),
                Some(_) => {}
                None => return None,
            }
        }
        // The length does not describe the packet: cut at the first end
        // marker after the protocol number.
        let from = (header + 1).min(buf.len());
        match find(&buf[from..], &END) {
            Some(at) if from + at + 2 <= max_len => {
                return Some(buf.split_to(from + at + 2).freeze());
            }
            Some(_) => {
                let _ = buf.split_to(2);
            }
            None if buf.len() >= max_len => {
                let _ = buf.split_to(2);
            }
            None => return None,
        }
    }
}

/// Parses a packet exactly as [`cut`] delimited it, verifying its CRC.
///
/// A packet whose length and CRC both fail is returned unchecked
/// (`serial: None`) only for the protocol numbers in `unchecked_kinds`;
/// otherwise it is a [`DecodeError::Checksum`].
pub fn parse(frame: &[u8], unchecked_kinds: &[u8]) -> Result<Packet, DecodeError> {
    let long = frame.starts_with(&LONG);
    let header = if long { 4 } else { 3 };
    let kind = *frame
        .get(header)
        .ok_or_else(|| DecodeError::malformed("packet without a protocol number"))?;
    let length = if long {
        u16::from_be_bytes([
            frame.get(2).copied().unwrap_or(0),
            frame.get(3).copied().unwrap_or(0),
        ])
    } else {
        u16::from(frame.get(2).copied().unwrap_or(0))
    };
    let body_end = frame.len().saturating_sub(2);
    let checked = frame
        .get(header + 1..body_end.saturating_sub(4))
        .zip(frame.get(body_end.saturating_sub(4)..body_end))
        .and_then(|(content, tail)| {
            let covered = frame.get(2..body_end - 2)?;
            let carried = u16::from_be_bytes([tail[2], tail[3]]);
            let computed = crc16_x25(covered);
            Some((
                content,
                u16::from_be_bytes([tail[0], tail[1]]),
                carried,
                computed,
            ))
        });
    match checked {
        Some((content, serial, carried, computed)) if carried == computed => Ok(Packet {
            long,
            length,
            kind,
            content: Bytes::copy_from_slice(content),
            serial: Some(serial),
        }),
        _ if unchecked_kinds.contains(&kind) && !long => Ok(Packet {
            long,
            length,
            kind,
            content: Bytes::copy_from_slice(frame.get(header + 1..body_end).unwrap_or_default()),
            serial: None,
        }),
        Some((_, _, carried, computed)) => Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        }),
        None => Err(DecodeError::malformed(
            "packet too short for serial and CRC",
        )),
    }
}
