//! The compact point history works on, made from a stored record.
//!
//! A stored record carries all its I/O; history needs a few fields of it,
//! so each record is cut down to a [`TrackPoint`] as it is read and the
//! record is dropped. A month of points then fits in a few megabytes.

use trackgate_protocols::FixSource;
use trackgate_store::StoredPoint;

use super::geo::LatLng;

/// One fix, as much of it as the history calls answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    /// Fix time, ms since the epoch.
    pub time_ms: i64,
    /// Where.
    pub at: LatLng,
    /// Altitude, metres.
    pub alt_m: f32,
    /// Ground speed the device reported, km/h.
    pub speed_kmh: f32,
    /// Course, degrees from north.
    pub heading_deg: f32,
    /// Satellites used (0 when unknown).
    pub satellites: u8,
    /// Located by cell towers rather than satellites.
    pub lbs: bool,
    /// Arrived late: from the device's memory rather than live (see [`is_buffered`]).
    pub buffered: bool,
    /// The device marked the record with an event (a trigger other than its period).
    pub event: bool,
}

impl TrackPoint {
    /// The history point of a stored record, or `None` when the record has
    /// no usable location (no fix, or a fix the device marks invalid).
    pub fn from_stored(point: &StoredPoint, buffered_after_ms: i64) -> Option<Self> {
        let r = &point.record;
        let located = r.valid && r.source != FixSource::None;
        let finite = r.latitude.is_finite() && r.longitude.is_finite();
        if !located || !finite {
            return None;
        }
        Some(Self {
            time_ms: r.fix_time_ms,
            at: LatLng {
                lat: r.latitude,
                lng: r.longitude,
            },
            alt_m: r.altitude_m as f32,
            speed_kmh: r.speed_kmh as f32,
            heading_deg: r.course_deg as f32,
            satellites: r.satellites.unwrap_or(0),
            lbs: r.source == FixSource::Lbs,
            buffered: is_buffered(point, buffered_after_ms),
            event: r.event.is_some_and(|code| code != 0),
        })
    }
}

/// Whether a point came from the device's memory rather than live: it
/// reached the gateway more than `after_ms` after its fix time. A live
/// device sends within seconds (or within its send period); a point older
/// than that waited in the device, typically while it had no connection.
pub fn is_buffered(point: &StoredPoint, after_ms: i64) -> bool {
    point.received_ms.saturating_sub(point.record.fix_time_ms) > after_ms
}

#[cfg(test)]
mod tests {
    use trackgate_protocols::Record;
    use trackgate_store::TrackerId;

    use super::*;

    fn stored(fix_ms: i64, received_ms: i64) -> StoredPoint {
        StoredPoint {
            tracker: TrackerId(1),
            received_ms,
            record: Record::at(fix_ms, 56.9, 24.1),
        }
    }

    #[test]
    fn late_means_received_more_than_the_threshold_after_the_fix() {
        let minute = 60_000;
        assert!(!is_buffered(&stored(0, 2_000), 5 * minute), "live");
        assert!(
            !is_buffered(&stored(0, 5 * minute), 5 * minute),
            "just in time"
        );
        assert!(is_buffered(&stored(0, 5 * minute + 1), 5 * minute));
        assert!(is_buffered(&stored(0, 36 * 60 * minute), 5 * minute));
        // A device clock ahead of the gateway's is not late.
        assert!(!is_buffered(&stored(10 * minute, 0), 5 * minute));
        assert!(!is_buffered(&stored(i64::MIN, i64::MAX), i64::MAX));
    }

    #[test]
    fn records_without_a_usable_fix_are_not_points() {
        let mut p = stored(1_000, 1_000);
        let point = TrackPoint::from_stored(&p, 0).expect("a fix");
        assert_eq!(point.time_ms, 1_000);
        assert!(!point.lbs && !point.buffered && !point.event);
        p.record.event = Some(0);
        assert!(!TrackPoint::from_stored(&p, 0).expect("a fix").event);
        p.record.event = Some(240);
        assert!(TrackPoint::from_stored(&p, 0).expect("a fix").event);
        p.record.source = FixSource::Lbs;
        assert!(TrackPoint::from_stored(&p, 0).expect("a fix").lbs);
        p.record.valid = false;
        assert_eq!(TrackPoint::from_stored(&p, 0), None);
        p.record.valid = true;
        p.record.source = FixSource::None;
        assert_eq!(TrackPoint::from_stored(&p, 0), None);
        p.record.source = FixSource::Gnss;
        p.record.latitude = f64::NAN;
        assert_eq!(TrackPoint::from_stored(&p, 0), None);
    }
}
