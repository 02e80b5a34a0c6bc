//! What each JT/T 808 message means to the session, by message id.
//!
//! | id     | message                  | becomes             | reply                   |
//! |--------|--------------------------|---------------------|-------------------------|
//! | 0x0100 | terminal registration    | `Login`             | 0x8100 (auth code / 4)  |
//! | 0x0102 | terminal authentication  | `Login`             | 0x8001 success / failure|
//! | 0x0002 | heartbeat                | `Heartbeat`         | 0x8001                  |
//! | 0x0003 | logout                   | `Heartbeat`         | 0x8001                  |
//! | 0x0109 | time sync request        | `Heartbeat`         | 0x8109                  |
//! | 0x0200 | location report          | `Records` (1)       | 0x8001 once stored      |
//! | 0x0704 | batch location upload    | `Records` (n)       | 0x8001 once stored      |
//! | 0x0210 | maker batch / battery    | `Records`           | 0x8001 once stored      |
//! | 0x0702 | driver identity          | `Records` (no fix)  | 0x8001 once stored      |
//! | 0x0107 | terminal attributes      | `CommandResponse`   | 0x8001                  |
//! | 0x0701 | electronic waybill       | `CommandResponse`   | 0x8001                  |
//! | 0x0900 | passthrough, position    | `Records`           | 0x8001 once stored      |
//! | 0x0900 | passthrough, other       | `CommandResponse`   | 0x8001                  |
//! | 0x6006 | manufacturer text answer | `CommandResponse`   | 0x8001                  |
//! | 0x1300 | maker text answer        | `CommandResponse`   | 0x8001                  |
//! | other  | —                        | `Heartbeat`         | 0x8001 result 3         |
//!
//! Answers to platform commands (0x0001, 0x0201, 0x0500) are read before
//! this table, by [`super::answers`], and not replied to.
//!
//! Result 3 ("not supported") is the standard's answer for a message the
//! platform does not handle; it is also given to subpackaged and encrypted
//! messages, whose reassembly and decryption trackgate does not implement.
//! 0x0210 and 0x1300 are described in [`super::maker`], the passthrough
//! types that carry positions in [`super::passthrough`].

use std::borrow::Cow;

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::encode::{self, RegisterResult, ReplyResult};
use super::framing::Header;
use super::location;
use super::maker;
use super::passthrough;
use super::reader::Reader;
use super::variant::Jt808Variant;

/// What the codec needs to answer a message.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The platform serial the reply carries.
    pub serial: u16,
    /// The time now, ms since the epoch (UTC), for time sync replies.
    pub now_ms: i64,
    /// The tracker model's layout.
    pub variant: Jt808Variant,
}

/// Turns one parsed message into what the session acts on.
pub fn message(header: &Header, body: &[u8], ctx: Context) -> Result<Message, DecodeError> {
    let device = DeviceId(header.phone_digits());
    let general = |result| encode::general_reply(header, ctx.serial, result);
    if header.packet.is_some() || header.encrypted {
        return Ok(heartbeat(device, general(ReplyResult::Unsupported)));
    }
    let records = |records| Message::Records {
        device: Some(device.clone()),
        records,
        ack: Some(general(ReplyResult::Success)),
    };
    let response = |text| Message::CommandResponse {
        answers: None,
        device: Some(device.clone()),
        text,
        ack: Some(general(ReplyResult::Success)),
    };
    Ok(match header.id {
        0x0100 => {
            let auth = device.as_str().to_owned();
            Message::Login {
                accept: Some(encode::register_reply(
                    header,
                    ctx.serial,
                    RegisterResult::Success,
                    &auth,
                )),
                reject: Some(encode::register_reply(
                    header,
                    ctx.serial,
                    RegisterResult::UnknownTerminal,
                    "",
                )),
                device,
            }
        }
        0x0102 => Message::Login {
            device,
            accept: Some(general(ReplyResult::Success)),
            reject: Some(general(ReplyResult::Failure)),
        },
        0x0002 | 0x0003 => heartbeat(device, general(ReplyResult::Success)),
        0x0109 => heartbeat(device, encode::time_reply(header, ctx.serial, ctx.now_ms)),
        0x0200 => records(vec![location::report(body, ctx.variant)?]),
        0x0704 => records(location::batch(body, ctx.variant)?),
        0x0210 => records(maker::status_or_batch(body, ctx.variant)?),
        0x1300 => response(maker::text_answer(body)?),
        0x0702 => records(vec![driver_identity(body)?]),
        0x0107 => response(attributes(header, body)?),
        0x0701 => {
            let mut r = Reader::new(body);
            let len = r.u32("waybill length")?;
            let content = r.bytes(usize::try_from(len).unwrap_or(usize::MAX), "waybill")?;
            response(text_or_hex(content))
        }
        0x0900 => {
            if let Some(found) = passthrough::records(body) {
                return Ok(records(found));
            }
            let mut r = Reader::new(body);
            let kind = r.u8("passthrough type")?;
            response(format!(
                "[{kind:02x}] {}",
                text_or_hex(passthrough(r.rest()))
            ))
        }
        0x6006 => {
            let mut r = Reader::new(body);
            let _kind = r.u8("text type")?;
            response(text_or_hex(r.rest()))
        }
        _ => heartbeat(device, general(ReplyResult::Unsupported)),
    })
}

