//! Cutting Galileosky packets out of the stream, and checking them.
//!
//! ```text
//! header (1) | length (2, LE; bit 15 = more data in the archive) | data | CRC (2, LE)
//! ```
//!
//! The length (bits 0..15) counts the data only. The CRC is CRC-16/MODBUS
//! over the header, length and data, stored little-endian. The header says
//! what the data is: `01` tags (head and main packets), `07` a photo part,
//! `06` Garmin FMI traffic.
//!
//! The stream has no markers, so it cannot resynchronise: a bad CRC ends
//! the connection.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_modbus;
use crate::codec::{DecodeError, Limits};
use crate::framing::length::{self, le_u16};

/// Bytes before the data: header and length.
pub const HEAD_LEN: usize = 3;
/// Bytes of the CRC.
pub const CRC_LEN: usize = 2;
/// The length field's archive flag.
const ARCHIVE: u16 = 0x8000;

/// One CRC-checked packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The header byte.
    pub header: u8,
    /// Whether the device says more records wait in its archive.
    pub archive: bool,
    /// The data between the length and the CRC.
    pub data: Bytes,
    /// The CRC as it came on the wire (little-endian), which the reply echoes.
    pub crc: [u8; 2],
}

fn frame_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    Ok(le_u16(buf, 1).map(|n| HEAD_LEN + usize::from(n & !ARCHIVE) + CRC_LEN))
}

/// Cuts the next whole packet from `buf`, or `None` until it is buffered.
/// A length over the frame limit is refused from the header.
pub fn cut(buf: &mut BytesMut, limits: &Limits) -> Result<Option<Bytes>, DecodeError> {
    length::cut(buf, limits.max_frame_len, frame_len)
}

/// Checks a packet exactly as [`cut`] delimited it.
pub fn parse(frame: &[u8]) -> Result<Packet, DecodeError> {
    let Some(len) = frame_len(frame)? else {
        return Err(DecodeError::malformed("packet shorter than its header"));
    };
    if frame.len() != len {
        return Err(DecodeError::malformed(format!(
            "packet of {} bytes, its length field says {len}",
            frame.len()
        )));
    }
    let crc = [frame[len - 2], frame[len - 1]];
    let carried = u16::from_le_bytes(crc);
    let computed = crc16_modbus(&frame[..len - CRC_LEN]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    Ok(Packet {
        header: frame[0],
        archive: u16::from_le_bytes([frame[1], frame[2]]) & ARCHIVE != 0,
        data: Bytes::copy_from_slice(&frame[HEAD_LEN..len - CRC_LEN]),
        crc,
    })
}

/// Wraps `data` under `header` with the length and CRC; fails for data the
/// 15-bit length cannot describe.
pub fn wrap(header: u8, archive: bool, data: &[u8]) -> Result<Bytes, DecodeError> {
    let len = u16::try_from(data.len())
        .ok()
        .filter(|n| n & ARCHIVE == 0)
        .ok_or_else(|| DecodeError::malformed("data over 32,767 bytes"))?;
    let len = if archive { len | ARCHIVE } else { len };
    let mut out = Vec::with_capacity(data.len() + HEAD_LEN + CRC_LEN);
    out.push(header);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(data);
    let crc = crc16_modbus(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Ok(out.into())
}
