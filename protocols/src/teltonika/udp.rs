//! Teltonika over UDP: one datagram, one AVL packet, its device named inside.
//!
//! ```text
//! length (2) | packet id (2) | packet type (1, 0x01) | AVL packet id (1)
//!   | IMEI length (2) | IMEI | AVL data (codec, count, records, count)
//! ```
//!
//! The length counts every byte after itself. There is no CRC: UDP's own
//! checksum covers the datagram. The AVL data is the same as over TCP and is
//! decoded by the same code ([`super::decode::avl_data`]).
//!
//! The device waits for an acknowledgement of each packet and resends it
//! otherwise:
//!
//! ```text
//! 00 05 | packet id (2) | 0x01 | AVL packet id (1) | records accepted (1)
//! ```
//!
//! The specification echoes the packet id; trackgate does so (some servers
//! answer `00 00` there, which devices tolerate, but the echo is what lets
//! a device match an answer to its packet). Command responses (Codec 12/13)
//! are not acknowledged, as over TCP.

use bytes::{BufMut, Bytes, BytesMut};

use crate::codec::{DatagramCodec, DecodeError};
use crate::message::{DeviceId, Message};
use crate::reader::Reader;

use super::decode;

/// The packet type of an AVL data packet the device expects an answer to.
const TYPE_ACKED: u8 = 0x01;
/// The packet type of data sent without asking for an answer.
const TYPE_UNACKED: u8 = 0x00;
/// The longest IMEI field accepted; real ones are 15 digits.
const MAX_IMEI_LEN: usize = 20;

/// Teltonika's UDP codec. Stateless: every datagram names its device.
#[derive(Debug, Default, Clone, Copy)]
pub struct TeltonikaDatagram;

impl DatagramCodec for TeltonikaDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        decode_datagram(datagram).map(|message| vec![message])
    }
}

/// The envelope's fields, as the acknowledgement echoes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// The device's packet id.
    pub packet_id: u16,
    /// Whether the device asked for an acknowledgement.
    pub acked: bool,
    /// The AVL packet id.
    pub avl_packet_id: u8,
}

fn decode_datagram(datagram: &[u8]) -> Result<Message, DecodeError> {
    let mut r = Reader::new(datagram);
    let length = usize::from(r.u16("length")?);
    if length != r.remaining() {
        return Err(DecodeError::malformed(format!(
            "length field {length} does not match the {} bytes that follow",
            r.remaining()
        )));
    }
    let packet_id = r.u16("packet id")?;
    let acked = match r.u8("packet type")? {
        TYPE_ACKED => true,
        TYPE_UNACKED => false,
        other => {
            return Err(DecodeError::malformed(format!(
                "packet type {other:#04x} is neither 0x00 nor 0x01"
            )));
        }
    };
    let avl_packet_id = r.u8("AVL packet id")?;
    let imei_len = usize::from(r.u16("IMEI length")?);
    if imei_len == 0 || imei_len > MAX_IMEI_LEN {
        return Err(DecodeError::malformed(format!(
            "IMEI length {imei_len} is not 1..={MAX_IMEI_LEN}"
        )));
    }
    let imei = r.bytes(imei_len, "IMEI")?;
    if !imei.iter().all(u8::is_ascii_digit) {
        return Err(DecodeError::malformed("IMEI is not ASCII digits"));
    }
    let device = DeviceId(String::from_utf8_lossy(imei).into_owned());
    let envelope = Envelope {
        packet_id,
        acked,
        avl_packet_id,
    };
    Ok(match decode::avl_data(r.rest())? {
        Message::Records { records, .. } => {
            let ack = envelope.acked.then(|| records_ack(envelope, records.len()));
            Message::Records {
                device: Some(device),
                records,
                ack,
            }
        }
        Message::CommandResponse { text, .. } => Message::CommandResponse {
            answers: None,
            device: Some(device),
            text,
            ack: None,
        },
        Message::Heartbeat { .. } | Message::Login { .. } => {
            return Err(DecodeError::malformed("AVL data decoded to no records"));
        }
    })
}

/// The acknowledgement of a datagram that carried `count` records. The
/// count field is one byte, as a packet carries at most 255 records.
pub fn records_ack(envelope: Envelope, count: usize) -> Bytes {
    let mut out = BytesMut::with_capacity(7);
    out.put_u16(5);
    out.put_u16(envelope.packet_id);
    out.put_u8(TYPE_ACKED);
    out.put_u8(envelope.avl_packet_id);
    out.put_u8(u8::try_from(count).unwrap_or(u8::MAX));
    out.freeze()
}

/// Wraps AVL data in a UDP envelope, as a device sends it. `avl_data` is
/// what a TCP packet carries between its length and CRC fields (bytes
/// `8..len - 4` of what [`super::encode_avl`] makes).
pub fn encode_datagram(
    envelope: Envelope,
    imei: &str,
    avl_data: &[u8],
) -> Result<Bytes, DecodeError> {
    let imei = imei.as_bytes();
    let length = 2 + 1 + 1 + 2 + imei.len() + avl_data.len();
    let length =
        u16::try_from(length).map_err(|_| DecodeError::malformed("datagram over 65,535 bytes"))?;
    let mut out = BytesMut::with_capacity(usize::from(length) + 2);
    out.put_u16(length);
    out.put_u16(envelope.packet_id);
    out.put_u8(if envelope.acked {
        TYPE_ACKED
    } else {
        TYPE_UNACKED
    });
    out.put_u8(envelope.avl_packet_id);
    out.put_u16(imei.len() as u16);
    out.put_slice(imei);
    out.put_slice(avl_data);
    Ok(out.freeze())
}
