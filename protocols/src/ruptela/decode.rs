//! What each Ruptela command means.
//!
//! Records (command 1) and extended records (command 68) share one layout
//! but for the width of the event id and of every IO id, and one extra
//! header byte:
//!
//! ```text
//! records left (1) | count (1) | count × record
//! record: time (4, Unix s) | time extension (1) | [record extension (1), 68 only]
//!   | priority (1) | longitude (4, signed, 1e-7°) | latitude (4, signed, 1e-7°)
//!   | altitude (2, signed, 0.1 m) | angle (2, 0.01°) | satellites (1)
//!   | speed (2, km/h) | HDOP (1, 0.1) | event id (1; 2 in 68)
//!   | then four IO groups of 1-, 2-, 4- and 8-byte values:
//!     count (1) | count × (IO id (1; 2 in 68) | value)
//! ```
//!
//! DTCs (command 9): a count (1), then per code a reserved byte, time (4),
//! longitude (4), latitude (4), a state byte and the 5-character code.

use crate::codec::DecodeError;
use crate::message::Message;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::encode;
use super::framing::Packet;
use super::io;

/// Command numbers a device sends.
pub mod command {
    /// Records.
    pub const RECORDS: u8 = 1;
    /// The answer to a command sent as SMS text over GPRS.
    pub const TEXT_ANSWER: u8 = 7;
    /// Diagnostic trouble codes.
    pub const DTCS: u8 = 9;
    /// Identification: firmware and modem details.
    pub const IDENTIFICATION: u8 = 15;
    /// Keep-alive.
    pub const HEARTBEAT: u8 = 16;
    /// A part of a file the server asked for.
    pub const FILES: u8 = 37;
    /// Extended records: 2-byte event and IO ids.
    pub const EXTENDED_RECORDS: u8 = 68;
}

/// The IO element key under which a record's priority is kept.
pub const PRIORITY: &str = "priority";
/// The IO element key under which a DTC record's code is kept.
pub const DTC: &str = "dtc";
/// The IO element key under which a DTC record's state byte is kept.
pub const DTC_STATE: &str = "dtc_state";
/// The longitude and latitude a record carries when it has no fix.
const NO_FIX: i32 = i32::MIN;

/// Decodes a CRC-checked packet.
pub fn packet(packet: &Packet) -> Result<Message, DecodeError> {
    let device = packet.device();
    Ok(match packet.command {
        command::RECORDS | command::EXTENDED_RECORDS => Message::Records {
            device: Some(device),
            records: records(&packet.data, packet.command == command::EXTENDED_RECORDS)?,
            ack: Some(encode::ack(packet.command)),
        },
        command::DTCS => Message::Records {
            device: Some(device),
            records: dtcs(&packet.data)?,
            ack: Some(encode::ack(packet.command)),
        },
        command::IDENTIFICATION => Message::Login {
            device,
            accept: Some(encode::ack(packet.command)),
            reject: None,
        },
        command::HEARTBEAT => Message::Heartbeat {
            device: Some(device),
            reply: Some(encode::ack(packet.command)),
        },
        command::TEXT_ANSWER => Message::CommandResponse {
            answers: None,
            device: Some(device),
            text: String::from_utf8_lossy(&packet.data)
                .trim_end_matches(['\0', '\r', '\n'])
                .to_owned(),
            ack: None,
        },
        _ => Message::Heartbeat {
            device: Some(device),
            reply: None,
        },
    })
}

/// The records of a command 1 (`extended == false`) or 68 packet.
pub fn records(data: &[u8], extended: bool) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(data);
    let _records_left = r.u8("records left")?;
    let count = r.u8("record count")?;
    let mut out = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        out.push(record(&mut r, extended)?);
    }
    r.finish("records")?;
    Ok(out)
}

fn record(r: &mut Reader<'_>, extended: bool) -> Result<Record, DecodeError> {
    let time = i64::from(r.u32("time")?);
    let _time_extension = r.u8("time extension")?;
    if extended {
        let _record_extension = r.u8("record extension")?;
    }
    let priority = r.u8("priority")?;
    let longitude = r.u32("longitude")? as i32;
    let latitude = r.u32("latitude")? as i32;
    let altitude = r.u16("altitude")? as i16;
    let angle = r.u16("angle")?;
    let satellites = r.u8("satellites")?;
    let speed = r.u16("speed")?;
    let hdop = r.u8("hdop")?;
    let event = if extended {
        u32::from(r.u16("event id")?)
    } else {
        u32::from(r.u8("event id")?)
    };
    let mut io = vec![IoElement {
        key: IoKey::Name(PRIORITY.into()),
        value: IoValue::Uint {
            value: u64::from(priority),
            width: 1,
        },
    }];
    for width in [1u8, 2, 4, 8] {
        let count = r.u8("IO count")?;
        for _ in 0..count {
            let id = if extended {
                r.u16("IO id")?
            } else {
                u16::from(r.u8("IO id")?)
            };
            let value = r.uint(usize::from(width), "IO value")?;
            io.push(IoElement {
                key: IoKey::Id(id),
                value: IoValue::Uint { value, width },
            });
        }
    }
    let mut record = located(time, longitude, latitude);
    if record.source == FixSource::Gnss {
        record.altitude_m = f64::from(altitude) / 10.0;
        record.course_deg = f64::from(angle) / 100.0;
        record.speed_kmh = f64::from(speed);
        record.valid = satellites > 0;
    }
    record.satellites = Some(satellites);
    record.hdop = Some(f64::from(hdop) / 10.0);
    record.event = Some(event);
    record.values = io::named_values(&io);
    record.io = io;
    Ok(record)
}

/// A record at `time` (Unix seconds) and the given coordinates (1e-7°);
/// coordinates outside WGS-84 (the device's no-fix marker among them)
/// give a record without a location.
fn located(time: i64, longitude: i32, latitude: i32) -> Record {
    let (lon, lat) = (f64::from(longitude) / 1e7, f64::from(latitude) / 1e7);
    let valid = longitude != NO_FIX
        && latitude != NO_FIX
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat);
    if valid {
        Record::at(time * 1000, lat, lon)
    } else {
        let mut record = Record::at(time * 1000, 0.0, 0.0);
        record.valid = false;
        record.source = FixSource::None;
        record
    }
}

/// The trouble codes of a command 9 packet, one record each.
pub fn dtcs(data: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(data);
    let count = r.u8("DTC count")?;
    let mut out = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let _reserved = r.u8("DTC reserved byte")?;
        let time = i64::from(r.u32("DTC time")?);
        let longitude = r.u32("DTC longitude")? as i32;
        let latitude = r.u32("DTC latitude")? as i32;
        let state = r.u8("DTC state")?;
        let code = r.bytes(5, "DTC code")?;
        let mut record = located(time, longitude, latitude);
        record.io = vec![
            IoElement {
                key: IoKey::Name(DTC_STATE.into()),
                value: IoValue::Uint {
                    value: u64::from(state),
                    width: 1,
                },
            },
            IoElement {
                key: IoKey::Name(DTC.into()),
                value: IoValue::Text(String::from_utf8_lossy(code).into_owned()),
            },
        ];
        out.push(record);
    }
    r.finish("DTCs")?;
    Ok(out)
}
