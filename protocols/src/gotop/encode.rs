//! Gotop reports as a device writes them, for tests. The protocol has no
//! answers: the server writes nothing back.

use crate::datetime::civil;
use crate::record::Record;

/// A `CMD-T` report of `record` from `imei`: time to the second, degrees
/// to 1/10,000,000, speed to 1/10 km/h, course to 1/100 degree.
pub fn report(imei: &str, record: &Record) -> String {
    let (year, month, day, hour, minute, second) = civil(record.fix_time_ms);
    format!(
        "{imei},CMD-T,{},DATE:{:02}{month:02}{day:02},TIME:{hour:02}{minute:02}{second:02},\
         LAT:{:010.7}{},LOT:{:011.7}{},Speed:{:05.1},1-1-0-0-80-20,{:.2}#",
        if record.valid { 'A' } else { 'V' },
        year.rem_euclid(100),
        record.latitude.abs(),
        if record.latitude < 0.0 { 'S' } else { 'N' },
        record.longitude.abs(),
        if record.longitude < 0.0 { 'W' } else { 'E' },
        record.speed_kmh,
        record.course_deg,
    )
}
