//! Queclink @Track (GL200, GL300, GV300, GV500, GL500, CV100 and the rest of
//! the family) over TCP and UDP.
//!
//! # Supported
//!
//! - ASCII sentences ([`text`]), `+RESP:`/`+BUFF:` reports of every type:
//!   each position block → one record of a [`Message::Records`] (a `GTFRI`
//!   may carry several), a report without one → one record without a
//!   location; attributes on the last record ([`text::attributes`]).
//!   `+ACK:GTHBD` → [`Message::Heartbeat`]; other `+ACK:` and `+NACK:`
//!   answers → [`Message::CommandResponse`] with the sentence's text.
//! - The HEX form ([`binary`]): `+RSP`/`+BSP` locations (the compressed
//!   batch too), `+EVT`/`+BVT` events, `+INF`/`+BNF` information, `+ACK`
//!   command answers (hex-encoded); `+HBD`, `+CRD`, `+BRD`, `+LGN`, `+DAT`
//!   and `+CAN` are cut and consumed as a [`Message::Heartbeat`] without
//!   decoding.
//! - Protocol Pro ([`pro`]): reports (locations, ignition, mileage) and
//!   heartbeats.
//! - Replies ([`encode`]): `+SACK:GTHBD,<version>,<count>$` to a heartbeat;
//!   `+SACK:<count>$` to every `+RESP`/`+BUFF` report, echoing its count.
//!   The binary forms get no reply.
//! - Commands ([`commands`]): text as given, `AT+GTOUT` for outputs and
//!   the engine, `AT+GTRTO` for a position; `+ACK` answers name the serial
//!   of the command they answer.
//! - UDP ([`Gl200Datagram`]): one frame per datagram, the same replies.
//!
//! Every frame names its device (IMEI; a HEX frame may carry a device name
//! instead, and is then attributed to the device seen earlier on the
//! connection). There is no login.
//!
//! # Acknowledgements
//!
//! A device in SACK mode resends a report until it gets `+SACK:<count>$`;
//! one not in that mode ignores it. The acknowledgement is therefore always
//! returned, and since it is the message's `ack`, the session writes it
//! only once the report's records are durably stored: a device never
//! deletes a report the gateway might lose, and a lost `+SACK` costs one
//! duplicate. The count is echoed verbatim; a sentence whose last field is
//! not four hex digits (a truncated one) gets no acknowledgement rather
//! than a wrong one.
//!
//! # Rejected, and why
//!
//! HEX frames carry a CRC-16/CCITT-FALSE and Protocol Pro frames a CRC-8:
//! both are verified, and a mismatch is [`DecodeError::Checksum`]. The
//! ASCII form has no checksum. A sentence that names no device, or whose
//! header is not `+XXX:`, is malformed.
//! A HEX location whose fields run past its end is malformed too.
//!
//! Model-dependent fields are read only where their position is settled
//! (see [`text::attributes`]); CAN-bus (`GTCAN`) and OBD (`GTOBD`) vehicle
//! fields are kept raw, not named, since their masks select fields per
//! model and firmware.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting ASCII, HEX and Protocol Pro frames from the stream.
//! - [`text`]: sentences and replies; [`text::position`]: position blocks;
//!   [`text::attributes`]: the fields around them.
//! - [`binary`]: the HEX form; [`pro`]: Protocol Pro.
//! - [`io`]: named values; [`encode`]: replies and sentences for simulators.

pub mod binary;
pub mod commands;
pub mod encode;
pub mod framing;
pub mod io;
pub mod pro;
pub mod simulate;
pub mod text;

pub use commands::Gl200Commands;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

use framing::Frame;

/// Decodes one frame as [`framing`] cut it.
pub fn decode_frame(frame: &Frame) -> Result<Message, DecodeError> {
    match frame {
        Frame::Text(bytes) => text::decode(bytes),
        Frame::Binary(bytes) => binary::decode(bytes),
        Frame::Pro(bytes) => pro::decode(bytes),
    }
}

/// Per-connection Queclink stream codec.
#[derive(Debug)]
pub struct Gl200Codec {
    limits: Limits,
    /// The device the connection last named, for frames that carry a name only.
    device: Option<DeviceId>,
}

impl Gl200Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            device: None,
        }
    }
}

impl DeviceCodec for Gl200Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        // The framer found the frame's end: a bad one is skipped whole.
        let mut message = decode_frame(&frame).map_err(|e| e.skip(frame.bytes()))?;
        match device_mut(&mut message) {
            Some(Some(device)) => self.device = Some(device.clone()),
            Some(named) => *named = self.device.clone(),
            None => {}
        }
        Ok(Some(message))
    }
}

/// The device a message names, for filling in or remembering (Queclink
/// has no login message, so the `Login` arm is never taken).
fn device_mut(message: &mut Message) -> Option<&mut Option<DeviceId>> {
    match message {
        Message::Login { .. } => None,
        Message::Records { device, .. }
        | Message::Heartbeat { device, .. }
        | Message::CommandResponse { device, .. } => Some(device),
    }
}

/// The Queclink datagram codec: each datagram is one frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gl200Datagram;

impl DatagramCodec for Gl200Datagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let frame = match datagram {
            [b'+' | b'-', 0x00 | 0x10, ..] => Frame::Pro(datagram.to_vec().into()),
            _ => {
                let mut buf = BytesMut::from(datagram);
                // A sentence may come without its `$`: the datagram ends it.
                if !datagram.contains(&b'$') && !datagram.contains(&0) {
                    let end = datagram
                        .iter()
                        .rposition(|&b| b != b'\r' && b != b'\n')
                        .map_or(0, |i| i + 1);
                    buf.truncate(end);
                    buf.extend_from_slice(b"$");
                }
                framing::cut(&mut buf, datagram.len() + 1)?
                    .ok_or_else(|| DecodeError::malformed("datagram holds no whole frame"))?
            }
        };
        let mut message = decode_frame(&frame)?;
        if !matches!(device_mut(&mut message), Some(Some(_))) {
            return Err(DecodeError::malformed("datagram names no device"));
        }
        Ok(vec![message])
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "gl200",
    port: 5004,
    stream: Some(|limits| Box::new(Gl200Codec::new(limits))),
    datagram: Some(|| Box::new(Gl200Datagram)),
    http: None,
    commands: Some(&commands::Gl200Commands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "Queclink @Track (GV/GL)",
        vendor: "Queclink",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
