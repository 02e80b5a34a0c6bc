//! Laipac (S911 Lola and kin) over TCP.
//!
//! # Supported
//!
//! One sentence a line, `$<type>,<id>,<fields…>*XX` and CR LF, the NMEA
//! checksum verified ([`framing`]). Every sentence names its device.
//!
//! - `$AVRMC` report → [`Message::Records`] with one record ([`decode`]).
//!   A lower-case status letter asks for a confirmation,
//!   `$EAVACK,<event>,<the report's checksum>*XX` ([`encode::eavack`]);
//!   events `3`, `M`, `S`, `T`, `X`, `4`, `Y`, `Z` ask for a configuration
//!   answer, `$AVCFG,00000000,<letter>*XX` ([`encode::avcfg`]). Either or
//!   both are the ack, written once the record is stored; other reports
//!   are not answered.
//! - `$AVSYS` / `$EAVSYS` system details → [`Message::Records`] with one
//!   location-less record ([`FixSource::None`]) dated on arrival, the
//!   details kept raw; not answered.
//! - `$ECHK` → [`Message::Heartbeat`], answered with the sentence itself.
//!
//! No downlink is documented publicly, so the gateway sends no commands
//! (the spec has no command encoder).
//!
//! # Rejected, and why
//!
//! Lines prove their own boundaries, so nothing but an oversize line ends
//! the connection ([`DecodeError::Oversize`]): a line that is not
//! `$…*XX`, whose checksum does not match ([`DecodeError::Checksum`]),
//! whose fields do not decode ([`DecodeError::Malformed`]) or of another
//! sentence type ([`DecodeError::Unsupported`]) is skipped, counted and
//! logged, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting lines, the checksum.
//! - [`decode`]: what each sentence means.
//! - [`io`]: named values (the battery voltage).
//! - [`encode`]: the answers.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;

/// Per-connection Laipac stream codec.
#[derive(Debug)]
pub struct LaipacCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl LaipacCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for LaipacCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(line) => decode_line(&line, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&line)),
            None => Ok(None),
        }
    }
}

/// Checks and decodes one line (without its end); `now_ms` dates
/// location-less records.
pub fn decode_line(line: &Bytes, now_ms: i64) -> Result<Message, DecodeError> {
    let sentence = framing::check(line)?;
    let (device, body) = decode::body(sentence.body, now_ms)?;
    let device = Some(device);
    Ok(match body {
        Body::Report {
            record,
            status,
            event,
        } => {
            let mut ack = Vec::new();
            if status.is_ascii_lowercase() {
                ack.extend_from_slice(&encode::eavack(&event, sentence.checksum));
            }
            if let Some(answer) = encode::avcfg(&event) {
                ack.extend_from_slice(&answer);
            }
            Message::Records {
                device,
                records: vec![record],
                ack: (!ack.is_empty()).then(|| Bytes::from(ack)),
            }
        }
        Body::System(record) => Message::Records {
            device,
            records: vec![record],
            ack: None,
        },
        Body::Check => Message::Heartbeat {
            device,
            reply: Some(encode::echk(line)),
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "laipac",
    port: 5048,
    stream: Some(|limits| Box::new(LaipacCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Laipac S911 / Lola family",
        vendor: "Laipac",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Custom,
    },
});
