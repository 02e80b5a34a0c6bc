//! The HEX form: `+RSP`/`+BSP` locations, `+EVT`/`+BVT` events, `+INF`/`+BNF`
//! information, `+ACK` command answers, and headers only consumed.
//!
//! Every frame ends `<count:2> <CRC-16/CCITT-FALSE:2> 0D 0A`; the CRC
//! covers everything from the message type to the count, and is verified.
//!
//! A location or event frame's layout follows its report mask (bit → field):
//! 7 length, 8 device type, 9 protocol version, 10 firmware version, then
//! the 8-byte unique id (bit 6: a NUL-padded device name instead of the
//! IMEI, which is seven bytes holding two decimal digits each and one
//! holding the last digit), 11 battery %, 12 external power (mV), 14 analog
//! input (2 bytes), 17 digital inputs and outputs (1 + 1), 18 motion
//! status, 19 satellites. Locations then carry a report id/type byte,
//! events their type's own fields (`event_fields`); then the number of
//! positions and each position: accuracy (HDOP, 0 = no fix), bit 0 speed
//! (km/h: 2-byte integer part, 1-byte tenths), bit 1 azimuth, bit 2 altitude
//! (i16, m), longitude and latitude (i32, 10⁻⁶ degrees), UTC time (year:2,
//! month, day, hour, minute, second), bit 3 the serving cell (MCC, MNC,
//! LAC, cell id: 2 bytes each) and a reserved byte. Mileages, hour meters
//! and whatever else follows are kept raw as `tail`; the send time (bit 4)
//! and count (bit 5) end the frame.
//!
//! Message type 100 is a compressed batch ([`compressed`]).

pub mod compressed;

use crate::checksum::crc16_ccitt_false;
use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::message::{DeviceId, Message};
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// Decodes one HEX-form frame, its checksum verified.
pub fn decode(frame: &[u8]) -> Result<Message, DecodeError> {
    if frame.len() < 12 || !frame.ends_with(b"\r\n") {
        return Err(DecodeError::malformed("HEX frame does not end with CR LF"));
    }
    let n = frame.len();
    let carried = u16::from_be_bytes([frame[n - 4], frame[n - 3]]);
    let computed = crc16_ccitt_false(&frame[4..n - 4]);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    let content = &frame[4..n - 4];
    match &frame[..4] {
        b"+RSP" | b"+BSP" => report(content, false),
        b"+EVT" | b"+BVT" => report(content, true),
        b"+INF" | b"+BNF" => information(content),
        b"+ACK" => Ok(command_ack(frame, content)),
        // Heartbeats, logins, CAN and data reports: consumed, not decoded.
        _ => Ok(Message::Heartbeat {
            device: None,
            reply: None,
        }),
    }
}

/// The 8-byte unique id: an IMEI (seven bytes of two decimal digits and a
/// last digit), or a NUL-padded device name.
fn unique_id(bytes: &[u8], name: bool) -> (Option<DeviceId>, Option<IoElement>) {
    let imei = (!name && bytes[..7].iter().all(|&b| b < 100) && bytes[7] < 10).then(|| {
        let mut id: String = bytes[..7].iter().map(|b| format!("{b:02}")).collect();
        id.push(char::from(b'0' + bytes[7]));
        DeviceId(id)
    });
    if imei.is_some() {
        return (imei, None);
    }
    let text: String = bytes
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| char::from(b))
        .collect();
    (None, Some(text_io("device_name", &text)))
}

fn text_io(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}

fn bytes_io(name: &str, value: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(value.to_vec()),
    }
}

