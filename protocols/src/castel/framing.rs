//! Cutting Castel packets out of a byte stream, checking them, and
//! reading their header.
//!
//! A packet is a start marker, its whole length (2, little-endian, markers
//! included), a header, the data, a CRC (2, little-endian) and `0D 0A`.
//! The CRC is CRC-16/X-25 over everything before it. Two headers exist:
//!
//! - `@@`: protocol version (1), device id (20, ASCII padded with NULs),
//!   packet type (2, big-endian);
//! - `$$` (the MPIP form): device id (20), packet type (2), no version.
//!
//! [`cut`] takes `length` bytes once the length is buffered, refusing a
//! length too short for the fixed fields or over the frame limit. [`check`]
//! then proves the packet: its end marker where the length says (without it
//! the next packet's start is unknown) and its CRC.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_x25;
use crate::codec::DecodeError;
use crate::framing::{delimited, length};
use crate::message::DeviceId;

/// The start marker of packets with a version byte.
pub const START: [u8; 2] = *b"@@";
/// The start marker of MPIP packets, which have none.
pub const MPIP_START: [u8; 2] = *b"$$";
/// Every packet's end marker.
pub const END: [u8; 2] = [0x0D, 0x0A];
/// Bytes of the device id.
pub const ID_LEN: usize = 20;
/// The shortest packet: an MPIP header, no data, CRC and end marker.
pub const MIN_LEN: usize = 2 + 2 + ID_LEN + 2 + 2 + 2;

/// Which header a packet has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `@@` with this protocol version.
    Versioned(u8),
    /// `$$`: the MPIP form.
    Mpip,
}

/// One checked packet with its header read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The header form (and version).
    pub form: Form,
    /// The device id as text (its NUL padding removed).
    pub device: DeviceId,
    /// The device id as sent, for replies.
    pub id: [u8; ID_LEN],
    /// The packet type.
    pub kind: u16,
    /// Everything between the type and the CRC.
    pub data: Bytes,
}

/// How many bytes before the first start marker in `buf` are not part of
/// a packet (a lone trailing `@` or `$` may start one, and is kept).
pub fn garbage_len(buf: &[u8]) -> usize {
    let at = [
        delimited::find(buf, &START),
        delimited::find(buf, &MPIP_START),
    ]
    .into_iter()
    .flatten()
    .min();
    match at {
        Some(at) => at,
        None if matches!(buf.last(), Some(b'@' | b'$')) => buf.len() - 1,
        None => buf.len(),
    }
}

/// The whole length of the packet at the front of `buf`, once its length
/// field is buffered.
fn packet_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    length::at_least(length::le_u16(buf, 2), MIN_LEN)
}

/// Cuts the next whole packet from `buf` (which starts with a marker), or
/// `None` until one is buffered.
/// One whose end marker is not where its length says is an error that
/// closes the stream ([`length::cut_ended`]).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    length::cut_ended(buf, max_len, packet_len, &END)
}

/// Whether `packet`, as [`cut`] delimited it, ends with the end marker: the
/// proof that its length was right.
pub fn is_bounded(packet: &[u8]) -> bool {
    packet.len() >= MIN_LEN && packet.ends_with(&END)
}

/// Checks a bounded packet's CRC and length and reads its header.
pub fn check(packet: &Bytes) -> Result<Packet, DecodeError> {
    if !is_bounded(packet) {
        return Err(DecodeError::malformed("packet does not end with 0D 0A"));
    }
    let form = match packet[..2] {
        [b'@', b'@'] => Form::Versioned(*packet.get(4).unwrap_or(&0)),
        [b'$', b'$'] => Form::Mpip,
        _ => {
            return Err(DecodeError::malformed(
                "packet does not start with @@ or $$",
            ));
        }
    };
    let crc_at = packet.len() - 4;
    let carried = u16::from_le_bytes([packet[crc_at], packet[crc_at + 1]]);
    let computed = crc16_x25(&packet[..crc_at]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    let declared = usize::from(u16::from_le_bytes([packet[2], packet[3]]));
    if declared != packet.len() {
        return Err(DecodeError::malformed(format!(
            "length field {declared}, packet of {} bytes",
            packet.len()
        )));
    }
    let id_at = if form == Form::Mpip { 4 } else { 5 };
    let kind_at = id_at + ID_LEN;
    if kind_at + 2 > crc_at {
        return Err(DecodeError::malformed("packet too short for its header"));
    }
    let mut id = [0u8; ID_LEN];
    id.copy_from_slice(&packet[id_at..kind_at]);
    Ok(Packet {
        form,
        device: device_id(&id)?,
        id,
        kind: u16::from_be_bytes([packet[kind_at], packet[kind_at + 1]]),
        data: packet.slice(kind_at + 2..crc_at),
    })
}

/// The device id: printable ASCII, padded at the end with NULs.
pub fn device_id(id: &[u8; ID_LEN]) -> Result<DeviceId, DecodeError> {
    let end = id.iter().rposition(|&b| b != 0).map_or(0, |at| at + 1);
    let text = &id[..end];
    if text.is_empty() || !text.iter().all(u8::is_ascii_graphic) {
        return Err(DecodeError::malformed(format!(
            "device id {} is not ASCII padded with NULs",
            crate::hex::encode(id)
        )));
    }
    Ok(DeviceId(String::from_utf8_lossy(text).into_owned()))
}

/// The 20 id bytes of `device` (1 to 20 printable ASCII characters), or
/// `None` if it is not one.
pub fn id_bytes(device: &str) -> Option<[u8; ID_LEN]> {
    if device.is_empty() || device.len() > ID_LEN || !device.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let mut id = [0u8; ID_LEN];
    id[..device.len()].copy_from_slice(device.as_bytes());
    Some(id)
}

/// A whole packet: `start`, its length, `header` (version, id, type as the
/// form has them), `content`, the CRC and the end marker.
pub fn packet(start: [u8; 2], header: &[u8], content: &[u8]) -> Bytes {
    let len = 2 + 2 + header.len() + content.len() + 2 + 2;
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&start);
    out.extend_from_slice(&u16::try_from(len).unwrap_or(u16::MAX).to_le_bytes());
    out.extend_from_slice(header);
    out.extend_from_slice(content);
    let crc = crc16_x25(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&END);
    out.into()
}
