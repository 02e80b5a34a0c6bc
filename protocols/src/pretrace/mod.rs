//! Pretrace (TC- series) over TCP.
//!
//! # Supported
//!
//! Reports are `(<IMEI><type><fix><date><time><lat><lon><speed><course>
//! <status>,<extras>^XX)`, each ended by `)` ([`framing`]); the `^XX`
//! checksum follows no rule trackgate can reproduce and is not verified.
//! Every report names its device.
//!
//! - A report → [`Message::Records`] with one record ([`decode`]), not
//!   answered (the devices expect no answer).
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! The `)` bounds each report, so nothing but an oversize report
//! ([`DecodeError::Oversize`]) ends the connection: one that is not
//! `(…^XX` or whose fields do not read ([`DecodeError::Malformed`]) is
//! skipped, counted and logged, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting reports.
//! - [`decode`]: what a report means.

pub mod decode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection Pretrace stream codec.
#[derive(Debug)]
pub struct PretraceCodec {
    limits: Limits,
}

impl PretraceCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for PretraceCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        loop {
            let Some(report) = framing::cut(buf, self.limits.max_frame_len)? else {
                return Ok(None);
            };
            // Line ends between one `)` and the next are not a report.
            if report.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                continue;
            }
            return decode_report(&report)
                .map(Some)
                .map_err(|e| e.skip(&report));
        }
    }
}

/// Decodes one report (without its `)`).
pub fn decode_report(report: &[u8]) -> Result<Message, DecodeError> {
    let (device, record) = decode::report(framing::body(report)?)?;
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: None,
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "pretrace",
    port: 5133,
    stream: Some(|limits| Box::new(PretraceCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Pretrace TC series",
        vendor: "Pretrace",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
