//! Sentences a Suntech device (or a simulator standing in for one) sends.
//! The gateway itself sends Suntech devices nothing: they expect no reply.

use crate::datetime::civil;
use crate::record::Record;

/// An `ST300STT` status report with one position, numbered `msg_num`,
/// with the hour-meter block (`H_METER;BCK_VOLT;MSG_TYPE`), ending `\r`.
pub fn stt_sentence(device_id: &str, record: &Record, msg_num: u16) -> String {
    let (y, mo, d, h, mi, s) = civil(record.fix_time_ms);
    format!(
        "ST300STT;{device_id};04;706;{y:04}{mo:02}{d:02};{h:02}:{mi:02}:{s:02};cc719;{lat:+010.6};{lon:+011.6};{speed:07.3};{course:06.2};{sats};{fix};0;12.50;100000;1;{msg_num:04};000207;4.1;1\r",
        lat = record.latitude,
        lon = record.longitude,
        speed = record.speed_kmh,
        course = record.course_deg,
        sats = record.satellites.unwrap_or(0),
        fix = u8::from(record.valid),
    )
}

/// An `ST300ALV` keep-alive.
pub fn alive_sentence(device_id: &str) -> String {
    format!("ST300ALV;{device_id}\r")
}
