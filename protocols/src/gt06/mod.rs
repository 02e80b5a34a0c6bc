//! Concox GT06 over TCP.
//!
//! # Supported
//!
//! - Login 0x01 (IMEI in BCD) → [`Message::Login`], accepted with
//!   `78 78 05 01 <serial> <crc> 0D 0A`; no reject bytes (the protocol has
//!   none: an unknown device's connection is simply closed).
//! - GPS fixes 0x10, 0x12, 0x22, 4G 0xA0 → [`Message::Records`] without an
//!   acknowledgement: the GT06 documents say location packets need none
//!   (Traccar acknowledges 0x12/0x22 anyway; the device ignores it).
//! - Alarms 0x16, 0x26, 0x27 → records, acknowledged with the same 10-byte
//!   shape and the packet's own type.
//! - Status 0x13 and heartbeat 0x23 → one location-less record dated on
//!   arrival (so ignition, battery and signal reach the live state),
//!   acknowledged with the packet's type.
//! - Cells 0x18, 0x28, 4G 0xA1; cells + Wi-Fi 0x2C; the unchecked Wi-Fi
//!   packets 0x69 / 0x17 → records with [`FixSource::Lbs`], no coordinates,
//!   every cell and access point kept raw.
//! - Time request 0x8A → [`Message::Heartbeat`] answered with the UTC time.
//! - Address request 0x2A → heartbeat answered with a `79 79` 0x97 packet
//!   saying no address is known (`NA&&NA&&0##`).
//! - Command answers 0x15 / 0x21 → [`Message::CommandResponse`], text
//!   decoded (0x21 in ASCII or UTF-16BE), never acknowledged; `answers` is
//!   the server flag they echo, the serial of the 0x80 command
//!   ([`commands`]) they answer.
//! - Vendor locations 0x11, 0x1E, 0x24, 0x31, 0x34, 0x37, 0x38 → records,
//!   unacknowledged like the documented locations.
//! - Vendor status and alarm packets → records, acknowledged with their own
//!   type in the envelope they came in: 0x17 with a CRC (GPS and a driver
//!   id; without one it is the Wi-Fi packet above), 0x19 (cell and
//!   status), 0x32 (short envelope: GPS and status; long: location with
//!   optional fix, cells and access points), 0x33 (long: alarm), 0x36
//!   (status with modules), 0x61 (IMEI, GPS and driver number), 0x70
//!   (modular location), 0x8C (OBD), 0x95 (alarms, with dash-camera video
//!   file names), 0xF1 (tagged status), 0xF2 (peripheral), 0xF3 (access
//!   points), and the 4G 0xA2 status location, 0xA3, 0xA4, 0xA5.
//! - 4G Wi-Fi and cells 0xA2 → an unacknowledged network record; the 4G
//!   address request 0xA7 → a network record answered like 0x2A.
//! - Information 0x94 (external voltage, door, ICCID, network, fuel sensor,
//!   peripheral text, temperature and humidity) → a location-less record,
//!   not answered.
//! - Serial peripheral data 0x9B → [`Message::CommandResponse`] (text, or
//!   hex when not printable), not answered.
//! - A 0x21 answer to a position query (`Current position!Lat:…`) → a
//!   record at that position.
//! - Any other well-formed, CRC-checked type (0x1F, 0x35, 0x66, 0x81, 0x84,
//!   0xFD in the corpus) → [`Message::Heartbeat`] with no reply: the device
//!   is alive, but the content is not read. So is a 0x19 that is not the
//!   13-byte cell-and-status form, answered with the 10-byte ack.
//!
//! Fields a vendor packet carries beyond those named are kept raw (by
//! field name, or as `extra`). Named values use the [`crate::sensor`]
//! names: `board_voltage`, `battery_voltage`, `ext_temp_sensor_1`,
//! `ble_temp_sensor_<n>`, `humidity`, `engine_hours`, `hardware_key` (driver
//! ids), `iccid`, `door`, `obd_*`, battery level, ignition, alarms.
//!
//! # Reseller layouts
//!
//! Many resellers reuse documented protocol numbers with their own
//! layouts, and nothing in the packet says which. The codec reads the
//! documented layout unless built with another [`Gt06Variant`]
//! ([`Gt06Codec::with_variant`], typically from
//! [`Gt06Variant::from_model`] with the tracker's configured model); each
//! variant's documentation lists the protocol numbers it changes.

