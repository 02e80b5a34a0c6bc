//! Bytes trackgate sends to GPS103 (Coban) devices, and reports a device
//! (or a simulator standing in for one) sends.
//!
//! - login `##,imei:<imei>,A;` → `LOAD`;
//! - heartbeat `<imei>;` → `ON`;
//! - `help me` (SOS) report → `**,imei:<imei>,E;`, which stops the device
//!   repeating the alarm.

use bytes::Bytes;

use crate::fix;
use crate::record::Record;

/// The answer to a login.
pub fn login_reply() -> Bytes {
    Bytes::from_static(b"LOAD")
}

/// The answer to a heartbeat.
pub fn heartbeat_reply() -> Bytes {
    Bytes::from_static(b"ON")
}

/// `**,imei:<imei>,E;`: the acknowledgement of an SOS report.
pub fn sos_ack(imei: &str) -> Bytes {
    Bytes::from(format!("**,imei:{imei},E;"))
}

/// A `tracker` report with a fix, as a device sends it (local time =
/// UTC, speed in knots), `;`-terminated.
pub fn tracker_report(imei: &str, keyword: &str, record: &Record) -> String {
    let (y, mo, d, h, mi, s) = fix::civil(record.fix_time_ms);
    let (lat, ns) = dm(record.latitude, 'N', 'S', 2);
    let (lon, ew) = dm(record.longitude, 'E', 'W', 3);
    format!(
        "imei:{imei},{keyword},{yy:02}{mo:02}{d:02}{h:02}{mi:02}{s:02},,F,{h:02}{mi:02}{s:02}.000,{valid},{lat},{ns},{lon},{ew},{knots:.2},{course:.2};",
        yy = y.rem_euclid(100),
        valid = if record.valid { 'A' } else { 'V' },
        knots = record.speed_kmh / fix::KMH_PER_KNOT,
        course = record.course_deg,
    )
}

/// Degrees as `DDMM.MMMMM` (zero-padded to `width` degree digits) and a hemisphere letter.
fn dm(value: f64, positive: char, negative: char, width: usize) -> (String, char) {
    let total = (value.abs() * 60.0 * 100_000.0).round() as u64;
    let (degrees, minutes) = (total / 6_000_000, total % 6_000_000);
    let text = format!(
        "{degrees:0width$}{:02}.{:05}",
        minutes / 100_000,
        minutes % 100_000
    );
    (text, if value < 0.0 { negative } else { positive })
}
