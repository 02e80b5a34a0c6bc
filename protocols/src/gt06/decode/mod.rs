//! Turning a checked packet into what it means, by protocol number.
//!
//! - [`blocks`]: date-time, GPS, cell and Wi-Fi blocks.
//! - [`location`]: packets with a GPS fix (0x10, 0x12, 0x22, 0x16, 0x26, 0x27, 0xA0).
//! - [`network`]: packets located by cells or Wi-Fi (0x18, 0x28, 0xA1, 0x2C, 0x69, 0x17).
//! - [`text`]: status (0x13, 0x23) and text (0x15, 0x21) packets.

pub(crate) mod blocks;
pub(crate) mod location;
pub(crate) mod network;
pub(crate) mod text;

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::encode;
use super::framing::Packet;
use blocks::CellWidth;

/// Protocol numbers whose packets may arrive without serial and CRC.
pub const UNCHECKED_KINDS: &[u8] = &[kind::WIFI, kind::WIFI_CELLS];

/// Protocol numbers.
pub mod kind {
    /// Login with the IMEI.
    pub const LOGIN: u8 = 0x01;
    /// GPS only.
    pub const GPS: u8 = 0x10;
    /// GPS and one cell.
    pub const GPS_CELL: u8 = 0x12;
    /// Status (heartbeat).
    pub const STATUS: u8 = 0x13;
    /// Text answer to a server command.
    pub const STRING: u8 = 0x15;
    /// Alarm: GPS, cell and status.
    pub const ALARM: u8 = 0x16;
    /// Cells, or in the unchecked form Wi-Fi and cells.
    pub const WIFI_CELLS: u8 = 0x17;
    /// Several cells.
    pub const CELLS_EXTENDED: u8 = 0x18;
    /// Text answer to a server command, `79 79` form.
    pub const STRING_LONG: u8 = 0x21;
    /// GPS, cell, ACC and mileage.
    pub const GPS_CELL_ACC: u8 = 0x22;
    /// Heartbeat with the battery voltage.
    pub const HEARTBEAT: u8 = 0x23;
    /// Alarm (GT800 family).
    pub const ALARM_2: u8 = 0x26;
    /// Alarm with several fences.
    pub const ALARM_3: u8 = 0x27;
    /// Several cells.
    pub const CELLS: u8 = 0x28;
    /// Address request with a GPS fix.
    pub const ADDRESS_REQUEST: u8 = 0x2A;
    /// Cells and Wi-Fi.
    pub const CELLS_WIFI: u8 = 0x2C;
    /// Wi-Fi and cells, sent without serial and CRC.
    pub const WIFI: u8 = 0x69;
    /// Time request.
    pub const TIME_REQUEST: u8 = 0x8A;
    /// Address answer (server to device).
    pub const ADDRESS_REPLY: u8 = 0x97;
    /// 4G GPS and cell.
    pub const GPS_4G: u8 = 0xA0;
    /// 4G cells.
    pub const CELLS_4G: u8 = 0xA1;
}

/// What a packet means to the codec.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// A login with the device's IMEI, and the acknowledgement to send.
    Login(DeviceId, Bytes),
    /// Anything else the session handles.
    Message(Message),
    /// A well-formed packet of a protocol number this codec does not read.
    Unsupported(u8),
}

/// Decodes one packet; `now_ms` dates status records and time replies.
pub fn packet(p: &Packet, now_ms: i64) -> Result<Decoded, DecodeError> {
    let Some(serial) = p.serial else {
        return match p.kind {
            kind::WIFI | kind::WIFI_CELLS => {
                records(network::wifi_unchecked(&p.content, p.length)?, None)
            }
            other => Ok(Decoded::Unsupported(other)),
        };
    };
    let ack = || Some(encode::ack(p.long, p.kind, serial));
    let c = &p.content[..];
    match p.kind {
        kind::LOGIN => Ok(Decoded::Login(
            imei(c)?,
            encode::ack(p.long, p.kind, serial),
        )),
        // Location and cell packets need no answer in the GT06 documents.
        kind::GPS => records(location::gps_only(c)?, None),
        kind::GPS_CELL => records(location::gps_cell(c)?, None),
        kind::GPS_CELL_ACC => records(location::gps_cell_acc(c, CellWidth::Gsm)?, None),
        kind::GPS_4G => records(location::gps_cell_acc(c, CellWidth::Lte)?, None),
        kind::ALARM | kind::ALARM_2 | kind::ALARM_3 => records(location::alarm(c)?, ack()),
        kind::CELLS | kind::CELLS_EXTENDED => records(network::cells(c, CellWidth::Gsm)?, None),
        kind::CELLS_4G => records(network::cells(c, CellWidth::Lte)?, None),
        kind::CELLS_WIFI => records(network::cells_wifi(c)?, None),
        kind::STATUS => records(text::status(c, now_ms)?, ack()),
        kind::HEARTBEAT => records(text::heartbeat(c, now_ms)?, ack()),
        kind::STRING | kind::STRING_LONG => Ok(Decoded::Message(Message::CommandResponse {
            device: None,
            text: text::response(p.kind, c)?,
            ack: None,
        })),
        kind::TIME_REQUEST => Ok(Decoded::Message(Message::Heartbeat {
            device: None,
            reply: Some(encode::time_reply(serial, now_ms)),
        })),
        kind::ADDRESS_REQUEST => {
            // The fix is read to refuse a damaged request; the device only
            // wants the answer.
            location::gps_only(c)?;
            Ok(Decoded::Message(Message::Heartbeat {
                device: None,
                reply: Some(encode::address_reply(serial)),
            }))
        }
        other => Ok(Decoded::Unsupported(other)),
    }
}

fn records(record: Record, ack: Option<Bytes>) -> Result<Decoded, DecodeError> {
    Ok(Decoded::Message(Message::Records {
        device: None,
        records: vec![record],
        ack,
    }))
}

/// The login's IMEI: 8 bytes of BCD, 16 digits of which the first is a
/// padding zero. Type and time-zone fields after it are not needed.
fn imei(content: &[u8]) -> Result<DeviceId, DecodeError> {
    let bcd = content
        .get(..8)
        .ok_or_else(|| DecodeError::malformed("login shorter than an IMEI"))?;
    let mut digits = String::with_capacity(16);
    for b in bcd {
        for nibble in [b >> 4, b & 0x0F] {
            if nibble > 9 {
                return Err(DecodeError::malformed("IMEI is not BCD"));
            }
            digits.push(char::from(b'0' + nibble));
        }
    }
    let imei = digits.strip_prefix('0').unwrap_or(&digits);
    Ok(DeviceId(imei.to_owned()))
}
