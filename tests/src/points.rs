//! Realistic records for tests to send.

use trackgate_protocols::{IoElement, IoKey, IoValue, Record};

/// `count` records one second apart from `start_ms`, driving north-east from
/// a point near Riga, with ignition on, external voltage and GSM signal.
pub fn drive(start_ms: i64, count: usize) -> Vec<Record> {
    (0..count)
        .map(|i| {
            let mut record = Record::at(
                start_ms + i as i64 * 1000,
                56.9496 + i as f64 * 0.0001,
                24.1052 + i as f64 * 0.0002,
            );
            record.altitude_m = 12.0;
            record.speed_kmh = 42.0;
            record.course_deg = 45.0;
            record.satellites = Some(9);
            record.io = vec![
                io(239, 1, 1),     // ignition
                io(21, 4, 1),      // GSM signal, 0..5
                io(66, 12_800, 2), // external voltage, mV
            ];
            record
        })
        .collect()
}

fn io(id: u16, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Uint { value, width },
    }
}
