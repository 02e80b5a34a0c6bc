//! Meitrack (MVT, T1, T3, T333, T366, P88L, …) over TCP and UDP.
//!
//! # Supported
//!
//! - Frames `$$<flag><length>,<imei>,<command>,<data>*XX\r\n` ([`framing`]),
//!   cut by their length field, checksum verified.
//! - `AAA` text reports ([`text`]) → [`Message::Records`] with one record,
//!   no reply (the protocol has none for them). `AFF` (the same report
//!   behind one extra field) likewise.
//! - `CCE` binary batches ([`binary`]) → one record per packet, every
//!   parameter kept raw under its id; no reply (none is listed for them).
//! - `CCC` binary batches → one record per packet, confirmed with
//!   `@@<flag><len>,<imei>,CCC,<n>*XX\r\n` ([`encode::ccc_ack`]) so the
//!   device deletes them from its cache.
//! - `AAC` → [`Message::Heartbeat`] answered `@@z27,<imei>,AAC,1*XX\r\n`.
//! - Any other command (`D03,OK`, `D82,0`, …) is the device's answer to a
//!   command → [`Message::CommandResponse`] whose text is `<command>,<data>`.
//!   A `D00` picture packet's text keeps its file name and packet numbers
//!   but not the picture bytes (pictures are not stored).
//! - Named values ([`io`]): alarms from event codes, inputs and outputs,
//!   GSM signal, odometer, battery and board voltage, battery level, BLE
//!   tag temperatures.
//! - Commands ([`commands`]): text as given, `C01` for outputs and the
//!   engine, `A10` for a position; answers come in order.
//! - UDP ([`MeitrackDatagram`]): one frame per datagram, the same replies.
//!
//! Every frame names its IMEI, so there is no login and every message
//! carries `device: Some(..)`.
//!
//! # Rejected, and why
//!
//! - A checksum that does not match is [`DecodeError::Checksum`]. The sum
//!   is part of the protocol and devices compute it, so a frame that fails
//!   it is refused.
//! - Over TCP the length field is the only way to find a frame's end
//!   (binary data may hold `*`, `,` and CR LF), so a frame whose length
//!   field is wrong cannot be cut and is refused over TCP (`Truncated` /
//!   `Malformed`). Over UDP the datagram is the frame, the length field is
//!   not compared, and such a frame decodes.
//! - A frame cut short: a stream waits for the rest, a datagram is
//!   `Malformed`.
//! - A data identifier outside `A`..`z`, a length field that is not 1–6
//!   digits, or a frame not ending in CR LF where its length says is
//!   `Malformed` and ends the connection. Bytes before `$$` are skipped. A
//!   frame cut whole whose content does not decode is skipped
//!   ([`DecodeError::Skipped`]) and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting and splitting frames, the checksum.
//! - [`text`]: `AAA` reports; [`binary`]: `CCE` and `CCC` batches.
//! - [`io`]: named values; [`encode`]: replies and frames for simulators.

pub mod binary;
pub mod commands;
pub mod encode;
pub mod framing;
pub mod io;
pub mod text;

#[cfg(test)]
mod tests;

pub use commands::MeitrackCommands;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

/// Decodes one whole frame (a trailing CR LF is optional).
pub fn decode_frame(frame: &[u8]) -> Result<Message, DecodeError> {
    let parts = framing::split(frame)?;
    let device = Some(DeviceId(parts.imei.to_owned()));
    let latin1 = |bytes: &[u8]| bytes.iter().map(|&b| char::from(b)).collect::<String>();
    let message = match parts.command {
        "AAA" => Message::Records {
            device,
            records: vec![text::position(&latin1(parts.data))?],
            ack: None,
        },
        "AFF" => {
            let data = latin1(parts.data);
            let (_, report) = data
                .split_once(',')
                .ok_or_else(|| DecodeError::malformed("AFF without a report"))?;
            Message::Records {
                device,
                records: vec![text::position(report)?],
                ack: None,
            }
        }
        "CCE" => Message::Records {
            device,
            records: binary::cce(parts.data)?,
            ack: None,
        },
        "CCC" => {
            let records = binary::ccc(parts.data)?;
            let ack = Some(encode::ccc_ack(parts.flag, parts.imei, records.len()));
            Message::Records {
                device,
                records,
                ack,
            }
        }
        "AAC" => Message::Heartbeat {
            reply: Some(encode::aac_reply(parts.imei)),
            device,
        },
        "D00" => {
            let header: Vec<&[u8]> = parts.data.splitn(4, |&b| b == b',').take(3).collect();
            Message::CommandResponse {
                answers: None,
                device,
                text: format!("D00,{}", latin1(&header.join(&b','))),
                ack: None,
            }
        }
        command => Message::CommandResponse {
            answers: None,
            device,
            text: if parts.data.is_empty() {
                command.to_owned()
            } else {
                format!("{command},{}", latin1(parts.data))
            },
            ack: None,
        },
    };
    Ok(message)
}

/// Per-connection Meitrack stream codec.
#[derive(Debug)]
pub struct MeitrackCodec {
    limits: Limits,
}

impl MeitrackCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for MeitrackCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            // Frames end at `*XX` CR LF: a bad one is skipped whole.
            Some(frame) => decode_frame(&frame).map(Some).map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// The Meitrack datagram codec: each datagram is one frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeitrackDatagram;

impl DatagramCodec for MeitrackDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        decode_frame(datagram).map(|message| vec![message])
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "meitrack",
    port: 5020,
    stream: Some(|limits| Box::new(MeitrackCodec::new(limits))),
    datagram: Some(|| Box::new(MeitrackDatagram)),
    http: None,
    commands: Some(&commands::MeitrackCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "Meitrack T/MVT/P series",
        vendor: "Meitrack",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
