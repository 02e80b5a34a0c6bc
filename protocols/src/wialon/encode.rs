//! Bytes trackgate sends to Wialon IPS devices, and packets a device (or a
//! simulator standing in for one) sends.
//!
//! Every answer is `#A<type>#<code>\r\n`; the codes are the spec's.

use bytes::Bytes;

use crate::checksum::crc16_arc;
use crate::record::{FixSource, IoKey, IoValue, Record};

use super::decode::Shape;

/// Accepts a login.
pub const LOGIN_ACCEPT: &[u8] = b"#AL#1\r\n";
/// Refuses a login (unknown device).
pub const LOGIN_REJECT: &[u8] = b"#AL#0\r\n";
/// Answers a ping.
pub const PING_REPLY: &[u8] = b"#AP#\r\n";
/// Acknowledges a message from the driver.
pub const MESSAGE_ACK: &[u8] = b"#AM#1\r\n";
/// Refuses a message from the driver (its CRC failed).
pub const MESSAGE_REFUSED: &[u8] = b"#AM#0\r\n";

/// The answer to an SD (`#ASD#code`) or D (`#AD#code`) packet; code `1`
/// means registered.
pub fn data_reply(shape: Shape, code: &str) -> Bytes {
    let kind = match shape {
        Shape::Short => "ASD",
        Shape::Full => "AD",
    };
    Bytes::from(format!("#{kind}#{code}\r\n"))
}

/// The answer to a black box: how many of its messages were registered.
pub fn black_box_reply(count: usize) -> Bytes {
    Bytes::from(format!("#AB#{count}\r\n"))
}

/// Appends the 2.0 CRC (CRC-16/ARC of `body`, 4 upper-case hex digits).
/// `body` must already end with the separator the CRC follows.
pub fn with_crc(body: &str) -> String {
    format!("{body}{:04X}", crc16_arc(body.as_bytes()))
}

/// A login line: `#L#imei;password` or `#L#2.0;imei;password;crc`.
pub fn login_packet(imei: &str, password: &str, version2: bool) -> String {
    if version2 {
        format!("#L#{}\r\n", with_crc(&format!("2.0;{imei};{password};")))
    } else {
        format!("#L#{imei};{password}\r\n")
    }
}

/// A D line carrying `record`: its fix, speed, course, height, satellites,
/// HDOP, and its raw named text elements as type-3 parameters (the
/// `inputs`/`outputs`/`adc`/`ibutton` fields go back into their places).
pub fn data_packet(record: &Record, version2: bool) -> String {
    let mut fields = Vec::with_capacity(17);
    match time_fields(record.fix_time_ms) {
        Some((date, time)) => fields.extend([date, time]),
        None => fields.extend(["NA".to_owned(), "NA".to_owned()]),
    }
    if record.source == FixSource::None {
        fields.extend(["NA", "NA", "NA", "NA"].map(String::from));
    } else {
        let (lat, ns) = ddmm(record.latitude, 'N', 'S');
        let (lon, ew) = ddmm(record.longitude, 'E', 'W');
        fields.extend([format!("{lat:09.4}"), ns, format!("{lon:010.4}"), ew]);
    }
    fields.push(format!("{}", record.speed_kmh));
    fields.push(format!("{}", record.course_deg));
    fields.push(format!("{}", record.altitude_m));
    fields.push(record.satellites.map_or("NA".into(), |s| s.to_string()));
    fields.push(record.hdop.map_or("NA".into(), |h| h.to_string()));
    let text = |name: &str| {
        record.io.iter().find_map(|e| match (&e.key, &e.value) {
            (IoKey::Name(n), IoValue::Text(v)) if n == name => Some(v.clone()),
            _ => None,
        })
    };
    for name in ["inputs", "outputs", "adc", "ibutton"] {
        fields.push(text(name).unwrap_or_else(|| "NA".into()));
    }
    let params: Vec<String> = record
        .io
        .iter()
        .filter_map(|e| match (&e.key, &e.value) {
            (IoKey::Name(n), IoValue::Text(v))
                if !matches!(n.as_str(), "inputs" | "outputs" | "adc" | "ibutton") =>
            {
                Some(format!("{n}:3:{v}"))
            }
            _ => None,
        })
        .collect();
    fields.push(if params.is_empty() {
        "NA".into()
    } else {
        params.join(",")
    });
    let body = fields.join(";");
    if version2 {
        format!("#D#{}\r\n", with_crc(&format!("{body};")))
    } else {
        format!("#D#{body}\r\n")
    }
}

/// Degrees as `DDMM.MMMM` magnitude and a hemisphere letter.
fn ddmm(degrees: f64, positive: char, negative: char) -> (f64, String) {
    let hemisphere = if degrees < 0.0 { negative } else { positive };
    let abs = degrees.abs();
    let whole = abs.trunc();
    (whole * 100.0 + (abs - whole) * 60.0, hemisphere.to_string())
}

/// `DDMMYY` and `HHMMSS` of a time in ms, for years 2000..=2099.
fn time_fields(ms: i64) -> Option<(String, String)> {
    let seconds = ms.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = crate::datetime::civil_from_days(days);
    if !(2000..=2099).contains(&year) {
        return None;
    }
    Some((
        format!("{day:02}{month:02}{:02}", year - 2000),
        format!(
            "{:02}{:02}{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        ),
    ))
}
