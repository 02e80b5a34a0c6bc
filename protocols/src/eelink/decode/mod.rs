//! Turning a packet into what it means, by packet type.
//!
//! - `legacy`: the first protocol generation: GPS 0x02, alarm 0x04,
//!   state 0x05, heartbeat 0x03 and OBD 0x07.
//! - `location`: the second generation's location 0x12, warning 0x14 and
//!   report 0x15 packets.
//! - `text`: instruction answers 0x80 (some carry a position as text)
//!   and broadcast data 0x81.

pub(crate) mod legacy;
pub(crate) mod location;
pub(crate) mod text;

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::record::{FixSource, Record};

use super::framing::Packet;

/// Packet types.
pub mod kind {
    /// Login with the IMEI.
    pub const LOGIN: u8 = 0x01;
    /// First-generation GPS fix; never answered.
    pub const GPS: u8 = 0x02;
    /// Heartbeat, optionally with the status word.
    pub const HEARTBEAT: u8 = 0x03;
    /// First-generation alarm.
    pub const ALARM: u8 = 0x04;
    /// First-generation state change.
    pub const STATE: u8 = 0x05;
    /// An SMS the device forwards.
    pub const SMS: u8 = 0x06;
    /// OBD readings (or, 4 bytes long, the status word).
    pub const OBD: u8 = 0x07;
    /// Second-generation location.
    pub const LOCATION: u8 = 0x12;
    /// Second-generation warning (alarm).
    pub const WARNING: u8 = 0x14;
    /// Second-generation report.
    pub const REPORT: u8 = 0x15;
    /// The device's answer to an instruction.
    pub const INSTRUCTION: u8 = 0x80;
    /// Broadcast data; never answered.
    pub const DATA: u8 = 0x81;
}

/// What a packet means, before the codec attaches identity and reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A login with the device's IMEI.
    Login(DeviceId),
    /// Telemetry.
    Records(Vec<Record>),
    /// The device is alive; nothing else is read.
    Heartbeat,
    /// Broadcast text the device sent.
    Text(String),
    /// The device's answer to the instruction sent with server flag `flag`.
    Answer {
        /// The server flag of the instruction answered.
        flag: u32,
        /// The answer's text.
        text: String,
    },
}

/// Decodes a packet's content. `now_ms` dates records that carry no time
/// of their own (heartbeat and OBD status words).
pub fn packet(packet: &Packet, now_ms: i64) -> Result<Body, DecodeError> {
    let content = &packet.content[..];
    Ok(match packet.kind {
        kind::LOGIN => {
            Body::Login(imei(content.get(..8).ok_or_else(|| {
                DecodeError::malformed("login shorter than its 8-byte IMEI")
            })?)?)
        }
        kind::GPS | kind::ALARM | kind::STATE => {
            Body::Records(vec![legacy::position(packet.kind, content)?])
        }
        kind::HEARTBEAT => match legacy::heartbeat(content, now_ms)? {
            Some(record) => Body::Records(vec![record]),
            None => Body::Heartbeat,
        },
        kind::OBD => Body::Records(vec![legacy::obd(content, now_ms)?]),
        kind::LOCATION | kind::WARNING | kind::REPORT => {
            Body::Records(vec![location::record(packet.kind, content)?])
        }
        kind::INSTRUCTION => text::instruction(content)?,
        kind::DATA => Body::Text(text::printable(content)),
        _ => Body::Heartbeat,
    })
}

/// The IMEI from 8 BCD bytes (16 digits; the leading pad zero dropped).
pub fn imei(bcd: &[u8]) -> Result<DeviceId, DecodeError> {
    let mut digits = String::with_capacity(bcd.len() * 2);
    for nibble in bcd.iter().flat_map(|b| [b >> 4, b & 0x0F]) {
        if nibble > 9 {
            return Err(DecodeError::malformed(format!(
                "IMEI {bcd:02x?} is not BCD"
            )));
        }
        digits.push(char::from(b'0' + nibble));
    }
    let trimmed = match digits.strip_prefix('0') {
        Some(rest) if digits.len() == 16 => rest.to_owned(),
        _ => digits,
    };
    Ok(DeviceId(trimmed))
}

/// A record with no location, dated `time_ms`.
pub(crate) fn without_fix(time_ms: i64) -> Record {
    let mut record = Record::at(time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

/// Degrees from the devices' 1/1,800,000-degree units (1/30000 minute).
pub(crate) fn degrees(raw: i32) -> f64 {
    f64::from(raw) / 1_800_000.0
}
