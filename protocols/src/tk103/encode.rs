//! Bytes trackgate sends to TK103 devices, and sentences a device (or a
//! simulator standing in for one) sends.
//!
//! Replies, both echoing the device id exactly as it was sent:
//!
//! - `BP00` handshake: `(<id>AP01HSO)`;
//! - `BP05` login: `(<id>AP05)`.

use bytes::Bytes;

use crate::fix;
use crate::record::Record;

/// `(<id>AP01HSO)`: the answer to a `BP00` handshake.
pub fn handshake_reply(id: &str) -> Bytes {
    Bytes::from(format!("({id}AP01HSO)"))
}

/// `(<id>AP05)`: the answer to a `BP05` login.
pub fn login_reply(id: &str) -> Bytes {
    Bytes::from(format!("({id}AP05)"))
}

/// `(<id>AS01<digit>)`: the acknowledgement of a `BO01` alarm some
/// firmware accepts. Not sent by the codec (see [`super::classic`]).
pub fn alarm_ack(id: &str, digit: char) -> Bytes {
    Bytes::from(format!("({id}AS01{digit})"))
}

/// A `BR00` position sentence for `record`, as a device sends it, with the
/// given eight status characters and mileage in metres.
pub fn br00_sentence(id: &str, record: &Record, status: &str, mileage_m: u32) -> String {
    let (y, mo, d, h, mi, s) = fix::civil(record.fix_time_ms);
    let (lat, ns) = dm(record.latitude, 'N', 'S', 2);
    let (lon, ew) = dm(record.longitude, 'E', 'W', 3);
    format!(
        "({id}BR00{yy:02}{mo:02}{d:02}{valid}{lat}{ns}{lon}{ew}{speed:05.1}{h:02}{mi:02}{s:02}{course:06.2}{status}L{mileage_m:08X})",
        yy = y.rem_euclid(100),
        valid = if record.valid { 'A' } else { 'V' },
        speed = record.speed_kmh.min(999.9),
        course = record.course_deg,
    )
}

/// Degrees as `DDMM.MMMM` (zero-padded to `width` degree digits) and a hemisphere letter.
fn dm(value: f64, positive: char, negative: char, width: usize) -> (String, char) {
    let total = (value.abs() * 60.0 * 10_000.0).round() as u64;
    let (degrees, minutes) = (total / 600_000, total % 600_000);
    let text = format!(
        "{degrees:0width$}{:02}.{:04}",
        minutes / 10_000,
        minutes % 10_000
    );
    (text, if value < 0.0 { negative } else { positive })
}
