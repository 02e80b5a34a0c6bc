//! Meiligao server packets (`@@`): the login and heartbeat answers and
//! commands; and device packets (`$$`), for tests and the simulator.

use bytes::Bytes;

use crate::datetime::civil;
use crate::fix::KMH_PER_KNOT;
use crate::record::Record;

use super::decode::{HEARTBEAT, LOGIN_REPLY};
use super::framing::{ID_LEN, SERVER_START, START, packet};

/// The answer's data byte: accepted.
const ACCEPTED: u8 = 0x01;

/// The answer to a login: `@@ <length> <id> 4000 01 <CRC> 0D 0A`.
pub fn login_reply(id: &[u8; ID_LEN]) -> Bytes {
    server(id, LOGIN_REPLY, &[ACCEPTED])
}

/// The answer to a heartbeat: `@@ <length> <id> 0001 01 <CRC> 0D 0A`.
pub fn heartbeat_reply(id: &[u8; ID_LEN]) -> Bytes {
    server(id, HEARTBEAT, &[ACCEPTED])
}

/// A server packet to the tracker `id`.
pub fn server(id: &[u8; ID_LEN], command: u16, data: &[u8]) -> Bytes {
    packet(SERVER_START, id, command, data)
}

/// A tracker packet from `id`.
pub fn device(id: &[u8; ID_LEN], command: u16, data: &[u8]) -> Bytes {
    packet(START, id, command, data)
}

/// A position report's text for `record`: the GPRMC fields (time to the
/// millisecond, speed in knots to 1/100, course to 1/100 degree), then
/// HDOP, altitude, state `0000`, two AD values and the mileage.
pub fn report(record: &Record) -> String {
    let (year, month, day, hour, minute, second) = civil(record.fix_time_ms);
    let ms = record.fix_time_ms.rem_euclid(1000);
    let (lat_degrees, lat_minutes) = split(record.latitude);
    let (lon_degrees, lon_minutes) = split(record.longitude);
    format!(
        "{hour:02}{minute:02}{second:02}.{ms:03},{},{lat_degrees:02}{lat_minutes:07.4},{},\
         {lon_degrees:03}{lon_minutes:07.4},{},{:.2},{:.2},{day:02}{month:02}{:02},,,A*00\
         |{:.1}|{:.1}|0000|0000,0000|{:09}",
        if record.valid { 'A' } else { 'V' },
        if record.latitude < 0.0 { 'S' } else { 'N' },
        if record.longitude < 0.0 { 'W' } else { 'E' },
        record.speed_kmh / KMH_PER_KNOT,
        record.course_deg,
        year.rem_euclid(100),
        record.hdop.unwrap_or(0.0),
        record.altitude_m,
        0,
    )
}

/// Whole degrees and minutes (to 1/10000) of `value`'s magnitude, the
/// minutes rounded without reaching 60.
fn split(value: f64) -> (u32, f64) {
    let ten_thousandths = (value.abs() * 60.0 * 10_000.0).round() as u64;
    let degrees = ten_thousandths / 600_000;
    let minutes = (ten_thousandths % 600_000) as f64 / 10_000.0;
    (degrees as u32, minutes)
}
