//! Turning a checked packet into what it means, by protocol number.
//!
//! - `blocks`: date-time, GPS, cell and Wi-Fi blocks.
//! - `location`: packets with a GPS fix (0x10, 0x12, 0x22, 0x16, 0x26, 0x27, 0xA0).
//! - `network`: packets located by cells or Wi-Fi (0x18, 0x28, 0xA1, 0x2C, 0x69, 0x17).
//! - `text`: status (0x13, 0x23) and text (0x15, 0x21) packets.
//! - `vendor`: vendor locations (0x11, 0x17, 0x1E, 0x24, 0x31, 0x32, 0x34, 0x37, 0x38, 0x61).
//! - `lte`: 4G packets 0xA2–0xA7.
//! - `info`: information transfer (0x94).
//! - `modular`: module lists (0x70, 0x36, 0xF1) and peripherals (0xF2, 0xF3).
//! - `events`: alarms with files (0x95), serial data (0x9B), OBD (0x8C), long 0x32 / 0x33.
//! - `reseller`: reseller layouts chosen by [`Gt06Variant`].

pub(crate) mod blocks;
pub(crate) mod events;
pub(crate) mod info;
pub(crate) mod location;
pub(crate) mod lte;
pub(crate) mod modular;
pub(crate) mod network;
pub(crate) mod reseller;
pub(crate) mod text;
pub(crate) mod vendor;

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::encode;
use super::framing::Packet;
use super::variant::Gt06Variant;
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
    /// GPS and a cell with wide MNC and cell id.
    pub const GPS_WIDE_CELL: u8 = 0x11;
    /// A cell and the status block.
    pub const CELL_STATUS: u8 = 0x19;
    /// GPS and seven cells.
    pub const GPS_CELLS: u8 = 0x1E;
    /// GPS with voltages, or several cells.
    pub const MULTI_LBS: u8 = 0x24;
    /// GPS, cell, ignition and report reason.
    pub const GPS_REASON: u8 = 0x31;
    /// GPS and status (long envelope: location with optional fix).
    pub const GPS_STATUS: u8 = 0x32;
    /// Alarm with optional fix (long envelope).
    pub const ALARM_EXTENDED: u8 = 0x33;
    /// GPS with ports and analog inputs.
    pub const GPS_PORTS: u8 = 0x34;
    /// Status with modules.
    pub const STATUS_MODULES: u8 = 0x36;
    /// GPS, cell and modules.
    pub const GPS_MODULES: u8 = 0x37;
    /// GPS with a vendor tail.
    pub const GPS_VENDOR: u8 = 0x38;
    /// IMEI, GPS and a driver number.
    pub const GPS_DRIVER: u8 = 0x61;
    /// Modular location.
    pub const MODULAR: u8 = 0x70;
    /// OBD readings.
    pub const OBD: u8 = 0x8C;
    /// Information transfer.
    pub const INFO: u8 = 0x94;
    /// Alarm (with video files on dash cameras).
    pub const ALARM_FILES: u8 = 0x95;
    /// Data passed through from a serial peripheral.
    pub const SERIAL_DATA: u8 = 0x9B;
    /// 4G Wi-Fi and cells, or a status location.
    pub const WIFI_4G: u8 = 0xA2;
    /// 4G single geofence.
    pub const FENCE_4G: u8 = 0xA3;
    /// 4G multi-fence alarm.
    pub const FENCE_MULTI_4G: u8 = 0xA4;
    /// 4G cell alarm.
    pub const CELL_ALARM_4G: u8 = 0xA5;
    /// 4G cell address request.
    pub const ADDRESS_4G: u8 = 0xA7;
    /// Tagged status.
    pub const TAGGED_STATUS: u8 = 0xF1;
    /// Peripheral data.
    pub const PERIPHERAL: u8 = 0xF2;
    /// Wi-Fi list.
    pub const WIFI_LIST: u8 = 0xF3;
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

