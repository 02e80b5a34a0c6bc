//! Xexun3 (Xexun's `FC … CF` protocol, version 3) over TCP.
//!
//! # Supported
//!
//! - Framing ([`framing`]): `FC` + length + body + CRC-16/CCITT-FALSE +
//!   `CF`, cut by the length before the body arrives.
//! - Data messages (type `0x20`, [`decode`]) → [`Message::Records`] with
//!   one record folding the GNSS, Wi-Fi, cell, alarm and status items.
//!   Without a GNSS item the record has no location
//!   ([`FixSource::None`](crate::FixSource::None)). Named values: battery
//!   level, moving, charging (`external_power_state`), steps, temperature,
//!   alarms, ICCID. A data message with no item carrying a time →
//!   [`Message::Heartbeat`].
//! - Command answers (type `0x21`) → [`Message::CommandResponse`], data
//!   hex-encoded; every other type → [`Message::Heartbeat`].
//! - Replies ([`encode::ack`]): every message, command answers included,
//!   is answered `FC 00 0C 03 type index IMEI 00 CRC CF`, the CRC over
//!   bytes 3..=14. (Later Traccar versions stop answering `0x21`; the
//!   corpus's table answers every message, and so does this codec.)
//!
//! Every header carries the IMEI, so there is no login and every message
//! names its device.
//!
//! # Rejected, and why
//!
//! - The CRC is verified: a mismatch is [`DecodeError::Checksum`].
//! - A frame not starting with `FC` or not ending with `CF`, or an item
//!   longer than the body, is [`DecodeError::Malformed`]; the stream has no
//!   way to resynchronise, so the connection ends.
//! - The GNSS item's two one-byte fields after the altitude are read as
//!   satellites, then a signal value (kept raw): the layout with which a
//!   corpus report's course and accuracy come out right.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting and checking frames, the header.
//! - [`decode`]: the data items and their named values.
//! - [`encode`]: the acknowledgement and frames for simulators.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

pub use commands::Xexun3Commands;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

/// Message type of data (positions and status).
pub const DATA: u8 = 0x20;
/// Message type of the device's answers to commands.
pub const COMMAND: u8 = 0x21;

/// Decodes one whole frame.
pub fn decode_frame(frame: &[u8]) -> Result<Message, DecodeError> {
    let (header, data) = framing::parse(frame)?;
    let device = Some(DeviceId(header.imei_digits()));
    let ack = Some(encode::ack(&header));
    Ok(match header.kind {
        DATA => match decode::data(data)? {
            Some(record) => Message::Records {
                device,
                records: vec![record],
                ack,
            },
            None => Message::Heartbeat { device, reply: ack },
        },
        COMMAND => Message::CommandResponse {
            answers: None,
            device,
            text: data.iter().map(|b| format!("{b:02x}")).collect(),
            ack,
        },
        _ => Message::Heartbeat { device, reply: ack },
    })
}

/// Per-connection Xexun3 stream codec.
#[derive(Debug)]
pub struct Xexun3Codec {
    limits: Limits,
}

impl Xexun3Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for Xexun3Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            // Only the length finds a frame's end: without its `CF` the
            // stream's position is lost. With it, a bad frame is skipped whole.
            Some(frame) if frame.last() != Some(&framing::END) => Err(DecodeError::malformed(
                "frame does not end with CF where its length says",
            )),
            Some(frame) => decode_frame(&frame).map(Some).map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "xexun3",
    port: 5264,
    stream: Some(|limits| Box::new(Xexun3Codec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::Xexun3Commands),
    simulator: None,
    model: crate::spec::Model {
        title: "Xexun (protocol 3)",
        vendor: "Xexun",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
