//! PT502 vehicle trackers over TCP.
//!
//! # Supported
//!
//! Text lines, `$<TYPE>,<id>,<RMC fields>,…/<I/O and readings>` and
//! CR LF, and binary photo frames ([`framing`]). No checksum. Every line
//! names its device.
//!
//! - `$POS` reports and the other report types (`$PHO` photo taken,
//!   `$CPA` power cut, `$HDA`, `$HDB`, `$DFR`, `$FDA`…) →
//!   [`Message::Records`] with one record ([`decode`], [`io`]).
//! - `$FUS` firmware details → [`Message::Records`] with one
//!   location-less record ([`FixSource::None`]) dated on arrival.
//!
//! Nothing is answered. A `$PHO` report announces a photo that the
//! server may ask for, chunk by chunk (`#PHD<offset>,<size>`); trackgate
//! stores no images, so it asks for none, and the `$PHD` chunks a device
//! sends unasked are skipped. No downlink is documented publicly, so the
//! gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Lines, and photo frames cut by their length, are skipped, counted and
//! logged when they do not decode: a line that does not start with `$`,
//! whose id or fields do not read ([`DecodeError::Malformed`]), photo
//! data ([`DecodeError::Unsupported`]). An oversize line or frame
//! ([`DecodeError::Oversize`]), or a photo frame whose length cannot hold
//! its prefix, ends the connection.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting lines and photo frames.
//! - [`decode`]: what each line means.
//! - [`io`]: the I/O and readings after the fix.

pub mod decode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use framing::Frame;

/// Per-connection PT502 stream codec.
#[derive(Debug)]
pub struct Pt502Codec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl Pt502Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for Pt502Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(Frame::Line(line)) => decode_line(&line, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&line)),
            Some(Frame::Photo(data)) => {
                Err(DecodeError::Unsupported("photo data: not stored".into()).skip(&data))
            }
            None => Ok(None),
        }
    }
}

/// Decodes one line (without its end); `now_ms` dates location-less
/// records.
pub fn decode_line(line: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let (device, record) = decode::line(line, now_ms)?;
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: None,
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "pt502",
    port: 5017,
    stream: Some(|limits| Box::new(Pt502Codec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "PT502 vehicle trackers",
        vendor: "PT502",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