fn uint_io(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

/// `year:2 month day hour minute second` as UTC milliseconds.
fn time(r: &mut Reader<'_>, what: &str) -> Result<i64, DecodeError> {
    let year = r.u16(what)?;
    let [mo, d, h, mi, s] = r.array::<5>(what)?;
    utc_ms(
        i64::from(year),
        u32::from(mo),
        u32::from(d),
        u32::from(h),
        u32::from(mi),
        u32::from(s),
    )
    .ok_or_else(|| DecodeError::malformed(format!("{what}: invalid date")))
}

fn bit(mask: u32, n: u32) -> bool {
    mask & (1 << n) != 0
}

/// Fields some event types insert before the position count, in bytes.
fn event_fields(kind: u8) -> usize {
    match kind {
        6 | 15 | 31 => 2,  // backup battery / update code / jamming values
        13 | 17 => 4,      // ignition-off duration / idling duration
        21 => 5,           // GPS signal status + reserved
        26 => 12,          // geofence id, enable, mode, radius, interval
        23 | 33 | 35 => 1, // crash counter / jamming / roaming state
        34 => 3,           // command id + result
        45 | 46 => 7,      // reserved, report type, ignition duration
        _ => 0,
    }
}

/// A `+RSP`/`+BSP` (`event` false) or `+EVT`/`+BVT` frame's content.
fn report(content: &[u8], event: bool) -> Result<Message, DecodeError> {
    let mut r = Reader::new(content);
    let kind = r.u8("message type")?;
    let mask = r.u32("report mask")?;
    let mut head = Vec::new();
    for (n, width, name) in [
        (7, 2, "length"),
        (8, 1, "device_type"),
        (9, 2, "protocol_version"),
        (10, 2, "firmware_version"),
    ] {
        if bit(mask, n) {
            head.push(uint_io(name, r.uint(width, name)?, width as u8));
        }
    }
    let (device, name) = unique_id(r.bytes(8, "unique id")?, bit(mask, 6));
    let mut values = Vec::new();
    if bit(mask, 11) {
        values.push(io::battery_level(r.u8("battery")?.min(100)));
    }
    if bit(mask, 12) {
        values.push(io::board_voltage(u32::from(r.u16("external power")?)));
    }
    if bit(mask, 14) {
        head.push(uint_io(
            "analog_input",
            u64::from(r.u16("analog input")?),
            2,
        ));
    }
    if bit(mask, 17) {
        let [inputs, outputs] = r.array::<2>("digital inputs and outputs")?;
        head.push(uint_io("digital_inputs", u64::from(inputs), 1));
        head.push(uint_io("digital_outputs", u64::from(outputs), 1));
    }
    if bit(mask, 18) {
        head.push(uint_io(
            "motion_status",
            u64::from(r.u8("motion status")?),
            1,
        ));
    }
    let satellites = if bit(mask, 19) {
        Some(r.u8("satellites")? & 0x1F)
    } else {
        None
    };
    let mut records = if !event && kind == compressed::TYPE {
        compressed::points(&mut r)?
    } else {
        if event {
            r.bytes(event_fields(kind), "event fields")?;
        } else {
            r.u8("report id")?;
            if kind == 3 {
                skip_phone(&mut r)?;
            }
        }
        let count = r.u8("position count")?;
        (0..count)
            .map(|_| position(&mut r, mask))
            .collect::<Result<Vec<_>, _>>()?
    };
    let tail_len = r
        .remaining()
        .saturating_sub(7 * usize::from(bit(mask, 4)) + 2 * usize::from(bit(mask, 5)));
    let tail = r.bytes(tail_len, "tail")?;
    let Some(last) = records.last_mut() else {
        return Ok(Message::Heartbeat {
            device,
            reply: None,
        });
    };
    last.io.extend(head);
    last.io.extend(name);
    if !tail.is_empty() {
        last.io.push(bytes_io("tail", tail));
    }
    last.io.push(uint_io("message_type", u64::from(kind), 1));
    last.values.extend(values);
    for record in &mut records {
        record.satellites = record.satellites.or(satellites);
    }
    Ok(Message::Records {
        device,
        records,
        ack: None,
    })
}

/// A GTLCB phone number: a length byte, then BCD digits up to an `F` nibble.
fn skip_phone(r: &mut Reader<'_>) -> Result<(), DecodeError> {
    r.u8("phone length")?;
    loop {
        let b = r.u8("phone number")?;
        if b & 0x0F == 0x0F || b & 0xF0 == 0xF0 {
            return Ok(());
        }
    }
}

/// One position block.
fn position(r: &mut Reader<'_>, mask: u32) -> Result<Record, DecodeError> {
    let accuracy = r.u8("accuracy")?;
    let speed = if bit(mask, 0) {
        f64::from(r.u16("speed")?) + f64::from(r.u8("speed tenths")?) / 10.0
    } else {
        0.0
    };
    let course = if bit(mask, 1) { r.u16("azimuth")? } else { 0 };
    let altitude = if bit(mask, 2) {
        r.u16("altitude")? as i16
    } else {
        0
    };
    let longitude = f64::from(r.u32("longitude")? as i32) / 1e6;
    let latitude = f64::from(r.u32("latitude")? as i32) / 1e6;
    let fix_time_ms = time(r, "GNSS time")?;
    if longitude.abs() > 180.0 || latitude.abs() > 90.0 || course > 360 {
        return Err(DecodeError::malformed("HEX position out of range"));
    }
    let mut record = Record::at(fix_time_ms, latitude, longitude);
    record.valid = accuracy > 0;
    record.hdop = Some(f64::from(accuracy));
    record.speed_kmh = speed;
    record.course_deg = f64::from(course);
    record.altitude_m = f64::from(altitude);
    if bit(mask, 3) {
        let cell = r.array::<8>("cell")?;
        r.u8("reserved")?;
        let parts: Vec<String> = cell
            .chunks(2)
            .map(|p| format!("{:02X}{:02X}", p[0], p[1]))
            .collect();
        record.io.push(text_io("cell", &parts.join(",")));
    }
    Ok(record)
}

/// `+INF`/`+BNF`: device information, kept raw on a record without a
/// location, dated by its send time. Its layout differs between models
/// (some add an expansion mask), so only the id and versions are read.
fn information(content: &[u8]) -> Result<Message, DecodeError> {
    let mut r = Reader::new(content);
    let kind = r.u8("message type")?;
    let mask = r.u16("information mask")?;
    r.u16("length")?;
    let (device, name) = unique_id(r.bytes(8, "unique id")?, u32::from(mask) & (1 << 6) != 0);
    let device_type = r.u8("device type")?;
    let protocol = r.u16("protocol version")?;
    let firmware = r.u16("firmware version")?;
    let rest = r.rest();
    let Some(at) = rest.len().checked_sub(9) else {
        return Err(DecodeError::malformed(
            "+INF frame too short for its send time",
        ));
    };
    let sent = time(&mut Reader::new(&rest[at..at + 7]), "send time")?;
    let mut record = Record::at(sent, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record.io.extend(name);
    record.io.push(uint_io("message_type", u64::from(kind), 1));
    record
        .io
        .push(uint_io("device_type", u64::from(device_type), 1));
    record
        .io
        .push(uint_io("protocol_version", u64::from(protocol), 2));
    record
        .io
        .push(uint_io("firmware_version", u64::from(firmware), 2));
    record.io.push(bytes_io("information", &rest[..at]));
    Ok(Message::Records {
        device,
        records: vec![record],
        ack: None,
    })
}

/// `+ACK` (HEX): a command answer, handed on hex-encoded. Its id is read
/// from where a 36-byte answer keeps it (after type, mask, length, device
/// type and versions); the mask does not tell IMEI from name reliably, so
/// an id that is not a valid IMEI is taken for a name.
fn command_ack(frame: &[u8], content: &[u8]) -> Message {
    let device = content.get(8..16).and_then(|uid| unique_id(uid, false).0);
    Message::CommandResponse {
        answers: None,
        device,
        text: frame.iter().map(|b| format!("{b:02x}")).collect(),
        ack: None,
    }
}
