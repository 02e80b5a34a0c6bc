//! Bytes trackgate sends to H02 devices, and sentences a device (or a
//! simulator standing in for one) sends.
//!
//! Replies (the device's manufacturer prefix, usually `*HQ`, is echoed):
//!
//! - heartbeats `V0` / `HTBT`: the sentence up to its type, closed with `#`
//!   (`*HQ,<id>,V0#`, `*HQ,<id>,HTBT#`);
//! - a location sentence whose last field is `V1`, and every `NBR` cell
//!   report: `*HQ,<id>,V4,<type>,<yyyyMMddHHmmss>#` with the server's UTC
//!   time;
//! - [`r12_ack`]: the optional `*HQ,<id>,R12,<HHmmss>#` acknowledgement.
//!   The codec does not send it: devices carry on without it, and only some
//!   firmware expects it (Traccar also sends it only when configured).

use bytes::Bytes;

use crate::fix;
use crate::record::Record;

/// `*HQ,<id>,<kind>#`: the answer to a heartbeat, echoing its prefix.
pub fn heartbeat_reply(prefix: &str, id: &str, kind: &str) -> Bytes {
    Bytes::from(format!("{prefix},{id},{kind}#"))
}

/// `*HQ,<id>,V4,<kind>,<yyyyMMddHHmmss>#`: the confirmation of a `V1`
/// sentence that asks for one, or of an `NBR` report, at `now_ms` (UTC).
pub fn v4_reply(prefix: &str, id: &str, kind: &str, now_ms: i64) -> Bytes {
    let (y, mo, d, h, mi, s) = fix::civil(now_ms);
    Bytes::from(format!(
        "{prefix},{id},V4,{kind},{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}#"
    ))
}

/// `*HQ,<id>,R12,<HHmmss>#`: the optional acknowledgement of a position.
pub fn r12_ack(id: &str, now_ms: i64) -> Bytes {
    let (_, _, _, h, mi, s) = fix::civil(now_ms);
    Bytes::from(format!("*HQ,{id},R12,{h:02}{mi:02}{s:02}#"))
}

/// A `V1` location sentence for `record`, as a device sends it, with the
/// given status word (hex digits, negative logic).
pub fn v1_sentence(id: &str, record: &Record, status: u32) -> String {
    let (y, mo, d, h, mi, s) = fix::civil(record.fix_time_ms);
    let (lat, ns) = dm(record.latitude, 'N', 'S', 2);
    let (lon, ew) = dm(record.longitude, 'E', 'W', 3);
    format!(
        "*HQ,{id},V1,{h:02}{mi:02}{s:02},{valid},{lat},{ns},{lon},{ew},{speed:.2},{course:.0},{d:02}{mo:02}{yy:02},{status:08X}#",
        valid = if record.valid { 'A' } else { 'V' },
        speed = record.speed_kmh / fix::KMH_PER_KNOT,
        course = record.course_deg,
        yy = y.rem_euclid(100),
    )
}

/// Degrees as `DDMM.MMMM` (zero-padded to `width` degree digits) and a hemisphere letter.
fn dm(value: f64, positive: char, negative: char, width: usize) -> (String, char) {
    // Whole ten-thousandths of a minute, so rounding never yields 60 minutes.
    let total = (value.abs() * 60.0 * 10_000.0).round() as u64;
    let (degrees, minutes) = (total / 600_000, total % 600_000);
    let text = format!(
        "{degrees:0width$}{:02}.{:04}",
        minutes / 10_000,
        minutes % 10_000
    );
    (text, if value < 0.0 { negative } else { positive })
}
