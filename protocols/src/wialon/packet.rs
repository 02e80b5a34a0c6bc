//! One Wialon IPS line → one [`Message`]: packet types, CRCs, answers.

use bytes::Bytes;

use crate::checksum::crc16_arc;
use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::Session;
use super::decode::{self, DataError, Shape};
use super::encode;
use super::framing;

/// Decodes one line (without its `\r\n`), updating `session` on a login.
pub fn decode(line: &[u8], session: &mut Session, now_ms: i64) -> Result<Message, DecodeError> {
    let (prefix, rest) = framing::split_prefix(line)?;
    let (kind, body) = framing::split_type(rest)?;
    let version2 = prefix.as_ref().map_or(session.version2, |p| p.version2);
    let named = prefix.map(|p| p.device);
    match kind {
        b"L" => return login(body, session),
        b"P" => {
            return Ok(Message::Heartbeat {
                device: named,
                reply: Some(Bytes::from_static(encode::PING_REPLY)),
            });
        }
        _ => {}
    }
    if named.is_none() && session.device.is_none() {
        return Err(DecodeError::BeforeLogin);
    }
    match kind {
        b"SD" => Ok(data(named, body, Shape::Short, version2, now_ms)),
        b"D" => Ok(data(named, body, Shape::Full, version2, now_ms)),
        b"B" => Ok(black_box(named, body, version2, now_ms)),
        b"M" => Ok(driver_message(named, body, version2)),
        other => Err(DecodeError::Unsupported(format!(
            "packet type {}",
            String::from_utf8_lossy(other)
        ))),
    }
}

fn login(body: &[u8], session: &mut Session) -> Result<Message, DecodeError> {
    let fields: Vec<&[u8]> = body.split(|&b| b == b';').collect();
    let (id, version2) = match fields.as_slice() {
        [id, _password] => (*id, false),
        [b"2.0", id, _password, crc] => {
            let covered = &body[..body.len() - crc.len()];
            verify(covered, crc)?;
            (*id, true)
        }
        _ => return Err(DecodeError::malformed("login is not imei;password")),
    };
    let device = framing::device_id(id)?;
    session.device = Some(device.clone());
    session.version2 = version2;
    Ok(Message::Login {
        device,
        accept: Some(Bytes::from_static(encode::LOGIN_ACCEPT)),
        reject: Some(Bytes::from_static(encode::LOGIN_REJECT)),
    })
}

fn data(
    device: Option<DeviceId>,
    body: &[u8],
    shape: Shape,
    version2: bool,
    now_ms: i64,
) -> Message {
    match strip_crc(body, shape, version2).and_then(|fields| parse(fields, shape, now_ms)) {
        Ok(record) => Message::Records {
            device,
            records: vec![record],
            ack: Some(encode::data_reply(shape, "1")),
        },
        Err(error) => Message::Heartbeat {
            device,
            reply: Some(encode::data_reply(shape, error.code(shape))),
        },
    }
}

fn parse(body: &[u8], shape: Shape, now_ms: i64) -> Result<Record, DataError> {
    let text = String::from_utf8_lossy(body);
    let fields: Vec<&str> = text.split(';').collect();
    decode::record(&fields, shape, now_ms)
}

/// The body without its CRC, verified if present. One field more than
/// the shape has is the CRC; a 2.0 session must send it.
fn strip_crc(body: &[u8], shape: Shape, version2: bool) -> Result<&[u8], DataError> {
    let count = body.iter().filter(|&&b| b == b';').count() + 1;
    if count == shape.fields() && !version2 {
        return Ok(body);
    }
    if count != shape.fields() + 1 {
        return Err(DataError::Structure);
    }
    let (covered, crc) = split_last(body, b';').ok_or(DataError::Structure)?;
    verify(covered, crc).map_err(|_| DataError::Checksum)?;
    Ok(&covered[..covered.len() - 1])
}

fn black_box(device: Option<DeviceId>, body: &[u8], version2: bool, now_ms: i64) -> Message {
    let refuse = |device| Message::Heartbeat {
        device,
        reply: Some(encode::black_box_reply(0)),
    };
    // In 2.0 the last `|` item is the CRC of everything before it.
    let items = match split_last(body, b'|') {
        Some((covered, crc)) if !crc.is_empty() && !crc.contains(&b';') => {
            if verify(covered, crc).is_err() {
                return refuse(device);
            }
            &covered[..covered.len() - 1]
        }
        _ if version2 => return refuse(device),
        _ => body,
    };
    let mut records = Vec::new();
    for item in items.split(|&b| b == b'|').filter(|i| !i.is_empty()) {
        let count = item.iter().filter(|&&b| b == b';').count() + 1;
        let shape = if count == Shape::Short.fields() {
            Shape::Short
        } else {
            Shape::Full
        };
        match parse(item, shape, now_ms) {
            Ok(record) => records.push(record),
            // Refused as a whole: a partial count would tell the device
            // that messages it cannot identify were stored.
            Err(_) => return refuse(device),
        }
    }
    if records.is_empty() {
        return refuse(device);
    }
    let ack = Some(encode::black_box_reply(records.len()));
    Message::Records {
        device,
        records,
        ack,
    }
}

fn driver_message(device: Option<DeviceId>, body: &[u8], version2: bool) -> Message {
    let text = if version2 {
        match split_last(body, b';') {
            Some((covered, crc)) if verify(covered, crc).is_ok() => &covered[..covered.len() - 1],
            _ => {
                return Message::Heartbeat {
                    device,
                    reply: Some(Bytes::from_static(encode::MESSAGE_REFUSED)),
                };
            }
        }
    } else {
        body
    };
    Message::CommandResponse {
        answers: None,
        device,
        text: String::from_utf8_lossy(text).into_owned(),
        ack: Some(Bytes::from_static(encode::MESSAGE_ACK)),
    }
}

/// Splits at the last `sep`: (everything up to and including it, the rest).
fn split_last(body: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let at = body.iter().rposition(|&b| b == sep)?;
    Some((&body[..=at], &body[at + 1..]))
}

/// Checks a CRC written as 1 to 4 hex digits, optionally `0x`-prefixed.
fn verify(covered: &[u8], crc: &[u8]) -> Result<(), DecodeError> {
    let digits = crc
        .strip_prefix(b"0x")
        .or_else(|| crc.strip_prefix(b"0X"))
        .unwrap_or(crc);
    let carried = std::str::from_utf8(digits)
        .ok()
        .filter(|d| (1..=4).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|d| u16::from_str_radix(d, 16).ok())
        .ok_or_else(|| DecodeError::malformed("CRC is not hex"))?;
    let computed = crc16_arc(covered);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    Ok(())
}
