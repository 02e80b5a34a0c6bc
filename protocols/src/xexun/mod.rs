//! Xexun (TK102 / TK103 and their "full" TK102-2 form) over TCP.
//!
//! # Supported
//!
//! - The simple form `GPRMC,…*cs,<F|L>,[<alert>],imei:<digits>,` and the
//!   full form `<yymmddhhmmss>,<phone>,GPRMC,…, imei:<digits>,<sats>,<alt>,
//!   <battery>,<charging>,<length>,<crc>,<mcc>,<mnc>,<lac>,<cid>[,<km>]`,
//!   told apart per report by how it starts ([`framing`]). Both are
//!   decoded by one codec, so no per-port setting picks the form: a
//!   report → [`Message::Records`] with one GNSS record ([`decode`]).
//!   Any talker (`GPRMC`, `GNRMC`, …) is accepted.
//! - A full-form line with no RMC sentence that names its IMEI (a status
//!   line) → [`Message::Heartbeat`] with the device and no reply.
//! - Named values ([`io`]): alarms from the alert text (`help me!` → sos,
//!   …), ignition from `ACC on/off` alerts, battery voltage, analog inputs,
//!   charging, odometer; every field is also kept raw.
//! - Replies: none. Xexun devices expect no answer ([`encode`] writes
//!   reports for simulators).
//!
//! Every report names its IMEI, so there is no login: every message
//! carries `device: Some(..)`.
//!
//! # Rejected, and why
//!
//! - The NMEA `*cs` checksum is **not verified**. Devices append their own
//!   fields around a sentence they do not always checksum faithfully, and
//!   several of the corpus's reports carry a checksum that does not
//!   match. A wrong checksum is therefore accepted; the fields themselves
//!   are still range-checked.
//! - A report without an IMEI, with an RMC status other than `A`/`V`, or
//!   with unparseable coordinates, speed or course is
//!   [`DecodeError::Malformed`]; the report is skipped
//!   ([`DecodeError::Skipped`]) and the stream goes on.
//! - A sentence without a usable time/date (`.000` and an empty date) is
//!   kept: its record is stamped with the server's clock and marked not
//!   valid.
//! - An empty hemisphere letter is taken as N / E.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting simple and full reports from the stream.
//! - [`decode`]: the sentence and the report's shape; [`io`]: the fields
//!   around it as raw and named values.
//! - [`encode`]: reports for simulators.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;

/// Per-connection Xexun stream codec.
#[derive(Debug)]
pub struct XexunCodec {
    limits: Limits,
    clock: Clock,
}

impl XexunCodec {
    /// A codec for one new connection, on the system clock.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for XexunCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        let bytes = match &frame {
            framing::Frame::Simple(b) | framing::Frame::Full(b) => b,
        };
        // Reports are delimited: a bad one is skipped whole.
        decode::decode(bytes, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(bytes))
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "xexun",
    port: 5006,
    stream: Some(|limits| Box::new(XexunCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Xexun TK102/TK103",
        vendor: "Xexun",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
