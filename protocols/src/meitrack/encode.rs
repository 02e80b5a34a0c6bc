//! Bytes trackgate sends to Meitrack devices, and frames a device (or a
//! simulator standing in for one) sends.
//!
//! Every server frame is `@@<flag><length>,<imei>,<command>,<data>*<XX>\r\n`,
//! `length` and `XX` as in the device's frames (see [`super::framing`]).
//!
//! - a `CCC` batch is confirmed with `CCC,<n>`, `n` the number of packets
//!   received, under the batch's own data identifier: the device then
//!   deletes those packets from its cache;
//! - an `AAC` is answered with `AAC,1` under the identifier `z`.
//!
//! Lengths are counted, not estimated: for `n` under 100 and a 15-digit
//! IMEI they equal the `27 + n/10` other servers write, and they stay right
//! beyond that.

use bytes::Bytes;

use crate::checksum::sum8;
use crate::fix;
use crate::record::Record;

/// Frames `<imei>,<command>[,<data>]` with `head` (`@@` or `$$`), the data
/// identifier, the length, the checksum and CR LF.
pub fn frame(head: &[u8; 2], flag: u8, imei: &str, command: &str, data: &[u8]) -> Vec<u8> {
    let mut tail = format!(",{imei},{command}").into_bytes();
    if !data.is_empty() {
        tail.push(b',');
        tail.extend_from_slice(data);
    }
    // `*XX\r\n` follows the tail.
    let length = tail.len() + 5;
    let mut out = head.to_vec();
    out.push(flag);
    out.extend_from_slice(length.to_string().as_bytes());
    out.extend_from_slice(&tail);
    out.push(b'*');
    let sum = sum8(&out);
    out.extend_from_slice(format!("{sum:02X}\r\n").as_bytes());
    out
}

/// `@@<flag><len>,<imei>,CCC,<count>*XX\r\n`: confirms `count` CCC packets.
pub fn ccc_ack(flag: u8, imei: &str, count: usize) -> Bytes {
    frame(b"@@", flag, imei, "CCC", count.to_string().as_bytes()).into()
}

/// `@@z27,<imei>,AAC,1*XX\r\n`: the answer to an `AAC`.
pub fn aac_reply(imei: &str) -> Bytes {
    frame(b"@@", b'z', imei, "AAC", b"1").into()
}

/// An `AAA` report for `record` as a device sends it, with `event`, the
/// I/O status word and fields from the record (GSM signal 20, no cells).
pub fn aaa_frame(flag: u8, imei: &str, event: u32, record: &Record, io: u16) -> Vec<u8> {
    let (y, mo, d, h, mi, s) = fix::civil(record.fix_time_ms);
    let data = format!(
        "{event},{lat:.6},{lon:.6},{yy:02}{mo:02}{d:02}{h:02}{mi:02}{s:02},{valid},{sats},20,{speed:.0},{course:.0},{hdop:.1},{alt:.0},0,0,0|0|0|0,{io:04X},0000|0000|0000|0000|0000",
        lat = record.latitude,
        lon = record.longitude,
        yy = y.rem_euclid(100),
        valid = if record.valid { 'A' } else { 'V' },
        sats = record.satellites.unwrap_or(0),
        speed = record.speed_kmh,
        course = record.course_deg,
        hdop = record.hdop.unwrap_or(1.0),
        alt = record.altitude_m,
    );
    frame(b"$$", flag, imei, "AAA", data.as_bytes())
}
