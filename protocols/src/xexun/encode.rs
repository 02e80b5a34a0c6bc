//! Xexun expects no reply to any report, so the server never writes to a
//! Xexun device. What is here writes reports, for simulators and tests.

use crate::fix::{KMH_PER_KNOT, civil};
use crate::record::Record;

/// `DDMM.MMMM` (or `DDDMM.MMMM`) and a hemisphere letter.
fn degrees_minutes(value: f64, width: usize, letters: [char; 2]) -> String {
    // Whole ten-thousandths of a minute, so rounding never gives 60'.
    let units = (value.abs() * 600_000.0).round() as u64;
    let (degrees, minutes) = (units / 600_000, units % 600_000);
    let letter = if value < 0.0 { letters[1] } else { letters[0] };
    format!(
        "{degrees:0width$}{:02}.{:04},{letter}",
        minutes / 10_000,
        minutes % 10_000,
    )
}

/// The `GPRMC,…*cs` sentence of a record, with its NMEA checksum.
pub fn rmc_sentence(record: &Record) -> String {
    let (y, mo, d, h, mi, s) = civil(record.fix_time_ms);
    let body = format!(
        "GPRMC,{h:02}{mi:02}{s:02}.{:03},{},{},{},{:.2},{:.2},{d:02}{mo:02}{:02},,,A",
        record.fix_time_ms.rem_euclid(1000),
        if record.valid { 'A' } else { 'V' },
        degrees_minutes(record.latitude, 2, ['N', 'S']),
        degrees_minutes(record.longitude, 3, ['E', 'W']),
        record.speed_kmh / KMH_PER_KNOT,
        record.course_deg,
        y.rem_euclid(100),
    );
    let checksum = crate::checksum::xor8(body.as_bytes());
    format!("{body}*{checksum:02X}")
}

/// A simple-form report: `GPRMC,…*cs,F,,imei:<imei>,`.
pub fn simple_report(imei: &str, record: &Record) -> String {
    format!("{},F,,imei:{imei},", rmc_sentence(record))
}

/// A full-form report line (CR LF included) with a fixed status tail.
pub fn full_report(imei: &str, phone: &str, record: &Record) -> String {
    let (y, mo, d, h, mi, s) = civil(record.fix_time_ms);
    format!(
        "{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02},{phone},{},F,, imei:{imei},{},{:.1},F:4.10V,0,0,,0,0,0,0\r\n",
        y.rem_euclid(100),
        rmc_sentence(record),
        record.satellites.unwrap_or(0),
        record.altitude_m,
    )
}