fn heartbeat(device: DeviceId, reply: Bytes) -> Message {
    Message::Heartbeat {
        device: Some(device),
        reply: Some(reply),
    }
}

/// Printable ASCII as text (NUL padding and line ends trimmed), anything
/// else as lower-case hex.
pub fn text_or_hex(bytes: &[u8]) -> String {
    let trimmed = trim(bytes);
    if trimmed
        .iter()
        .all(|b| b.is_ascii_graphic() || b" \r\n\t".contains(b))
    {
        String::from_utf8_lossy(trimmed).trim_end().to_owned()
    } else {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Passthrough content, without the 2-byte length some devices put before
/// their text (recognised only when it gives exactly the rest's length).
fn passthrough(content: &[u8]) -> &[u8] {
    match content {
        [hi, lo, text @ ..] if usize::from(u16::from_be_bytes([*hi, *lo])) == text.len() => text,
        _ => content,
    }
}

/// Drops trailing NUL padding.
fn trim(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    &bytes[..end]
}

/// 0x0702: card status (1: inserted, 2: removed), time (BCD), and when
/// inserted and read: result (1), name (len + text), qualification
/// certificate code (20), issuer (len + text), validity (BCD 4). The
/// certificate code identifies the driver: it becomes `hardware_key`.
fn driver_identity(body: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(body);
    let status = r.u8("card status")?;
    let time = location::bcd_time(&r.array("card time")?)?;
    let mut record = Record::at(time, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record.io.push(IoElement {
        key: IoKey::Name("driver_card_status".into()),
        value: IoValue::Uint {
            value: u64::from(status),
            width: 1,
        },
    });
    if status == 1 && r.u8("card read result")? == 0 {
        let name_len = usize::from(r.u8("driver name length")?);
        let name = text_or_hex(r.bytes(name_len, "driver name")?);
        let code = text_or_hex(r.bytes(20, "certificate code")?);
        record.io.push(text_io("driver_name", &name));
        record.io.push(text_io("driver_certificate", &code));
        if !code.is_empty() {
            record.values.push(NamedValue::new(
                Sensor::State(Cow::Borrowed("hardware_key")),
                Value::Text(code),
            ));
        }
    }
    Ok(record)
}

fn text_io(name: &str, text: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(text.to_owned()),
    }
}

/// 0x0107: terminal type (2), manufacturer (5), model (20; 30 in 2019),
/// terminal id (7; 30 in 2019), ICCID (10 BCD), hardware version and
/// firmware version (len + text each), GNSS and network attributes (1 each).
fn attributes(header: &Header, body: &[u8]) -> Result<String, DecodeError> {
    let (model_len, id_len) = if header.version.is_some() {
        (30, 30)
    } else {
        (20, 7)
    };
    let mut r = Reader::new(body);
    r.u16("terminal type")?;
    let maker = text_or_hex(r.bytes(5, "manufacturer")?);
    let model = text_or_hex(r.bytes(model_len, "model")?);
    let id = text_or_hex(r.bytes(id_len, "terminal id")?);
    let iccid: String = r
        .bytes(10, "ICCID")?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let hw_len = usize::from(r.u8("hardware version length")?);
    let hardware = text_or_hex(r.bytes(hw_len, "hardware version")?);
    let fw_len = usize::from(r.u8("firmware version length")?);
    let firmware = text_or_hex(r.bytes(fw_len, "firmware version")?);
    Ok(format!(
        "manufacturer={maker};model={model};terminal_id={id};iccid={iccid};hardware={hardware};firmware={firmware}"
    ))
}
