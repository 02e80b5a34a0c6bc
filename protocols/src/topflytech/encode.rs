//! Topflytech devices expect no reply, so the server never writes to one.
//! What is here writes reports, for simulators and tests.

use crate::fix::civil;
use crate::record::Record;

/// `DDMM.MMMM` / `DDDMM.MMMM` and the hemisphere letter.
fn degrees_minutes(value: f64, width: usize, letters: [char; 2]) -> String {
    // Whole ten-thousandths of a minute, so rounding never gives 60'.
    let units = (value.abs() * 600_000.0).round() as u64;
    let (degrees, minutes) = (units / 600_000, units % 600_000);
    let letter = if value < 0.0 { letters[1] } else { letters[0] };
    format!(
        "{degrees:0width$}{:02}.{:04}{letter}",
        minutes / 10_000,
        minutes % 10_000
    )
}

/// A report (without the closing `)`) with an empty status part.
pub fn report(imei: &str, record: &Record) -> String {
    let (y, mo, d, h, mi, s) = civil(record.fix_time_ms);
    format!(
        "({imei}BP00{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}{}{}{}{:05.1}{:.2}",
        y.rem_euclid(100),
        if record.valid { 'A' } else { 'V' },
        degrees_minutes(record.latitude, 2, ['N', 'S']),
        degrees_minutes(record.longitude, 3, ['E', 'W']),
        record.speed_kmh,
        record.course_deg,
    )
}
