//! Cutting Ruptela packets out of the stream, and checking them.
//!
//! ```text
//! length (2, BE) | IMEI (8, BE integer) | command (1) | data | CRC (2, BE)
//! ```
//!
//! The length counts the payload (IMEI, command and data), not itself nor
//! the CRC. The CRC is CRC-16/KERMIT over the payload. Packets the server
//! sends have the same shape without the IMEI.
//!
//! The stream has no markers, so it cannot resynchronise: a bad length or
//! CRC ends the connection.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_kermit;
use crate::codec::{DecodeError, Limits};
use crate::framing::length::{self, be_u16};
use crate::message::DeviceId;

/// Bytes of the length field.
pub const LENGTH_LEN: usize = 2;
/// Bytes of the CRC.
pub const CRC_LEN: usize = 2;
/// The shortest payload a device sends: the IMEI and a command.
pub const MIN_PAYLOAD: usize = 9;

/// One CRC-checked packet from a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The IMEI, as the 8-byte integer the packet carries.
    pub imei: u64,
    /// The command number.
    pub command: u8,
    /// Everything between the command and the CRC.
    pub data: Bytes,
}

impl Packet {
    /// The device the packet names.
    pub fn device(&self) -> DeviceId {
        DeviceId(self.imei.to_string())
    }
}

/// The whole length of the packet whose header starts `buf`, once the
/// length field is there; a length too short for an IMEI and a command is
/// refused at once.
fn frame_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    match be_u16(buf, 0) {
        None => Ok(None),
        Some(n) if usize::from(n) < MIN_PAYLOAD => Err(DecodeError::malformed(format!(
            "payload length {n} is shorter than an IMEI and a command"
        ))),
        Some(n) => Ok(Some(LENGTH_LEN + usize::from(n) + CRC_LEN)),
    }
}

/// Cuts the next whole packet from `buf`, or `None` until it is buffered.
pub fn cut(buf: &mut BytesMut, limits: &Limits) -> Result<Option<Bytes>, DecodeError> {
    length::cut(buf, limits.max_frame_len, frame_len)
}

/// Checks a packet exactly as [`cut`] delimited it and splits its payload.
pub fn parse(frame: &[u8]) -> Result<Packet, DecodeError> {
    let Some(Some(len)) = frame_len(frame).ok() else {
        return Err(DecodeError::malformed("packet without a valid length"));
    };
    if frame.len() != len {
        return Err(DecodeError::malformed(format!(
            "packet of {} bytes, its length field says {len}",
            frame.len()
        )));
    }
    let payload = &frame[LENGTH_LEN..len - CRC_LEN];
    let carried = u16::from_be_bytes([frame[len - 2], frame[len - 1]]);
    let computed = crc16_kermit(payload);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    let mut imei = [0u8; 8];
    imei.copy_from_slice(&payload[..8]);
    Ok(Packet {
        imei: u64::from_be_bytes(imei),
        command: payload[8],
        data: Bytes::copy_from_slice(&payload[MIN_PAYLOAD..]),
    })
}

/// Wraps a payload in the length field and CRC; fails for a payload the
/// 2-byte length cannot describe.
pub fn wrap(payload: &[u8]) -> Result<Bytes, DecodeError> {
    let len = u16::try_from(payload.len())
        .map_err(|_| DecodeError::malformed("payload over 65,535 bytes"))?;
    let mut out = Vec::with_capacity(payload.len() + LENGTH_LEN + CRC_LEN);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&crc16_kermit(payload).to_be_bytes());
    Ok(out.into())
}
