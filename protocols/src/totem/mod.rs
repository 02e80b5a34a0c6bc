//! Totem (AT07, AT09 and kin) over TCP.
//!
//! # Supported
//!
//! Messages start `$$` with their length, in two forms ([`framing`]): the
//! long form (`$$0LLL`, four decimal digits) ends with an XOR checksum,
//! the short form (`$$LL`, two hex digits) with a CRC-16/MODBUS; both are
//! verified. Every message names its device.
//!
//! - Long-form reports (fixed-width or comma-separated data) →
//!   [`Message::Records`] with one record ([`decode`]), answered
//!   `$$0014AA` + the four characters before the message's checksum + the
//!   XOR of the answer ([`encode::long_reply`]) once stored.
//! - A long-form message without data → [`Message::Heartbeat`], answered
//!   the same way.
//! - Short-form reports (`$GPRMC`, `|`-separated or fixed-width data) →
//!   [`Message::Records`] with one record, answered `ACK OK` CR LF
//!   ([`encode::ACK_OK`]) once stored.
//! - A report whose date is all zeros → a location-less record
//!   ([`FixSource::None`]) dated on arrival, its data kept raw, answered
//!   as its form is.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Bytes before a `$$` are skipped and counted, and the stream goes on at
//! the `$$`. Only the length bounds a message, so a length that is not
//! digits or too short, a message over the frame limit
//! ([`DecodeError::Oversize`]) and a checksum that does not match
//! ([`DecodeError::Checksum`]: the length may be what is wrong) close the
//! connection. A message whose checksum holds but whose fields do not
//! decode ([`DecodeError::Malformed`]) is skipped, counted and logged, and
//! the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages by their length, the checksums.
//! - [`decode`]: what each data layout means.
//! - [`encode`]: the answers, and whole messages for tests.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;
use framing::Form;

/// Per-connection Totem stream codec.
#[derive(Debug)]
pub struct TotemCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl TotemCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for TotemCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(message) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        // A checksum that fails leaves the length in doubt: not skipped.
        let (form, body) = framing::check(&message)?;
        decode_message(form, body, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&message))
    }
}

/// Decodes one checked message's text (without its checksum); `now_ms`
/// dates location-less records.
pub fn decode_message(form: Form, body: &str, now_ms: i64) -> Result<Message, DecodeError> {
    let (device, decoded) = decode::message(form, body, now_ms)?;
    let device = Some(device);
    let answer = match form {
        Form::Long => encode::long_reply(body),
        Form::Short => encode::ack_ok(),
    };
    Ok(match decoded {
        Body::KeepAlive => Message::Heartbeat {
            device,
            reply: Some(answer),
        },
        Body::Report(record) => Message::Records {
            device,
            records: vec![record],
            ack: Some(answer),
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "totem",
    port: 5007,
    stream: Some(|limits| Box::new(TotemCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Totem AT07 / AT09 family",
        vendor: "Totem",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
