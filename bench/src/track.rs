//! A simulated vehicle's track: the records a device would have collected.
//!
//! Each device drives its own route: it starts somewhere in a ~40 km square
//! (chosen by its seed), holds a speed between 20 and 110 km/h, and turns a
//! little between fixes. Fix times strictly increase and never run ahead of
//! the wall clock by more than a packet's worth of milliseconds, since a
//! gateway may well refuse records from the future. Each record carries the
//! IO elements a typical FMB device sends with every fix.

use trackgate_protocols::{IoElement, IoKey, IoValue, Record};

use crate::rng::Rng;

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

/// One vehicle's state between packets.
#[derive(Debug, Clone)]
pub struct Track {
    rng: Rng,
    latitude: f64,
    longitude: f64,
    course_deg: f64,
    speed_kmh: f64,
    odometer_m: f64,
    last_fix_ms: i64,
}

impl Track {
    /// A vehicle whose route is chosen by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        Self {
            latitude: 52.52 + rng.range(-0.2, 0.2),
            longitude: 13.40 + rng.range(-0.3, 0.3),
            course_deg: rng.range(0.0, 360.0),
            speed_kmh: rng.range(20.0, 110.0),
            odometer_m: rng.range(10_000.0, 300_000_000.0).floor(),
            last_fix_ms: 0,
            rng,
        }
    }

    /// The next `count` records, the last fixed at about `now_ms`, each
    /// `step_ms` (at least 1) after the one before.
    pub fn next_records(&mut self, count: usize, now_ms: i64, step_ms: i64) -> Vec<Record> {
        let step_ms = step_ms.max(1);
        let first = now_ms - step_ms * (count as i64 - 1);
        (0..count)
            .map(|i| {
                let t = (first + step_ms * i as i64).max(self.last_fix_ms + 1);
                self.advance(t)
            })
            .collect()
    }

    /// Moves to time `t_ms` and returns the fix there.
    fn advance(&mut self, t_ms: i64) -> Record {
        let dt_s = if self.last_fix_ms == 0 {
            0.0
        } else {
            (t_ms - self.last_fix_ms) as f64 / 1000.0
        };
        self.last_fix_ms = t_ms;
        self.course_deg = (self.course_deg + self.rng.range(-15.0, 15.0)).rem_euclid(360.0);
        self.speed_kmh = (self.speed_kmh + self.rng.range(-5.0, 5.0)).clamp(5.0, 130.0);
        let metres = self.speed_kmh / 3.6 * dt_s.min(600.0);
        let heading = self.course_deg.to_radians();
        self.latitude = (self.latitude + metres * heading.cos() / M_PER_DEG).clamp(-85.0, 85.0);
        let m_per_deg_lon = M_PER_DEG * self.latitude.to_radians().cos();
        self.longitude = wrap_longitude(self.longitude + metres * heading.sin() / m_per_deg_lon);
        self.odometer_m += metres;

        let satellites = 7 + (self.rng.next_u64() % 8) as u8;
        let mut record = Record::at(t_ms, round7(self.latitude), round7(self.longitude));
        record.altitude_m = self.rng.range(30.0, 60.0).round();
        record.speed_kmh = self.speed_kmh.round();
        record.course_deg = self.course_deg.round() % 360.0;
        record.satellites = Some(satellites);
        record.event = Some(0);
        record.io = vec![
            uint(239, 1, 1),                                   // ignition
            uint(240, 1, 1),                                   // movement
            uint(21, 1, 3 + self.rng.next_u64() % 3),          // GSM signal 0..5
            uint(69, 1, 1),                                    // GNSS status: fix
            uint(66, 2, 13_600 + self.rng.next_u64() % 600),   // external voltage, mV
            uint(67, 2, 4_000 + self.rng.next_u64() % 100),    // battery voltage, mV
            uint(16, 4, self.odometer_m as u64 & 0xFFFF_FFFF), // total odometer, m
        ];
        record
    }
}

fn uint(id: u16, width: u8, value: u64) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Uint { value, width },
    }
}

/// Coordinates travel as integers of 1e-7 degrees.
fn round7(degrees: f64) -> f64 {
    (degrees * 1e7).round() / 1e7
}

fn wrap_longitude(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_times_increase_within_and_across_packets() {
        let mut track = Track::new(1);
        let now = 1_700_000_000_000;
        let a = track.next_records(5, now, 1_000);
        assert_eq!(a.len(), 5);
        assert_eq!(a[4].fix_time_ms, now);
        assert_eq!(a[0].fix_time_ms, now - 4_000);
        // A second packet asked for the same moment still moves forward.
        let b = track.next_records(3, now, 1_000);
        let times: Vec<i64> = a.iter().chain(&b).map(|r| r.fix_time_ms).collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
        assert!(b[2].fix_time_ms <= now + 3);
    }

    #[test]
    fn vehicle_moves_plausibly() {
        let mut track = Track::new(9);
        let now = 1_700_000_000_000;
        let records = track.next_records(60, now, 1_000);
        let first = &records[0];
        let last = &records[59];
        let dlat = (last.latitude - first.latitude) * M_PER_DEG;
        let dlon = (last.longitude - first.longitude) * M_PER_DEG * 52.5f64.to_radians().cos();
        let metres = dlat.hypot(dlon);
        // 59 s at 5..130 km/h: somewhere between a standstill and 2.2 km.
        assert!(metres > 1.0 && metres < 2_200.0, "moved {metres} m");
        for r in &records {
            assert!((52.0..53.0).contains(&r.latitude), "{}", r.latitude);
            assert!((12.5..14.5).contains(&r.longitude), "{}", r.longitude);
            assert!((5.0..=130.0).contains(&r.speed_kmh));
            assert!((0.0..360.0).contains(&r.course_deg));
            assert!(r.satellites.unwrap() >= 7);
            assert_eq!(r.io.len(), 7);
        }
    }

    #[test]
    fn records_encode_as_codec_8e() {
        use trackgate_protocols::teltonika::{AvlCodec, encode_avl};
        let mut track = Track::new(3);
        let records = track.next_records(10, 1_700_000_000_000, 500);
        let packet = encode_avl(AvlCodec::Codec8E, &records).unwrap();
        assert_eq!(&packet[..4], &[0, 0, 0, 0]);
        assert_eq!(packet[8], 0x8E);
        assert_eq!(packet[9], 10);
    }
}