//! # Rejected, and why
//!
//! Every packet's CRC-16/X-25 is verified. The stream resynchronises on the
//! next `78 78` / `79 79`, so a damaged packet is skipped
//! ([`DecodeError::Skipped`]: the session counts and logs it and reads on)
//! instead of closing the connection; the device repeats a login or alarm
//! it sees no answer to. Packets whose content does not parse are skipped
//! the same way. The exception is the 0x69 / 0x17 Wi-Fi form that carries
//! no CRC at all: it is accepted only when its structure accounts for every
//! byte.
//!
//! Packets before the login are skipped too
//! ([`DecodeError::BeforeLogin`]): the device logs in first and the records
//! would have no owner.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets out of the stream and checking CRCs.
//! - [`decode`]: what each protocol number means.
//! - [`io`]: named values for status fields.
//! - [`encode`]: replies, and packets for simulators and tests.
//! - [`commands`]: commands to devices (0x80).
//! - [`variant`]: the reseller layouts and the models that use them.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
pub mod simulate;
pub mod variant;
use crate::reader;

pub use commands::Gt06Commands;
pub use variant::Gt06Variant;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;

use decode::Decoded;

/// Per-connection GT06 codec.
#[derive(Debug)]
pub struct Gt06Codec {
    limits: Limits,
    /// The IMEI, once the device has logged in.
    device: Option<DeviceId>,
    /// The clock that dates status records and answers time requests.
    clock: fn() -> i64,
    /// The reseller layout packets are read with.
    variant: Gt06Variant,
}

impl Gt06Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, crate::datetime::system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: fn() -> i64) -> Self {
        Self {
            limits,
            device: None,
            clock,
            variant: Gt06Variant::Standard,
        }
    }

    /// The same codec reading reseller-specific packets with `variant`'s
    /// layout (for example from [`Gt06Variant::from_model`]).
    pub fn with_variant(mut self, variant: Gt06Variant) -> Self {
        self.variant = variant;
        self
    }

    /// The layout reseller-specific packets are read with.
    pub fn variant(&self) -> Gt06Variant {
        self.variant
    }

    /// The IMEI the device logged in with, if it has.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }

    fn handle(&mut self, frame: &[u8]) -> Result<Message, DecodeError> {
        let packet = framing::parse(frame, decode::UNCHECKED_KINDS)?;
        if self.device.is_none() && packet.kind != decode::kind::LOGIN {
            return Err(DecodeError::BeforeLogin);
        }
        let decoded = decode::packet(&packet, (self.clock)(), self.variant)?;
        if let Decoded::Login(device, ack) = decoded {
            self.device = Some(device.clone());
            return Ok(Message::Login {
                device,
                accept: Some(ack),
                reject: None,
            });
        }
        Ok(match decoded {
            Decoded::Message(message) => message,
            Decoded::Login(..) | Decoded::Unsupported(_) => Message::Heartbeat {
                device: None,
                reply: None,
            },
        })
    }
}

impl DeviceCodec for Gt06Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len) {
            // The markers delimit every packet: a bad one is skipped whole.
            Some(frame) => self.handle(&frame).map(Some).map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }

    /// Reads reseller packets with the layout of the device's model
    /// ([`Gt06Variant::from_model`]); an unknown model keeps the documented one.
    fn configure(&mut self, model: &str) {
        self.variant = Gt06Variant::from_model(model);
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "gt06",
    port: 5023,
    stream: Some(|limits| Box::new(Gt06Codec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::Gt06Commands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "Concox GT06 family",
        vendor: "Concox",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
