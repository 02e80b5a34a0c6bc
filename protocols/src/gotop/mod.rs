//! Gotop (`#`-ended text reports) over TCP.
//!
//! # Supported
//!
//! Reports are `<IMEI>,<type>,<A|V>,DATE:…,TIME:…,LAT:…,LON:…,Speed:…,
//! <status>,<course>,…` ended by `#` ([`framing`]); every report names
//! its device.
//!
//! - A position report (`CMD-T`, `CMD-F`, `CMD-KEY`, `ALM-…`) →
//!   [`Message::Records`] with one record ([`decode`]), its SOS or
//!   geofence alarm and battery level named ([`io`]).
//! - `<IMEI>,CMD-X` → [`Message::Heartbeat`].
//!
//! Nothing is answered: the protocol has no acknowledgement. No downlink
//! is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Reports carry no checksum; the `#` bounds each one. So nothing but an
//! oversize report ([`DecodeError::Oversize`]) ends the connection: a
//! report whose IMEI, time, coordinates, speed or course do not read
//! ([`DecodeError::Malformed`]) is skipped, counted and logged, and the
//! stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting reports.
//! - [`decode`]: what a report means.
//! - [`io`]: named values (alarms, battery level).
//! - [`encode`]: reports as devices write them, for tests.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use decode::Body;

/// Per-connection Gotop stream codec.
#[derive(Debug)]
pub struct GotopCodec {
    limits: Limits,
}

impl GotopCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for GotopCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        loop {
            let Some(report) = framing::cut(buf, self.limits.max_frame_len)? else {
                return Ok(None);
            };
            // A line end between a `#` and the next is not a report.
            if report.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                continue;
            }
            return decode_report(&report)
                .map(Some)
                .map_err(|e| e.skip(&report));
        }
    }
}

/// Decodes one report (without its `#`).
pub fn decode_report(report: &[u8]) -> Result<Message, DecodeError> {
    let (device, body) = decode::report(framing::text(report)?)?;
    let device = Some(device);
    Ok(match body {
        Body::Record(record) => Message::Records {
            device,
            records: vec![record],
            ack: None,
        },
        Body::Heartbeat => Message::Heartbeat {
            device,
            reply: None,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "gotop",
    port: 5050,
    stream: Some(|limits| Box::new(GotopCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Gotop GPS trackers",
        vendor: "Gotop",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
