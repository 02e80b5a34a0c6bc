//! Concox GT06 over TCP.
//!
//! # Supported
//!
//! - Login 0x01 (IMEI in BCD) → [`Message::Login`], accepted with
//!   `78 78 05 01 <serial> <crc> 0D 0A`; no reject bytes (the protocol has
//!   none: an unknown device's connection is simply closed).
//! - GPS fixes 0x10, 0x12, 0x22, 4G 0xA0 → [`Message::Records`] without an
//!   acknowledgement: the GT06 documents say location packets need none
//!   (Traccar acknowledges 0x12/0x22 anyway; the device ignores it).
//! - Alarms 0x16, 0x26, 0x27 → records, acknowledged with the same 10-byte
//!   shape and the packet's own type.
//! - Status 0x13 and heartbeat 0x23 → one location-less record dated on
//!   arrival (so ignition, battery and signal reach the live state),
//!   acknowledged with the packet's type.
//! - Cells 0x18, 0x28, 4G 0xA1; cells + Wi-Fi 0x2C; the unchecked Wi-Fi
//!   packets 0x69 / 0x17 → records with [`FixSource::Lbs`], no coordinates,
//!   every cell and access point kept raw.
//! - Time request 0x8A → [`Message::Heartbeat`] answered with the UTC time.
//! - Address request 0x2A → heartbeat answered with a `79 79` 0x97 packet
//!   saying no address is known (`NA&&NA&&0##`).
//! - Command answers 0x15 / 0x21 → [`Message::CommandResponse`], text
//!   decoded (0x21 in ASCII or UTF-16BE), never acknowledged.
//! - Any other well-formed, CRC-checked type → [`Message::Heartbeat`] with no
//!   reply: the device is alive, but its vendor-specific content (0x94
//!   information, 0x95 alarms with files, 0x70/0x8C/0x9B/0xF1/0xF2
//!   peripherals, 0x32–0x37 and 0xA2–0xA7 variants, ...) is not read.
//!
//! Many resellers reuse GT06 protocol numbers with their own layouts
//! (Traccar keys them on a configured device model). This codec reads the
//! documented layouts only, and keeps bytes after the documented fields raw
//! as `extra`.
//!
//! # Rejected, and why
//!
//! Every packet's CRC-16/X-25 is verified. The stream resynchronises on the
//! next `78 78` / `79 79`, so a damaged packet is dropped (counted in
//! [`Gt06Codec::dropped`]) instead of closing the connection; the device
//! repeats a login or alarm it sees no answer to. Packets whose content does
//! not parse are dropped the same way. The exception is the 0x69 / 0x17
//! Wi-Fi form that carries no CRC at all: it is accepted only when its
//! structure accounts for every byte.
//!
//! Packets before the login are dropped too (counted in
//! [`Gt06Codec::before_login`]): the device logs in first and the records
//! would have no owner.
//!
//! # Corpus (`tests/data/gt06.jsonl`, 187 decoder samples)
//!
//! Replayed in order on one codec (`tests/corpus.rs`): 71 accepted and
//! checked, 16 rejected on purpose, 100 skipped.
//!
//! - Rejected (their own CRC fails, or the packet is cut short): #35, #36,
//!   #37, #38, #52, #105, #115, #145, #155, #159, #161, #165, #166, #167,
//!   #168, #174.
//!   #151 also fails the corpus's check, but only because three packets share
//!   the sample; each one is CRC-valid and is accepted.
//! - Skipped, vendor types answered as bare keep-alives (77):
//!   `0x11` #49;
//!   `0x17` #22;
//!   `0x19` #82;
//!   `0x1E` #150;
//!   `0x24` #44, #47;
//!   `0x25` #176;
//!   `0x31` #21;
//!   `0x32` #20, #23, #113, #114, #116, #117;
//!   `0x33` #112;
//!   `0x34` #80, #120, #121;
//!   `0x36` #17, #182, #183, #184;
//!   `0x37` #62;
//!   `0x38` #7;
//!   `0x61` #4;
//!   `0x70` #5, #50, #68, #71, #72, #181;
//!   `0x8C` #59, #78;
//!   `0x94` #6, #10, #19, #33, #42, #45, #63, #66, #79, #81, #83, #84, #126,
//!   #127, #129, #130, #132, #133;
//!   `0x95` #11, #27, #69, #164;
//!   `0x9B` #30, #57, #61, #73;
//!   `0xA2` #12, #13, #18, #88, #91, #95;
//!   `0xA3` #8, #9, #94;
//!   `0xA4` #3, #87;
//!   `0xA5` #39, #93;
//!   `0xA7` #92;
//!   `0xF1` #2;
//!   `0xF2` #14, #15;
//!   `0xF3` #60;
//! - Skipped, documented types whose assertion needs a reseller's layout (23):
//!   #16 0x13 temperature in a reseller's extended status;
//!   #24 0x16 battery level in a reseller's 2-byte voltage field;
//!   #26 0x22 temperature in bytes after the documented fields;
//!   #31 0x16 with a 1-byte cell block: reseller layout, does not parse;
//!   #34 0x12 driving time in bytes after the documented fields;
//!   #40 0x13 power voltage in a reseller's extended status;
//!   #41 0x26 alarm code 0x0C is 'tampering' only for some resellers;
//!   #43 0x16 reseller status layout (alarm at another offset);
//!   #46 0x12 ignition in bytes after the documented fields;
//!   #54 0x12 temperature in bytes after the documented fields;
//!   #55 0x13 battery level in a reseller's extended status;
//!   #65 0x16 reseller 69-byte variant; battery level elsewhere;
//!   #70 0x34 sample truncated: no end marker;
//!   #75 0x16 'removing' from a reseller's terminal-info bits;
//!   #128 0x21 answer whose text carries a position: decoded as text only;
//!   #169 0x13 power voltage for model LW4G-4B;
//!   #170 0x16 alarm 0x19 means harsh acceleration only for model LW4G-4B;
//!   #171 0x13 power voltage for model SEEWORLD;
//!   #172 0x13 power voltage for model R11;
//!   #173 0x22 model NT20 layout (IMEI and two times first): does not parse;
//!   #175 0x22 model XT40 layout (IMEI and two times first): does not parse;
//!   #178 0x12 model QH302R layout (IMEI first): does not parse;
//!   #185 0x16 driver id in model VL103's bytes after the status block;
//!
//! # Layout
//!
//! - [`framing`]: cutting packets out of the stream and checking CRCs.
//! - [`decode`]: what each protocol number means.
//! - [`io`]: named values for status fields.
//! - [`encode`]: replies, and packets for simulators and tests.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
use crate::reader;

