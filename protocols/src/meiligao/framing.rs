//! Cutting Meiligao packets out of a byte stream, checking them, and
//! reading their header.
//!
//! A packet is `$$`, its whole length (2, big-endian, markers included),
//! the tracker ID (7), the command (2), the data, a CRC (2) and `0D 0A`.
//! The CRC is CRC-16/IBM-3740 (CCITT-FALSE) over everything before it,
//! big-endian. Server packets have the same shape with `@@` in front.
//!
//! [`cut`] takes `length` bytes once the length is buffered, refusing a
//! length too short to hold the fixed fields or over the frame limit.
//! [`check`] then proves the packet: its end marker where the length says
//! (without it the next packet's start is unknown) and its CRC.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_ccitt_false;
use crate::codec::DecodeError;
use crate::framing::{delimited, length};
use crate::message::DeviceId;

/// A device packet's start marker.
pub const START: [u8; 2] = *b"$$";
/// A server packet's start marker.
pub const SERVER_START: [u8; 2] = *b"@@";
/// Every packet's end marker.
pub const END: [u8; 2] = [0x0D, 0x0A];
/// Bytes of the tracker ID.
pub const ID_LEN: usize = 7;
/// The shortest packet: markers, length, ID, command, CRC, no data.
pub const MIN_LEN: usize = 2 + 2 + ID_LEN + 2 + 2 + 2;
/// Where the data starts.
pub const DATA_AT: usize = 2 + 2 + ID_LEN + 2;

/// One checked packet with its header read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The tracker ID as digits (its `F` padding removed).
    pub device: DeviceId,
    /// The tracker ID as sent, for replies.
    pub id: [u8; ID_LEN],
    /// The command code.
    pub command: u16,
    /// Everything between the command and the CRC.
    pub data: Bytes,
}

/// How many bytes before the first `$$` in `buf` are not part of a packet
/// (a lone trailing `$` may be the start of one, and is kept).
pub fn garbage_len(buf: &[u8]) -> usize {
    match delimited::find(buf, &START) {
        Some(at) => at,
        None if buf.last() == Some(&b'$') => buf.len() - 1,
        None => buf.len(),
    }
}

/// The whole length of the packet at the front of `buf` (which starts with
/// `$`), once its length field is buffered.
fn packet_len(buf: &[u8]) -> Result<Option<usize>, DecodeError> {
    length::at_least(length::be_u16(buf, 2), MIN_LEN)
}

/// Cuts the next whole packet from `buf` (which starts with `$$`), or
/// `None` until one is buffered.
/// One whose end marker is not where its length says is an error that
/// closes the stream ([`length::cut_ended`]).
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    length::cut_ended(buf, max_len, packet_len, &END)
}

/// Whether `packet`, as [`cut`] delimited it, ends with the end marker:
/// the proof that its length was right.
pub fn is_bounded(packet: &[u8]) -> bool {
    packet.len() >= MIN_LEN && packet.ends_with(&END)
}

/// Checks a bounded packet's CRC and reads its header.
pub fn check(packet: &Bytes) -> Result<Frame, DecodeError> {
    if !is_bounded(packet) {
        return Err(DecodeError::malformed("packet does not end with 0D 0A"));
    }
    let crc_at = packet.len() - 4;
    let carried = u16::from_be_bytes([packet[crc_at], packet[crc_at + 1]]);
    let computed = crc16_ccitt_false(&packet[..crc_at]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    let declared = usize::from(u16::from_be_bytes([packet[2], packet[3]]));
    if declared != packet.len() {
        return Err(DecodeError::malformed(format!(
            "length field {declared}, packet of {} bytes",
            packet.len()
        )));
    }
    let mut id = [0u8; ID_LEN];
    id.copy_from_slice(&packet[4..4 + ID_LEN]);
    Ok(Frame {
        device: device_id(&id)?,
        id,
        command: u16::from_be_bytes([packet[11], packet[12]]),
        data: packet.slice(DATA_AT..crc_at),
    })
}

/// The tracker ID: up to 14 decimal digits, one a nibble, padded at the
/// end with `F` nibbles.
pub fn device_id(id: &[u8; ID_LEN]) -> Result<DeviceId, DecodeError> {
    let nibbles: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let digits = nibbles.trim_end_matches('f');
    if digits.is_empty() || !digits.bytes().all(|d| d.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!(
            "tracker ID {nibbles} is not digits padded with F"
        )));
    }
    Ok(DeviceId(digits.to_owned()))
}

/// The 7 ID bytes of `device` (1 to 14 digits), or `None` if it is not one.
pub fn id_bytes(device: &str) -> Option<[u8; ID_LEN]> {
    if device.is_empty() || device.len() > 2 * ID_LEN || !device.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut nibbles = device
        .bytes()
        .map(|d| d - b'0')
        .chain(std::iter::repeat(0xF));
    let mut id = [0u8; ID_LEN];
    for byte in &mut id {
        let high = nibbles.next().unwrap_or(0xF);
        let low = nibbles.next().unwrap_or(0xF);
        *byte = (high << 4) | low;
    }
    Some(id)
}

/// A whole packet: `start`, the length, `id`, `command`, `data`, the CRC
/// and the end marker. Panics if it would not fit the length field (the
/// caller's mistake: packets are a few hundred bytes).
pub fn packet(start: [u8; 2], id: &[u8; ID_LEN], command: u16, data: &[u8]) -> Bytes {
    let len = u16::try_from(MIN_LEN + data.len()).expect("a packet fits its length field");
    let mut out = Vec::with_capacity(usize::from(len));
    out.extend_from_slice(&start);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(id);
    out.extend_from_slice(&command.to_be_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&crc16_ccitt_false(&out).to_be_bytes());
    out.extend_from_slice(&END);
    out.into()
}