/// Decodes one packet; `now_ms` dates status records and time replies,
/// `variant` picks reseller layouts.
pub fn packet(p: &Packet, now_ms: i64, variant: Gt06Variant) -> Result<Decoded, DecodeError> {
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
    if let Some(record) = reseller::packet(variant, p.kind, c, now_ms) {
        // Locations stay unacknowledged, as in the documented layouts.
        let locations = [kind::GPS_CELL, kind::GPS_CELL_ACC, kind::STATUS_MODULES];
        return records(
            record?,
            if locations.contains(&p.kind) {
                None
            } else {
                ack()
            },
        );
    }
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
        kind::ALARM | kind::ALARM_2 | kind::ALARM_3 => records(location::alarm(c, variant)?, ack()),
        kind::CELLS | kind::CELLS_EXTENDED => records(network::cells(c, CellWidth::Gsm)?, None),
        kind::CELLS_4G => records(network::cells(c, CellWidth::Lte)?, None),
        kind::CELLS_WIFI => records(network::cells_wifi(c)?, None),
        kind::STATUS => records(text::status(c, now_ms)?, ack()),
        kind::HEARTBEAT => records(text::heartbeat(c, now_ms)?, ack()),
        kind::STRING | kind::STRING_LONG => {
            let (flag, text) = text::response(p.kind, c)?;
            if let Some(record) = text::position_answer(&text) {
                return records(record, None);
            }
            Ok(Decoded::Message(Message::CommandResponse {
                answers: Some(flag),
                device: None,
                text,
                ack: None,
            }))
        }
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
        _ => vendor_packet(p, serial, now_ms, variant),
    }
}

/// The vendor protocol numbers. Locations are not acknowledged (as the
/// documented ones); status, alarm and data packets are, in the envelope
/// they came in, except 0x94 information and 0x9B serial data, which the
/// device does not expect an answer to.
fn vendor_packet(
    p: &Packet,
    serial: u16,
    now_ms: i64,
    variant: Gt06Variant,
) -> Result<Decoded, DecodeError> {
    let ack = || Some(encode::ack(p.long, p.kind, serial));
    let c = &p.content[..];
    match p.kind {
        kind::GPS_WIDE_CELL => records(vendor::gps_wide_cell(c)?, None),
        kind::WIFI_CELLS => records(vendor::gps_rfid(c)?, ack()),
        kind::CELL_STATUS => match vendor::cell_status(c, now_ms, variant)? {
            Some(record) => records(record, ack()),
            // Several cells in a layout not read here: alive, answered.
            None => Ok(Decoded::Message(Message::Heartbeat {
                device: None,
                reply: ack(),
            })),
        },
        kind::GPS_CELLS => records(vendor::gps_cells(c)?, None),
        kind::MULTI_LBS => records(vendor::multi_lbs(c)?, None),
        kind::GPS_REASON => records(vendor::gps_reason(c)?, None),
        kind::GPS_STATUS | kind::ALARM_EXTENDED if p.long => {
            records(events::extended(c, p.kind == kind::ALARM_EXTENDED)?, ack())
        }
        kind::GPS_STATUS => records(vendor::gps_status(c)?, ack()),
        kind::GPS_PORTS => records(vendor::gps_ports(c)?, None),
        kind::STATUS_MODULES => records(modular::status_modules(c, now_ms)?, ack()),
        kind::GPS_MODULES => records(vendor::gps_modules(c)?, None),
        kind::GPS_VENDOR => records(vendor::gps_raw(c)?, None),
        kind::GPS_DRIVER => records(vendor::imei_gps_driver(c)?, ack()),
        kind::MODULAR => records(modular::modular(c, now_ms)?, ack()),
        kind::OBD => records(events::obd(c)?, ack()),
        kind::INFO => records(info::info(c, p.long, now_ms)?, None),
        kind::ALARM_FILES => records(events::alarm(c)?, ack()),
        kind::SERIAL_DATA => Ok(Decoded::Message(Message::CommandResponse {
            answers: None,
            device: None,
            text: events::serial_data(c)?,
            ack: None,
        })),
        kind::WIFI_4G => {
            let status = c.len() == lte::STATUS_LOCATION_LEN;
            records(
                lte::wifi_or_status(c, variant)?,
                if status { ack() } else { None },
            )
        }
        kind::FENCE_4G => records(lte::fence_single(c, now_ms, variant)?, ack()),
        kind::FENCE_MULTI_4G => records(lte::fence_multi(c, variant)?, ack()),
        kind::CELL_ALARM_4G => records(lte::cell_alarm(c, now_ms, variant)?, ack()),
        kind::ADDRESS_4G => records(
            lte::address_request(c, now_ms)?,
            Some(encode::address_reply(serial)),
        ),
        kind::TAGGED_STATUS => records(modular::tagged_status(c)?, ack()),
        kind::PERIPHERAL => records(modular::peripheral(c)?, ack()),
        kind::WIFI_LIST => records(modular::wifi_list(c)?, ack()),
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
