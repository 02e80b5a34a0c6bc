//! Decoding an AVL packet's data: Codec 8, 8 Extended and 16, plus the
//! dispatch to Codec 7 and to the command codecs.
//!
//! The three codecs share one record layout and differ only in field widths:
//!
//! | field                 | 8  | 8E | 16 |
//! |-----------------------|----|----|----|
//! | event IO id           | 1  | 2  | 2  |
//! | generation type       | -  | -  | 1  |
//! | IO counts             | 1  | 2  | 1  |
//! | IO ids                | 1  | 2  | 2  |
//! | variable-length (NX)  | -  | yes| -  |
//!
//! A record is: timestamp (8, ms since the Unix epoch), priority (1),
//! longitude and latitude (4 each, signed 1e-7 degrees), altitude (2, signed
//! metres), angle (2, degrees), satellites (1), speed (2, km/h), then the
//! event id and the IO groups of 1-, 2-, 4- and 8-byte values (and NX in 8E).
//!
//! Strictness: the record count before and after the records must agree and
//! match the records parsed, each record's total IO count must equal the sum
//! of its groups, and the data must be consumed exactly. Anything else is
//! `Malformed`, since a miscount means every later field is misread.

use crate::codec::DecodeError;
use crate::message::Message;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::reader::Reader;
use super::{AvlCodec, codec7, command, io};

/// Decodes the data of one CRC-checked AVL packet.
pub fn avl_data(data: &[u8]) -> Result<Message, DecodeError> {
    let codec_id = data.first().copied().unwrap_or_default();
    match codec_id {
        command::CODEC_12 | command::CODEC_13 => command::decode(data),
        codec7::CODEC_7 => records_message(codec7::decode(data)?),
        _ => match AvlCodec::from_id(codec_id) {
            Some(codec) => records_message(decode_records(codec, data)?),
            None => Err(DecodeError::Unsupported(format!(
                "Teltonika codec {codec_id:#04x}"
            ))),
        },
    }
}

/// Wraps decoded records with the acknowledgement the device waits for:
/// the number of records accepted, as a 4-byte big-endian integer.
fn records_message(records: Vec<Record>) -> Result<Message, DecodeError> {
    let count =
        u32::try_from(records.len()).map_err(|_| DecodeError::malformed("too many records"))?;
    Ok(Message::Records {
        device: None,
        records,
        ack: Some(super::encode::records_ack(count)),
    })
}

/// Decodes Codec 8 / 8E / 16 data: codec id, count, records, count.
pub(crate) fn decode_records(codec: AvlCodec, data: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(data);
    r.u8("codec id")?;
    let count = r.u8("record count")?;
    let mut records = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        records.push(decode_record(codec, &mut r)?);
    }
    let count2 = r.u8("second record count")?;
    if count2 != count {
        return Err(DecodeError::malformed(format!(
            "record counts disagree: {count} then {count2}"
        )));
    }
    r.finish("AVL data")?;
    Ok(records)
}

fn decode_record(codec: AvlCodec, r: &mut Reader<'_>) -> Result<Record, DecodeError> {
    let time_ms = i64::try_from(r.u64("timestamp")?)
        .map_err(|_| DecodeError::malformed("timestamp out of range"))?;
    let _priority = r.u8("priority")?;
    let longitude = r.u32("longitude")? as i32;
    let latitude = r.u32("latitude")? as i32;
    let altitude = r.u16("altitude")? as i16;
    let angle = r.u16("angle")?;
    let satellites = r.u8("satellites")?;
    let speed = r.u16("speed")?;

    let event = match codec {
        AvlCodec::Codec8 => u16::from(r.u8("event id")?),
        AvlCodec::Codec8E | AvlCodec::Codec16 => r.u16("event id")?,
    };
    if codec == AvlCodec::Codec16 {
        // Why the record was generated (on exit, on entry, ...): not part
        // of the normalised record.
        r.u8("generation type")?;
    }
    let io = decode_io(codec, r)?;

    let mut record = Record::at(
        time_ms,
        f64::from(latitude) / 1e7,
        f64::from(longitude) / 1e7,
    );
    // Teltonika sends the last known coordinates with zero satellites when
    // it has no fix; with zero coordinates too, there is no location at all.
    record.valid = satellites != 0;
    if satellites == 0 && latitude == 0 && longitude == 0 {
        record.source = FixSource::None;
    }
    record.altitude_m = f64::from(altitude);
    record.course_deg = f64::from(angle);
    record.satellites = Some(satellites);
    record.speed_kmh = f64::from(speed);
    // Event id 0 means the record was not caused by an IO change.
    record.event = (event != 0).then_some(u32::from(event));
    record.hdop = io::hdop(&io);
    record.values = io::named_values(&io);
    record.io = io;
    Ok(record)
}

/// Reads a count of the codec's width.
fn count(codec: AvlCodec, r: &mut Reader<'_>, field: &str) -> Result<usize, DecodeError> {
    Ok(match codec {
        AvlCodec::Codec8E => usize::from(r.u16(field)?),
        AvlCodec::Codec8 | AvlCodec::Codec16 => usize::from(r.u8(field)?),
    })
}

/// Reads an IO id of the codec's width.
fn io_id(codec: AvlCodec, r: &mut Reader<'_>) -> Result<u16, DecodeError> {
    match codec {
        AvlCodec::Codec8 => Ok(u16::from(r.u8("IO id")?)),
        AvlCodec::Codec8E | AvlCodec::Codec16 => r.u16("IO id"),
    }
}

fn decode_io(codec: AvlCodec, r: &mut Reader<'_>) -> Result<Vec<IoElement>, DecodeError> {
    let total = count(codec, r, "IO total count")?;
    // Sized once from the declared total, but never beyond what the bytes
    // left could hold (an element takes two at least): the count is the
    // device's word.
    let mut io = Vec::with_capacity(total.min(r.remaining() / 2));
    let mut seen = 0usize;
    for width in [1u8, 2, 4, 8] {
        let n = count(codec, r, "IO group count")?;
        seen += n;
        for _ in 0..n {
            let id = io_id(codec, r)?;
            let value = r.uint(usize::from(width), "IO value")?;
            io.push(IoElement {
                key: IoKey::Id(id),
                value: IoValue::Uint { value, width },
            });
        }
    }
    if codec == AvlCodec::Codec8E {
        let n = count(codec, r, "NX count")?;
        seen += n;
        for _ in 0..n {
            let id = io_id(codec, r)?;
            let len = usize::from(r.u16("NX length")?);
            let value = r.bytes(len, "NX value")?.to_vec();
            io.push(IoElement {
                key: IoKey::Id(id),
                value: IoValue::Bytes(value),
            });
        }
    }
    if seen != total {
        return Err(DecodeError::malformed(format!(
            "IO total count {total} but groups hold {seen}"
        )));
    }
    Ok(io)
}