#[cfg(test)]
mod tests;

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;

use decode::Decoded;

/// Per-connection GT06 codec.
#[derive(Debug)]
pub struct Gt06Codec {
    limits: Limits,
    /// The IMEI, once the device has logged in.
    device: Option<DeviceId>,
    /// The clock that dates status records and answers time requests.
    clock: fn() -> i64,
    dropped: u64,
    before_login: u64,
}

impl Gt06Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_now_ms)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: fn() -> i64) -> Self {
        Self {
            limits,
            device: None,
            clock,
            dropped: 0,
            before_login: 0,
        }
    }

    /// The IMEI the device logged in with, if it has.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }

    /// Packets dropped because their CRC or content was bad.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Packets dropped because they came before the login.
    pub fn before_login(&self) -> u64 {
        self.before_login
    }

    fn handle(&mut self, frame: &[u8]) -> Result<Option<Message>, DecodeError> {
        let packet = framing::parse(frame, decode::UNCHECKED_KINDS)?;
        if self.device.is_none() && packet.kind != decode::kind::LOGIN {
            self.before_login += 1;
            return Ok(None);
        }
        let decoded = decode::packet(&packet, (self.clock)())?;
        if let Decoded::Login(device, ack) = decoded {
            self.device = Some(device.clone());
            return Ok(Some(Message::Login {
                device,
                accept: Some(ack),
                reject: None,
            }));
        }
        Ok(Some(match decoded {
            Decoded::Message(message) => message,
            Decoded::Login(..) | Decoded::Unsupported(_) => Message::Heartbeat {
                device: None,
                reply: None,
            },
        }))
    }
}

impl DeviceCodec for Gt06Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        while let Some(frame) = framing::cut(buf, self.limits.max_frame_len) {
            match self.handle(&frame) {
                Ok(Some(message)) => return Ok(Some(message)),
                Ok(None) => {}
                Err(_) => self.dropped += 1,
            }
        }
        Ok(None)
    }
}

fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
