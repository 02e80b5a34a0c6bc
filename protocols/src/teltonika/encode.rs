//! Bytes trackgate sends to Teltonika devices, and bytes a device (or a
//! simulator standing in for one) sends to trackgate.
//!
//! Replies: `01` accepts an IMEI, `00` refuses it, and an AVL packet is
//! acknowledged with its record count as a 4-byte big-endian integer.
//! Packets: the IMEI packet, AVL packets in Codec 8 / 8E / 16 (written from
//! each record's raw `io`, so they decode back to the same records), and
//! Codec 12 commands.

use bytes::{BufMut, Bytes, BytesMut};

use crate::checksum::crc16_arc;
use crate::record::{IoKey, IoValue, Record};

use super::AvlCodec;
use super::command::{CODEC_12, TYPE_COMMAND};

/// Written to accept a device's IMEI.
pub const IMEI_ACCEPT: [u8; 1] = [0x01];
/// Written (before closing) to refuse a device's IMEI.
pub const IMEI_REJECT: [u8; 1] = [0x00];

/// Why records could not be written in the requested codec.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// More records, or more IO elements in one group, than the codec's
    /// count fields can hold.
    #[error("{what}: {count} is more than {codec:?} can count")]
    TooMany {
        /// What overflowed.
        what: &'static str,
        /// How many there were.
        count: usize,
        /// The codec asked for.
        codec: AvlCodec,
    },
    /// An event id wider than the codec's event id field.
    #[error("event id {event} does not fit in {codec:?}")]
    EventId {
        /// The record's event id.
        event: u32,
        /// The codec asked for.
        codec: AvlCodec,
    },
    /// An IO element the codec cannot carry (an id too wide for its id
    /// field, a variable-length value outside Codec 8E, a named key, text,
    /// or an integer width other than 1, 2, 4 or 8).
    #[error("IO element {key:?} cannot be written in {codec:?}")]
    Unrepresentable {
        /// The element's key.
        key: IoKey,
        /// The codec asked for.
        codec: AvlCodec,
    },
}

/// The acknowledgement of `count` records.
pub fn records_ack(count: u32) -> Bytes {
    Bytes::copy_from_slice(&count.to_be_bytes())
}

/// The identification packet a device sends first: 2-byte length + digits.
///
/// An identifier over 65,535 bytes (no real IMEI) is truncated to that
/// length rather than written with a wrong length field.
pub fn encode_imei(imei: &str) -> Bytes {
    let digits = &imei.as_bytes()[..imei.len().min(usize::from(u16::MAX))];
    let mut out = BytesMut::with_capacity(2 + digits.len());
    out.put_u16(digits.len() as u16);
    out.put_slice(digits);
    out.freeze()
}

/// A Codec 12 command packet carrying `text`, as the server sends it.
pub fn encode_command(text: &str) -> Bytes {
    command_packet(text.as_bytes())
}

/// A Codec 12 packet with one command item carrying `payload`.
pub fn command_packet(payload: &[u8]) -> Bytes {
    let mut data = BytesMut::with_capacity(payload.len() + 8);
    data.put_u8(CODEC_12);
    data.put_u8(1);
    data.put_u8(TYPE_COMMAND);
    data.put_u32(u32::try_from(payload.len()).unwrap_or(u32::MAX));
    data.put_slice(payload);
    data.put_u8(1);
    wrap(&data)
}

/// A whole TCP AVL packet holding `records` in `codec`.
///
/// Each record's raw `io` is written, grouped by value width in the order
/// given; named values are derived data and are not written. Priority and
/// Codec 16's generation type are written as zero.
pub fn encode_avl(codec: AvlCodec, records: &[Record]) -> Result<Bytes, EncodeError> {
    let count = u8::try_from(records.len()).map_err(|_| EncodeError::TooMany {
        what: "records",
        count: records.len(),
        codec,
    })?;
    let mut data = BytesMut::new();
    data.put_u8(codec.id());
    data.put_u8(count);
    for record in records {
        write_record(codec, record, &mut data)?;
    }
    data.put_u8(count);
    Ok(wrap(&data))
}

