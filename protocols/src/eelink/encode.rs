//! Bytes trackgate sends to Eelink devices, and packets a device (or a
//! simulator standing in for one) sends to trackgate.
//!
//! Every packet but a first-generation GPS fix (0x02) and broadcast data
//! (0x81) is answered with a packet of the same type and sequence number:
//! `67 67 <type> <size = 2 + content> <sequence> [content]`. Only the
//! login's answer has content: the server's Unix time (4), the protocol
//! version `00 01` and an action mask `00`.
//!
//! Over UDP every answer travels in the same envelope as the device's
//! datagram: `45 4C`, size (2, bytes after itself), checksum (2), IMEI (8,
//! BCD), then the packet. See [`udp_checksum`] for what the checksum is.

use bytes::{BufMut, Bytes, BytesMut};
use crc::{CRC_16_XMODEM, Crc};

use crate::record::Record;

use super::decode::kind;
use super::framing::{MARK, Packet};

/// The UDP envelope's marker, `EL`.
pub const UDP_MARK: [u8; 2] = [0x45, 0x4C];
/// The protocol version the login answer announces.
pub const PROTOCOL_VERSION: [u8; 2] = [0x00, 0x01];

/// A whole packet: marker, `kind`, size, `index`, `content`.
pub fn packet(kind: u8, index: u16, content: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(7 + content.len());
    out.put_slice(&MARK);
    out.put_u8(kind);
    out.put_u16(u16::try_from(2 + content.len()).unwrap_or(u16::MAX));
    out.put_u16(index);
    out.put_slice(content);
    out.freeze()
}

/// The content-less answer to a packet of type `kind`.
pub fn reply(kind: u8, index: u16) -> Bytes {
    packet(kind, index, &[])
}

/// The answer to a login: server time, protocol version, no actions.
pub fn login_reply(index: u16, now_ms: i64) -> Bytes {
    let seconds = u32::try_from(now_ms.div_euclid(1000)).unwrap_or(0);
    let mut content = [0u8; 7];
    content[..4].copy_from_slice(&seconds.to_be_bytes());
    content[4..6].copy_from_slice(&PROTOCOL_VERSION);
    packet(kind::LOGIN, index, &content)
}

/// What the device expects back for `packet`, if anything.
pub fn reply_for(packet: &Packet, now_ms: i64) -> Option<Bytes> {
    match packet.kind {
        kind::GPS | kind::DATA => None,
        kind::LOGIN => Some(login_reply(packet.index, now_ms)),
        other => Some(reply(other, packet.index)),
    }
}

/// The checksum written in the UDP envelopes trackgate sends: CRC-16/XMODEM
/// over the packets after the IMEI.
///
/// The public protocol material available when this was written does not
/// define the field, and the corpus's device datagrams match no CRC-16 or
/// byte sum over any range tried, so incoming checksums are not verified
/// and this choice is unconfirmed by any sample (see the module docs).
pub fn udp_checksum(packets: &[u8]) -> u16 {
    const XMODEM: Crc<u16> = Crc::<u16>::new(&CRC_16_XMODEM);
    XMODEM.checksum(packets)
}

/// 8 BCD bytes of `imei` (digits only; left-padded with zeros to 16).
pub fn imei_bcd(imei: &str) -> [u8; 8] {
    let digits: Vec<u8> = format!("{imei:0>16}")
        .bytes()
        .take(16)
        .map(|d| d.wrapping_sub(b'0') & 0x0F)
        .collect();
    let mut out = [0u8; 8];
    for (i, pair) in digits.chunks(2).enumerate() {
        out[i] = (pair[0] << 4) | pair.get(1).copied().unwrap_or(0);
    }
    out
}

/// Wraps whole packets in the UDP envelope for `imei`.
pub fn udp_wrap(imei: &str, packets: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(14 + packets.len());
    out.put_slice(&UDP_MARK);
    out.put_u16(u16::try_from(2 + 8 + packets.len()).unwrap_or(u16::MAX));
    out.put_u16(udp_checksum(packets));
    out.put_slice(&imei_bcd(imei));
    out.put_slice(packets);
    out.freeze()
}

/// A login packet for `imei`: IMEI, language (1, English) and time zone
/// (1, quarter hours; 0 = UTC).
pub fn encode_login(imei: &str, index: u16) -> Bytes {
    let mut content = imei_bcd(imei).to_vec();
    content.extend_from_slice(&[0x01, 0x00]);
    packet(kind::LOGIN, index, &content)
}

/// A location packet (0x12) with a GNSS block for `record` and a status
/// word whose bit 0 is the record's validity.
pub fn encode_location(record: &Record, index: u16, status: u16) -> Bytes {
    let mut content = BytesMut::with_capacity(22);
    content.put_u32(u32::try_from(record.fix_time_ms.div_euclid(1000)).unwrap_or(0));
    content.put_u8(0x01);
    content.put_i32((record.latitude * 1_800_000.0).round() as i32);
    content.put_i32((record.longitude * 1_800_000.0).round() as i32);
    content.put_i16(record.altitude_m.round() as i16);
    content.put_u16(record.speed_kmh.round().clamp(0.0, 65535.0) as u16);
    content.put_u16(record.course_deg.round() as u16 % 360);
    content.put_u8(record.satellites.unwrap_or(0));
    content.put_u16((status & !1) | u16::from(record.valid));
    packet(kind::LOCATION, index, &content)
}
