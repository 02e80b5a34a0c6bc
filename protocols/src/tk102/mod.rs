//! TK102 (the `[`-framed binary-header protocol) over TCP.
//!
//! # Supported
//!
//! Frames are `[` + type + ten sequence digits + length + data + `]`
//! ([`framing`]); they carry no checksum. The device names itself once,
//! in a login; the frames after it carry no id.
//!
//! - Login `80` (the id as digits) or `21` (`(<IMEI>,<firmware>,…)`) →
//!   [`Message::Login`], accepted with `[ 00 <sequence> <len> 30 <the
//!   login's data> ]` ([`encode::login`]).
//! - Heartbeat `F0` → [`Message::Heartbeat`], answered `[ FF <sequence>
//!   <len> <its data> ]` ([`encode::heartbeat`]).
//! - Reports `(<kind><time><A/V><lat><lon><speed><date>…)`, whatever the
//!   type byte → [`Message::Records`] with one record ([`decode`]), not
//!   answered (the protocol has no acknowledgement for them).
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! - A stream that does not start with `[`, or a frame whose `]` is not
//!   where its length byte puts it ([`DecodeError::Malformed`]), and a
//!   frame over the size limit ([`DecodeError::Oversize`]): the
//!   stream's position is lost, the connection ends.
//! - A frame before the login ([`DecodeError::BeforeLogin`]), one whose
//!   sequence or data does not read ([`DecodeError::Malformed`]) and one
//!   of another form, such as GSM cell lists and command answers
//!   ([`DecodeError::Unsupported`]): its boundaries are proven, so it is
//!   skipped, counted and logged, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting frames.
//! - [`decode`]: logins and reports.
//! - [`encode`]: the answers.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

/// Per-connection TK102 stream codec: remembers the device of the login.
#[derive(Debug)]
pub struct Tk102Codec {
    limits: Limits,
    device: Option<DeviceId>,
}

impl Tk102Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            device: None,
        }
    }

    fn decode_frame(&mut self, frame: &bytes::Bytes) -> Result<Message, DecodeError> {
        let framing::Frame {
            kind,
            sequence,
            data,
        } = framing::parts(frame)?;
        if matches!(kind, decode::LOGIN | decode::LOGIN_DETAILS) {
            let device = decode::login_id(kind, &data)?;
            let accept = encode::login(&sequence, &data)
                .ok_or_else(|| DecodeError::malformed("login data too long to answer"))?;
            self.device = Some(device.clone());
            return Ok(Message::Login {
                device,
                accept: Some(accept),
                reject: None,
            });
        }
        let device = self.device.clone().ok_or(DecodeError::BeforeLogin)?;
        if kind == decode::HEARTBEAT {
            return Ok(Message::Heartbeat {
                device: Some(device),
                reply: encode::heartbeat(&sequence, &data),
            });
        }
        if !decode::is_report(&data) {
            return Err(DecodeError::Unsupported(format!("frame type {kind:#04x}")));
        }
        Ok(Message::Records {
            device: Some(device),
            records: vec![decode::report(&data)?],
            ack: None,
        })
    }
}

impl DeviceCodec for Tk102Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(frame) => self
                .decode_frame(&frame)
                .map(Some)
                .map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "tk102",
    port: 5036,
    stream: Some(|limits| Box::new(Tk102Codec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "TK102 personal trackers",
        vendor: "TK102",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Custom,
    },
});
