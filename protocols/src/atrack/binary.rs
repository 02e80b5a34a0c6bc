//! Binary reports: `@P` | CRC (2) | length (2) | sequence (2) | unit id (8)
//! | records.
//!
//! A record: GPS, RTC and sending times (4 each, Unix seconds), longitude
//! and latitude (4 each, signed, 1e-6°), heading (2), report id (1),
//! odometer (4, 0.1 km), HDOP (2, 0.1), inputs (1), speed (2, km/h),
//! outputs (1), analog input (2, mV), driver id (NUL-terminated), two
//! temperatures (2 each, signed, 0.1 °C), text message (NUL-terminated),
//! then, if the next byte is `%`, the custom form (NUL-terminated) and its
//! values ([`super::custom`]). Records follow each other to the end.
//!
//! A custom code whose binary width the table lacks hides where its value,
//! and so the next record, ends. The report's CRC has already proved it
//! whole, so what is readable is kept: the records before, and the fixed
//! fields and known custom values of the record holding that code. The
//! bytes from that code's value to the end of the report are kept raw on
//! that record (`unparsed`), and the report is acknowledged: refusing it
//! would have the unit resend it forever, and what it holds would never be
//! stored at all.

use crate::checksum::crc16_arc;
use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::custom::{self, Width};
use super::report::Fields;

/// A binary report's header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The kind letter after `@` (`P` for position reports).
    pub kind: u8,
    /// The report's sequence number, echoed in the acknowledgement.
    pub sequence: u16,
    /// The unit id (the IMEI, as an integer).
    pub unit: u64,
}

/// Checks a binary frame's length and CRC and reads its header; returns
/// the bytes after the header.
pub fn header(frame: &[u8]) -> Result<(Header, &[u8]), DecodeError> {
    let mut r = Reader::new(frame);
    let [_, kind] = r.array::<2>("marker")?;
    let carried = r.u16("CRC")?;
    let length = usize::from(r.u16("length")?);
    if length != r.remaining() {
        return Err(DecodeError::malformed(format!(
            "length field {length}, {} bytes follow",
            r.remaining()
        )));
    }
    let computed = crc16_arc(&frame[4..]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    let sequence = r.u16("sequence")?;
    let unit = r.u64("unit id")?;
    Ok((
        Header {
            kind,
            sequence,
            unit,
        },
        r.rest(),
    ))
}

/// The records of a binary report's body; the last one keeps the bytes
/// after a custom value of unknown width raw, as `unparsed`.
pub fn records(body: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(body);
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let (fields, unparsed) = record(&mut r)?;
        let mut record = fields.into_record();
        if let Some(unparsed) = unparsed {
            record.io.push(IoElement {
                key: IoKey::Name("unparsed".into()),
                value: IoValue::Bytes(unparsed.to_vec()),
            });
            out.push(record);
            break;
        }
        out.push(record);
    }
    Ok(out)
}

fn text<'a>(r: &mut Reader<'a>, field: &str) -> Result<String, DecodeError> {
    let rest = r.rest();
    let end = rest
        .iter()
        .position(|b| *b == 0)
        .ok_or_else(|| DecodeError::malformed(format!("{field}: no terminating NUL")))?;
    *r = Reader::new(&rest[end + 1..]);
    Ok(String::from_utf8_lossy(&rest[..end]).into_owned())
}

/// One record; with the rest of the body when a custom value of unknown
/// width stops the reading.
fn record<'a>(r: &mut Reader<'a>) -> Result<(Fields, Option<&'a [u8]>), DecodeError> {
    let mut f = Fields {
        gps_ms: i64::from(r.u32("GPS time")?) * 1000,
        rtc: i64::from(r.u32("RTC time")?),
        send: i64::from(r.u32("sending time")?),
        longitude: i64::from(r.u32("longitude")? as i32),
        latitude: i64::from(r.u32("latitude")? as i32),
        heading: f64::from(r.u16("heading")?),
        report: u32::from(r.u8("report id")?),
        odometer: f64::from(r.u32("odometer")?),
        hdop: f64::from(r.u16("HDOP")?),
        inputs: u64::from(r.u8("inputs")?),
        speed: f64::from(r.u16("speed")?),
        outputs: u64::from(r.u8("outputs")?),
        analog: f64::from(r.u16("analog input")?),
        ..Fields::default()
    };
    f.driver = text(r, "driver id")?;
    f.temperatures = [
        i64::from(r.u16("temperature 1")? as i16),
        i64::from(r.u16("temperature 2")? as i16),
    ];
    f.text = text(r, "text message")?;
    let rest = r.rest();
    let mut cursor = Reader::new(rest);
    if rest.first() == Some(&b'%') {
        let form = text(&mut cursor, "custom form")?;
        for code in custom::codes(&form) {
            let value = if code == "CI" {
                IoValue::Text(form.clone())
            } else {
                match custom::width(&code) {
                    Some(Width::Text) => IoValue::Text(text(&mut cursor, &code)?),
                    Some(Width::Bytes(n)) => IoValue::Uint {
                        value: cursor.uint(usize::from(n), &code)?,
                        width: n,
                    },
                    None => return Ok((f, Some(cursor.rest()))),
                }
            };
            f.custom.push((code, value));
        }
    }
    *r = cursor;
    Ok((f, None))
}