/// Adds the preamble, length and CRC around AVL data.
fn wrap(data: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(data.len() + 12);
    out.put_u32(0);
    out.put_u32(u32::try_from(data.len()).unwrap_or(u32::MAX));
    out.put_slice(data);
    out.put_u32(u32::from(crc16_arc(data)));
    out.freeze()
}

fn write_record(codec: AvlCodec, record: &Record, out: &mut BytesMut) -> Result<(), EncodeError> {
    out.put_u64(record.fix_time_ms.max(0) as u64);
    out.put_u8(0); // priority
    out.put_i32((record.longitude * 1e7).round() as i32);
    out.put_i32((record.latitude * 1e7).round() as i32);
    out.put_i16(record.altitude_m.round() as i16);
    out.put_u16(record.course_deg.round() as u16);
    out.put_u8(record.satellites.unwrap_or(0));
    out.put_u16(record.speed_kmh.round() as u16);
    let event = record.event.unwrap_or(0);
    let bad_event = || EncodeError::EventId { event, codec };
    match codec {
        AvlCodec::Codec8 => out.put_u8(u8::try_from(event).map_err(|_| bad_event())?),
        AvlCodec::Codec8E | AvlCodec::Codec16 => {
            out.put_u16(u16::try_from(event).map_err(|_| bad_event())?)
        }
    }
    if codec == AvlCodec::Codec16 {
        out.put_u8(0); // generation type
    }

    // Sort the elements into the codec's groups, keeping their order.
    let mut groups: [Vec<(u16, u64)>; 4] = Default::default();
    let mut nx: Vec<(u16, &[u8])> = Vec::new();
    for element in &record.io {
        let unrepresentable = || EncodeError::Unrepresentable {
            key: element.key.clone(),
            codec,
        };
        let IoKey::Id(id) = element.key else {
            return Err(unrepresentable());
        };
        if codec == AvlCodec::Codec8 && id > 0xFF {
            return Err(unrepresentable());
        }
        match &element.value {
            IoValue::Uint { value, width } => {
                let slot = match width {
                    1 => 0,
                    2 => 1,
                    4 => 2,
                    8 => 3,
                    _ => return Err(unrepresentable()),
                };
                groups[slot].push((id, *value));
            }
            IoValue::Bytes(bytes) if codec == AvlCodec::Codec8E && bytes.len() <= 0xFFFF => {
                nx.push((id, bytes));
            }
            _ => return Err(unrepresentable()),
        }
    }

    let total = groups.iter().map(Vec::len).sum::<usize>() + nx.len();
    put_count(codec, total, "IO elements", out)?;
    for (group, width) in groups.iter().zip([1usize, 2, 4, 8]) {
        put_count(codec, group.len(), "IO group", out)?;
        for &(id, value) in group {
            put_id(codec, id, out);
            out.put_uint(value, width);
        }
    }
    if codec == AvlCodec::Codec8E {
        put_count(codec, nx.len(), "NX elements", out)?;
        for &(id, bytes) in &nx {
            out.put_u16(id);
            out.put_u16(bytes.len() as u16);
            out.put_slice(bytes);
        }
    }
    Ok(())
}

fn put_count(
    codec: AvlCodec,
    count: usize,
    what: &'static str,
    out: &mut BytesMut,
) -> Result<(), EncodeError> {
    let too_many = || EncodeError::TooMany { what, count, codec };
    match codec {
        AvlCodec::Codec8E => out.put_u16(u16::try_from(count).map_err(|_| too_many())?),
        AvlCodec::Codec8 | AvlCodec::Codec16 => {
            out.put_u8(u8::try_from(count).map_err(|_| too_many())?)
        }
    }
    Ok(())
}

fn put_id(codec: AvlCodec, id: u16, out: &mut BytesMut) {
    match codec {
        // Checked to fit by the caller.
        AvlCodec::Codec8 => out.put_u8(id as u8),
        AvlCodec::Codec8E | AvlCodec::Codec16 => out.put_u16(id),
    }
}
