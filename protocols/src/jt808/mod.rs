//! JT/T 808 (the Chinese road transport terminal standard, 2013 and 2019
//! headers) over TCP.
//!
//! # Supported
//!
//! Every message names its terminal (the phone number in the header), so
//! each one carries `device: Some(..)` and the session can identify the
//! connection from whichever comes first. See [`decode`] for the table of
//! messages and replies; in short: registration (0x0100) and authentication
//! (0x0102) are logins, location reports (0x0200) and batches (0x0704) are
//! records acknowledged with a 0x8001 general reply once stored, heartbeat
//! (0x0002), logout (0x0003) and time sync (0x0109 → 0x8109) are answered
//! at once, and driver identity (0x0702), terminal attributes (0x0107),
//! waybills (0x0701), passthrough data (0x0900) and 0x6006 text answers are
//! decoded and acknowledged. Answers to platform commands (0x0001, 0x0201,
//! 0x0500) name the command's serial ([`answers`]; the commands are built
//! by [`commands`]). Manufacturer messages are read too: 0x0210
//! batches and battery reports, 0x1300 text answers, and the 0x0900
//! passthrough types that carry positions. Other ids get the standard's
//! "not supported" general reply.
//!
//! Manufacturer additional-information items (fuel, temperatures, tyres,
//! locks, batteries, external voltage, driving alarms, …) are named where
//! their layout is known ([`items`], [`items_eb`]); every item also stays
//! raw. Some models give the alarm word, the status word or an item a
//! meaning of their own: the codec reads those with the layout of the
//! tracker's model once it is told ([`Jt808Variant`], through
//! `DeviceCodec::configure`); the default is the standard layout.
//!
//! JT701-family e-locks interleave ASCII `(…)` sentences with their JT/T
//! 808 messages on the same connection. Each names the lock by the same
//! digits as its JT/T 808 phone number, so they are decoded rather than
//! skipped ([`elock`]): a time request is answered at once, any other
//! sentence is a command answer. The terminal phone number (all 12 or 20 digits) is the
//! device id; the authentication code handed out at registration is that
//! same number.
//!
//! # Rejected, and why
//!
//! A frame whose XOR check code is wrong ([`DecodeError::Checksum`]), whose
//! body length field disagrees with its body, whose escapes are invalid or
//! whose fields are cut short ([`DecodeError::Malformed`]) is skipped
//! ([`DecodeError::Skipped`]; the session counts and logs it): the platform
//! does not answer it, so the terminal sends it again after its reply
//! timeout, which is how the standard recovers from a damaged message. The
//! stream itself stays usable (every frame starts at a `7E` flag), so the
//! connection is kept. Only a frame longer than the frame limit ends the
//! connection ([`DecodeError::Oversize`]).
//!
//! Not handled: reassembling subpackaged messages and decrypting RSA
//! bodies (both answered "not supported"). A `(` that is not followed by
//! printable text up to `)` is skipped as noise.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: flags, escaping, header, check code; building frames.
//! - [`decode`]: message ids → [`Message`]s and their replies.
//! - [`location`]: location reports and batches.
//! - [`io`]: named values for alarm flags, status bits and standard items.
//! - [`items`], [`items_eb`]: named values for manufacturer items.
//! - [`variant`]: model layouts.
//! - [`passthrough`], [`maker`]: positions inside 0x0900; 0x0210, 0x1300.
//! - [`elock`]: cutting either framing; the e-lock's ASCII sentences.
//! - [`encode`]: replies, and messages for simulators and tests.
//! - [`commands`], [`answers`]: commands to terminals and their answers.

pub mod answers;
pub mod commands;
pub mod decode;
pub mod elock;
pub mod encode;
pub mod framing;
pub mod io;
pub mod items;
pub mod items_eb;
pub mod location;
pub mod maker;
pub mod passthrough;
pub mod simulate;
pub mod variant;
use crate::reader;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use elock::Frame;

pub use commands::Jt808Commands;
pub use encode::encode_message;
pub use variant::Jt808Variant;

/// Per-connection JT/T 808 codec.
#[derive(Debug)]
pub struct Jt808Codec {
    limits: Limits,
    /// The platform's serial for the next reply; it wraps around.
    serial: u16,
    /// Where the time for time sync replies comes from.
    clock: fn() -> i64,
    variant: Jt808Variant,
}

impl Jt808Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_now_ms)
    }

    /// A codec whose time sync replies read `clock` (ms since the epoch).
    pub fn with_clock(limits: Limits, clock: fn() -> i64) -> Self {
        Self {
            limits,
            serial: 0,
            clock,
            variant: Jt808Variant::Standard,
        }
    }

    /// The same codec reading `variant`'s model layout.
    pub fn with_variant(mut self, variant: Jt808Variant) -> Self {
        self.variant = variant;
        self
    }

    /// The model layout this codec reads.
    pub fn variant(&self) -> Jt808Variant {
        self.variant
    }

    fn handle(&mut self, content: &[u8]) -> Result<Message, DecodeError> {
        let (header, body) = framing::parse(content)?;
        if header.packet.is_none() && !header.encrypted {
            let device = crate::message::DeviceId(header.phone_digits());
            if let Some(answer) = answers::answer(header.id, &device, &body, self.variant)? {
                return Ok(answer);
            }
        }
        let ctx = decode::Context {
            serial: self.serial,
            now_ms: (self.clock)(),
            variant: self.variant,
        };
        let message = decode::message(&header, &body, ctx)?;
        self.serial = self.serial.wrapping_add(1);
        Ok(message)
    }
}

impl DeviceCodec for Jt808Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        // Every frame is bounded by flags (or parentheses): one that does
        // not decode is skipped whole. Bad stuffing is skipped by the framer.
        match elock::cut(buf, self.limits.max_frame_len)? {
            Some(Frame::Jt808(content)) => self
                .handle(&content)
                .map(Some)
                .map_err(|e| e.skip(&content)),
            Some(Frame::Sentence(sentence)) => elock::message(&sentence, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&sentence)),
            None => Ok(None),
        }
    }

    /// Switches to the layout of the tracker's model (see [`variant`]).
    fn configure(&mut self, model: &str) {
        self.variant = Jt808Variant::from_model(model);
    }
}

fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "jt808",
    port: 5015,
    stream: Some(|limits| Box::new(Jt808Codec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::Jt808Commands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "JT/T 808 terminal",
        vendor: "JT/T 808",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Digits(12),
    },
});
