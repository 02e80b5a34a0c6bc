//! Eelink over UDP: an envelope naming the device around one or more
//! packets.
//!
//! ```text
//! 45 4C ("EL") | size (2, bytes after itself) | checksum (2) | IMEI (8, BCD) | packets…
//! ```
//!
//! The packets are the same as over TCP and decode the same way; each
//! becomes one message naming the envelope's device, and each answer is
//! wrapped in an envelope of its own. The checksum is not verified (see
//! [`super::encode::udp_checksum`]); UDP's own checksum covers the datagram,
//! and the size must match the datagram exactly.

use crate::codec::{DatagramCodec, DecodeError, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
use crate::reader::Reader;

use super::decode::imei;
use super::encode::UDP_MARK;
use super::framing::split;
use super::message;

/// Eelink's UDP codec. Stateless: every datagram names its device.
#[derive(Debug, Clone, Copy)]
pub struct EelinkDatagram {
    clock: Clock,
}

impl Default for EelinkDatagram {
    fn default() -> Self {
        Self::new()
    }
}

impl EelinkDatagram {
    /// A codec answering logins with the system time.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl DatagramCodec for EelinkDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let mut r = Reader::new(datagram);
        if r.array::<2>("envelope marker")? != UDP_MARK {
            return Err(DecodeError::malformed("datagram does not start with EL"));
        }
        let size = usize::from(r.u16("envelope size")?);
        if size != r.remaining() {
            return Err(DecodeError::malformed(format!(
                "envelope size {size} does not match the {} bytes that follow",
                r.remaining()
            )));
        }
        let _checksum = r.u16("envelope checksum")?;
        let device = imei(r.bytes(8, "envelope IMEI")?)?;
        let packets = split(r.rest(), Limits::default().max_frame_len)?;
        if packets.is_empty() {
            return Err(DecodeError::malformed("envelope without packets"));
        }
        let now = (self.clock)();
        packets
            .iter()
            .map(|packet| message(packet, &device, now, true))
            .collect()
    }
}
