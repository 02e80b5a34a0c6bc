//! Cutting TZone packets out of a byte stream, and checking them.
//!
//! A packet is `TZ`, a length (2 bytes, big-endian), that many bytes and
//! CR LF. The length's bytes start with the protocol number (`$$`) and
//! end with a packet index (2 bytes) and the CRC-16/MODBUS (2 bytes,
//! big-endian) of every byte from the `$$` to the index. Bytes before a
//! `TZ` are skipped and counted; a packet whose CR LF is not where its
//! length ends closes the connection, as its position is lost.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::find;
use crate::framing::length::be_u16;

/// The start of every packet.
pub const START: &[u8] = b"TZ";
/// The end of every packet.
pub const END: &[u8] = b"\r\n";
/// Bytes around the length's: `TZ`, the length, CR LF.
pub const OVERHEAD: usize = 6;
/// The fewest bytes the length can count: `$$`, hardware type (2),
/// firmware (4), IMEI (8), time (6), index (2), CRC (2).
pub const MIN_LEN: usize = 26;

/// Cuts the next packet, whole, or `None` until one is buffered. Bytes
/// before a `TZ` come back as a skipped frame.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    if buf.is_empty() {
        return Ok(None);
    }
    if !buf.starts_with(START) {
        let at = find(&buf[1..], START)
            .map(|at| at + 1)
            .unwrap_or_else(|| buf.len() - usize::from(buf.ends_with(b"T")));
        if at == 0 {
            return Ok(None);
        }
        let garbage = buf.split_to(at);
        return Err(DecodeError::malformed("bytes before TZ").skip(&garbage));
    }
    let Some(len) = be_u16(buf, 2).map(usize::from) else {
        return Ok(None);
    };
    let total = len + OVERHEAD;
    if total > max_len {
        return Err(DecodeError::Oversize {
            len: total,
            max: max_len,
        });
    }
    if len < MIN_LEN {
        return Err(DecodeError::malformed(format!(
            "a length of {len} is shorter than any packet"
        )));
    }
    if buf.len() < total {
        buf.reserve(total - buf.len());
        return Ok(None);
    }
    let packet = buf.split_to(total).freeze();
    if !packet.ends_with(END) {
        return Err(DecodeError::malformed("no CR LF where the length ends"));
    }
    Ok(Some(packet))
}

/// The bytes from `$$` to the index (the CRC verified and removed).
pub fn check(packet: &[u8]) -> Result<&[u8], DecodeError> {
    let counted = &packet[4..packet.len() - END.len()];
    let (body, crc) = counted.split_at(counted.len() - 2);
    let carried = u16::from_be_bytes([crc[0], crc[1]]);
    let computed = crate::checksum::crc16_modbus(body);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    Ok(body)
}

/// A whole packet around `body` (from `$$` to the index): `TZ`, the
/// length, the CRC and CR LF, as a device sends it (for tests).
pub fn packet(body: &[u8]) -> Bytes {
    let crc = crate::checksum::crc16_modbus(body);
    let len = u16::try_from(body.len() + 2).unwrap_or(u16::MAX);
    [START, &len.to_be_bytes(), body, &crc.to_be_bytes(), END]
        .concat()
        .into()
}
